// What an opset upgrade of the default ONNX domain must know: for each operator, the versions at which its
// behaviour (not just its accepted types) changed, from the ONNX operator changelog (docs/Changelog.md).
// Upgrades start at opset 7 (older models still used the `broadcast` / `consumed_inputs` attributes);
// an operator missing from this table is refused rather than guessed about.

/** How a node is brought across one behavioural change; returns a refusal reason when it cannot be. */
export type ChangeRule =
  | { readonly kind: 'refuse'; readonly reason: string }
  | { readonly kind: 'attrs-to-inputs'; readonly attrs: readonly AttrInput[] }
  | { readonly kind: 'drop-attrs'; readonly attrs: readonly string[] }
  | { readonly kind: 'rename'; readonly op: string }
  | { readonly kind: 'last-axis' }
  | { readonly kind: 'dropout' }
  | { readonly kind: 'batchnorm-spatial' };

/** An attribute that became an input: where it goes and the constant type it becomes. */
export interface AttrInput {
  readonly attr: string;
  readonly input: number;
  /** 'data' takes the dtype of the node's first input (Pad's constant value); 'float32' for Clip bounds. */
  readonly dtype: 'int64' | 'float32' | 'data';
  /** A scalar rather than a 1-D tensor (Clip's min/max, Pad's value). */
  readonly scalar?: boolean;
}

export interface OpChange {
  readonly at: number;
  readonly rule: ChangeRule;
}

/** The lowest opset the upgrader starts from. */
export const MIN_UPGRADE_OPSET = 7;

const axesToInput: ChangeRule = { kind: 'attrs-to-inputs', attrs: [{ attr: 'axes', input: 1, dtype: 'int64' }] };
const reduceAt18: readonly OpChange[] = [{ at: 18, rule: axesToInput }];

// Operators whose changes between opset 7 and 21 only added types, optional inputs/attributes with
// backward-compatible defaults, or clarified wording.
const UNCHANGED = `Abs Acos Acosh Add And ArgMax ArgMin Asin Asinh Atan Atanh AveragePool BitShift BitwiseAnd BitwiseNot
BitwiseOr BitwiseXor Cast CastLike Ceil Celu Compress Concat ConcatFromSequence Constant ConstantOfShape Conv ConvInteger
ConvTranspose Cos Cosh CumSum DepthToSpace DequantizeLinear Det Div DynamicQuantizeLinear Einsum Elu Equal Erf Exp Expand
EyeLike Flatten Floor GRU Gather GatherElements GatherND Gelu Gemm GlobalAveragePool GlobalLpPool GlobalMaxPool Greater
GreaterOrEqual HardSigmoid HardSwish Identity If InstanceNormalization IsInf IsNaN LRN LSTM LayerNormalization LeakyRelu
Less LessOrEqual Log Loop LpNormalization LpPool MatMul MatMulInteger Max MaxPool MaxRoiPool MaxUnpool Mean
MeanVarianceNormalization Min Mish Mod Mul Multinomial Neg NonMaxSuppression NonZero Not OneHot Optional OptionalGetElement
OptionalHasElement Or PRelu Pow QLinearConv QLinearMatMul QuantizeLinear RNN RandomNormal RandomNormalLike RandomUniform
RandomUniformLike Range Reciprocal Relu Reshape ReverseSequence RoiAlign Round ScatterElements ScatterND Selu
SequenceAt SequenceConstruct SequenceEmpty SequenceErase SequenceInsert SequenceLength Shape Shrink Sigmoid Sign Sin Sinh
Size Softplus Softsign SpaceToDepth Sqrt Sub Sum Tan Tanh ThresholdedRelu Tile Transpose Trilu Unique Where Xor`;

const TABLE = new Map<string, readonly OpChange[]>(UNCHANGED.split(/\s+/).map((op) => [op, []]));

const CHANGED: ReadonlyArray<[string, readonly OpChange[]]> = [
  ['BatchNormalization', [{ at: 9, rule: { kind: 'batchnorm-spatial' } }]],
  ['Dropout', [{ at: 12, rule: { kind: 'dropout' } }]],
  [
    'Clip',
    [
      {
        at: 11,
        rule: {
          kind: 'attrs-to-inputs',
          attrs: [
            { attr: 'min', input: 1, dtype: 'data', scalar: true },
            { attr: 'max', input: 2, dtype: 'data', scalar: true },
          ],
        },
      },
    ],
  ],
  [
    'Pad',
    [
      {
        at: 11,
        rule: {
          kind: 'attrs-to-inputs',
          attrs: [
            { attr: 'pads', input: 1, dtype: 'int64' },
            { attr: 'value', input: 2, dtype: 'data', scalar: true },
          ],
        },
      },
    ],
  ],
  [
    'Slice',
    [
      {
        at: 10,
        rule: {
          kind: 'attrs-to-inputs',
          attrs: [
            { attr: 'starts', input: 1, dtype: 'int64' },
            { attr: 'ends', input: 2, dtype: 'int64' },
            { attr: 'axes', input: 3, dtype: 'int64' },
          ],
        },
      },
    ],
  ],
  ['TopK', [{ at: 10, rule: { kind: 'attrs-to-inputs', attrs: [{ attr: 'k', input: 1, dtype: 'int64' }] } }]],
  ['Squeeze', [{ at: 13, rule: axesToInput }]],
  ['Unsqueeze', [{ at: 13, rule: axesToInput }]],
  ['Split', [{ at: 13, rule: { kind: 'attrs-to-inputs', attrs: [{ attr: 'split', input: 1, dtype: 'int64' }] } }]],
  ['ReduceSum', [{ at: 13, rule: axesToInput }]],
  ['ReduceMean', reduceAt18],
  ['ReduceMax', reduceAt18],
  ['ReduceMin', reduceAt18],
  ['ReduceProd', reduceAt18],
  ['ReduceL1', reduceAt18],
  ['ReduceL2', reduceAt18],
  ['ReduceLogSum', reduceAt18],
  ['ReduceLogSumExp', reduceAt18],
  ['ReduceSumSquare', reduceAt18],
  ['Softmax', [{ at: 13, rule: { kind: 'last-axis' } }]],
  ['LogSoftmax', [{ at: 13, rule: { kind: 'last-axis' } }]],
  ['Hardmax', [{ at: 13, rule: { kind: 'last-axis' } }]],
  ['Scan', [{ at: 9, rule: { kind: 'refuse', reason: 'Scan-9 dropped the batch axis of Scan-8' } }]],
  ['Scatter', [{ at: 11, rule: { kind: 'rename', op: 'ScatterElements' } }]],
  [
    'Resize',
    [
      {
        at: 11,
        rule: {
          kind: 'refuse',
          reason: 'Resize-11 changed how coordinates are transformed (Resize-10 has no equivalent setting here)',
        },
      },
    ],
  ],
  ['Upsample', [{ at: 10, rule: { kind: 'refuse', reason: 'Upsample was removed from ONNX at opset 10' } }]],
  [
    'GroupNormalization',
    [
      {
        at: 21,
        rule: { kind: 'refuse', reason: 'GroupNormalization-21 takes per-channel scale and bias instead of per-group' },
      },
    ],
  ],
  ['GridSample', [{ at: 20, rule: { kind: 'refuse', reason: 'GridSample-20 renamed its interpolation modes' } }]],
  ['DFT', [{ at: 20, rule: { kind: 'refuse', reason: 'DFT-20 moved its axis attribute to an input' } }]],
];
for (const [op, changes] of CHANGED) TABLE.set(op, changes);

/** The behavioural changes of `op` (default domain) in (from, to], or undefined when the op is unknown. */
export function changesBetween(op: string, from: number, to: number): readonly OpChange[] | undefined {
  const changes = TABLE.get(op);
  return changes?.filter((c) => c.at > from && c.at <= to);
}
