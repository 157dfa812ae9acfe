// The TensorFlow ops users add to TF.js graph models. Input, output and attribute names, kinds and defaults
// are those of TensorFlow's op registry (tf.raw_ops: core/ops/nn_ops.cc, math_ops.cc, array_ops.cc), so a
// node made here is a NodeDef TensorFlow and the TF.js converter's executor accept. How TF.js nodes sit in
// the IR (formats/tfjs): a `type` attribute (T, Tidx, …) is a string "DT_FLOAT", a `b` attribute a json
// boolean, a `list.i` attribute ints, and attributes whose names start with "_" are TF's internal ones.
import { dtypeFromTf, tfDtypeName } from '../../formats/tfjs/dtypes';
import type { DType } from '../../ir/dtype';
import type { Attribute } from '../../ir/types';
import { A, ports, type AttributeSpec, type OperatorCategory, type OperatorSpec } from './catalogue-types';

// The TF DataTypes a TF.js graph may carry (DataType names of types.proto the IR has a dtype for).
const DT_NAMES: readonly string[] = [
  'DT_FLOAT',
  'DT_DOUBLE',
  'DT_HALF',
  'DT_BFLOAT16',
  'DT_INT8',
  'DT_INT16',
  'DT_INT32',
  'DT_INT64',
  'DT_UINT8',
  'DT_UINT16',
  'DT_UINT32',
  'DT_UINT64',
  'DT_BOOL',
  'DT_STRING',
  'DT_COMPLEX64',
].filter((name) => dtypeFromTf(name) !== undefined);

/** A `type` attribute (T, Tidx, …): a DataType name; `fallback` is the registry's default when it has one. */
const type = (name: string, fallback?: string): AttributeSpec => A.enum(name, DT_NAMES, fallback);

// Index types (Tidx, Tshape, …) TF allows: int32 and int64.
const index = (name: string): AttributeSpec => A.enum(name, ['DT_INT32', 'DT_INT64'], 'DT_INT32');
const T = type('T');
const PADDING = ['SAME', 'VALID'];
const PADDING_EXPLICIT = [...PADDING, 'EXPLICIT'];
const NHWC_NCHW = ['NHWC', 'NCHW'];
const strides = A.required(A.ints('strides'));
const dilations = A.ints('dilations', [1, 1, 1, 1]);
const explicitPaddings = A.ints('explicit_paddings', []);

interface Flags {
  readonly keepsType?: boolean;
}
const SAME: Flags = { keepsType: true };

function tf(
  op: string,
  category: OperatorCategory,
  summary: string,
  inputs: string,
  outputs: string,
  attributes: readonly AttributeSpec[],
  flags: Flags = {},
): OperatorSpec {
  return {
    format: 'tfjs',
    op,
    domain: '',
    since: 1,
    category,
    summary,
    inputs: ports(inputs),
    outputs: ports(outputs),
    attributes,
    ...flags,
  };
}

const unary = (op: string, category: OperatorCategory, summary: string, x = 'features', y = 'activations') =>
  tf(op, category, summary, `${x}:T`, `${y}:T`, [T], SAME);
const binary = (op: string, summary: string) => tf(op, 'arithmetic', summary, 'x:T y:T', 'z:T', [T]);

/** Every catalogue entry for TF.js graph models (TensorFlow ops, as the op registry declares them). */
export const TFJS_OPERATORS: readonly OperatorSpec[] = [
  unary('Identity', 'other', 'Passes its input through unchanged', 'input', 'output'),
  unary('Relu', 'activation', 'max(x, 0)'),
  unary('Relu6', 'activation', 'min(max(x, 0), 6)'),
  unary('Sigmoid', 'activation', '1 / (1 + e^-x)', 'x', 'y'),
  unary('Tanh', 'activation', 'Hyperbolic tangent', 'x', 'y'),
  unary('Elu', 'activation', 'x, or e^x − 1 below 0'),
  tf(
    'LeakyRelu',
    'activation',
    'x, or alpha·x below 0',
    'features:T',
    'activations:T',
    [A.float('alpha', 0.2), type('T', 'DT_FLOAT')],
    SAME,
  ),
  unary('Softmax', 'activation', 'Normalised exponentials along the last axis', 'logits', 'softmax'),
  binary('AddV2', 'x + y (broadcasting)'),
  binary('Sub', 'x − y (broadcasting)'),
  binary('Mul', 'x × y (broadcasting)'),
  binary('RealDiv', 'x ÷ y (broadcasting)'),
  binary('Maximum', 'Elementwise max(x, y) (broadcasting)'),
  binary('Minimum', 'Elementwise min(x, y) (broadcasting)'),
  tf('BiasAdd', 'arithmetic', 'Adds a 1-D bias along the channel axis', 'value:T bias:T', 'output:T', [
    T,
    A.enum('data_format', NHWC_NCHW, 'NHWC'),
  ]),
  tf('Conv2D', 'convolution', '2-D convolution (filter HWIO)', 'input:T filter:T', 'output:T', [
    T,
    strides,
    A.bool('use_cudnn_on_gpu', 1),
    A.required(A.enum('padding', PADDING_EXPLICIT)),
    explicitPaddings,
    A.enum('data_format', NHWC_NCHW, 'NHWC'),
    dilations,
  ]),
  tf('DepthwiseConv2dNative', 'convolution', 'Depthwise 2-D convolution', 'input:T filter:T', 'output:T', [
    T,
    strides,
    A.required(A.enum('padding', PADDING_EXPLICIT)),
    explicitPaddings,
    A.enum('data_format', NHWC_NCHW, 'NHWC'),
    dilations,
  ]),
  tf('MaxPool', 'pooling', 'Max over sliding windows', 'input:T', 'output:T', [
    type('T', 'DT_FLOAT'),
    A.required(A.ints('ksize')),
    strides,
    A.required(A.enum('padding', PADDING_EXPLICIT)),
    explicitPaddings,
    A.enum('data_format', [...NHWC_NCHW, 'NCHW_VECT_C'], 'NHWC'),
  ]),
  tf('AvgPool', 'pooling', 'Mean over sliding windows', 'value:T', 'output:T', [
    A.required(A.ints('ksize')),
    strides,
    A.required(A.enum('padding', PADDING)),
    A.enum('data_format', NHWC_NCHW, 'NHWC'),
    T,
  ]),
  tf('MatMul', 'linear', 'a · b of two matrices (optionally transposed)', 'a:T b:T', 'product:T', [
    A.bool('transpose_a', 0),
    A.bool('transpose_b', 0),
    T,
    A.bool('grad_a', 0),
    A.bool('grad_b', 0),
  ]),
  tf('Reshape', 'shape', 'Reshapes to the shape input', 'tensor:T shape', 'output:T', [T, index('Tshape')]),
  tf('Squeeze', 'shape', 'Removes axes of size 1 (all, or squeeze_dims)', 'input:T', 'output:T', [
    T,
    A.ints('squeeze_dims', []),
  ]),
  tf('ExpandDims', 'shape', 'Inserts an axis of size 1 at `dim`', 'input:T dim', 'output:T', [T, index('Tdim')]),
  tf('Transpose', 'shape', 'Permutes axes', 'x:T perm', 'y:T', [T, index('Tperm')]),
  tf('ConcatV2', 'shape', 'Joins N tensors along the axis input', 'values*:T axis', 'output:T', [
    A.required(A.int('N')),
    T,
    index('Tidx'),
  ]),
  tf('Mean', 'arithmetic', 'Mean over the axes of reduction_indices', 'input:T reduction_indices', 'output:T', [
    A.bool('keep_dims', 0),
    T,
    index('Tidx'),
  ]),
  tf('Pad', 'shape', 'Pads with zeros', 'input:T paddings', 'output:T', [T, index('Tpaddings')]),
];

/** A TF internal attribute ("_output_shapes", "_class", …): not part of the op's registered attributes. */
export const isTfInternalAttribute = (name: string): boolean => name.startsWith('_');

/** An attribute as a TF.js graph model stores it: a bool as a json boolean (written as AttrValue `b`). */
export function tfjsStoredAttribute(attribute: Attribute, spec: AttributeSpec | undefined): Attribute {
  if (spec?.kind === 'bool' && attribute.type === 'int') return { type: 'json', value: attribute.value !== 0 };
  return attribute;
}

// Which input each type attribute follows (the registry infers them from the inputs they type).
const TYPED_BY: Readonly<Record<string, number>> = { Tshape: 1, Tdim: 1, Tperm: 1, Tpaddings: 1 };

/**
 * The attributes TF infers when a node is built (T, Tidx, …, ConcatV2's N), filled from the inputs'
 * element types so the written NodeDef is complete; attributes already given are kept.
 */
export function tfjsInferredAttributes(
  spec: OperatorSpec,
  inputs: readonly string[],
  dtypeOf: (id: string) => DType | undefined,
  given: Readonly<Record<string, Attribute>>,
): Record<string, Attribute> {
  const out: Record<string, Attribute> = { ...given };
  const values = spec.op === 'ConcatV2' ? inputs.slice(0, -1) : inputs;
  if (spec.op === 'ConcatV2' && out['N'] === undefined) out['N'] = { type: 'int', value: values.length };
  for (const a of spec.attributes) {
    if (out[a.name] !== undefined || a.kind !== 'enum' || !/^T[a-z]*$/.test(a.name)) continue;
    const index = a.name === 'T' ? 0 : a.name === 'Tidx' ? inputs.length - 1 : (TYPED_BY[a.name] ?? 0);
    const dtype = dtypeOf(inputs[index] ?? '');
    const name = dtype && dtype !== 'undefined' ? tfDtypeName(dtype) : undefined;
    const value = name && a.values?.includes(name) ? name : a.default;
    if (typeof value === 'string') out[a.name] = { type: 'string', value };
  }
  return out;
}
