// TF.js shape rules as tables on one-node models (format 'tfjs'): cases the TF.js reference graph does not
// reach (NCHW, unknown inputs, symbols, Keras layers), problems instead of throws, and a fuzz.
import { describe, expect, it } from 'vitest';
import { oneNodeModel, t, c, type InputSpec } from '../../../../test-support/shape/one-node';
import type { AttributeInput } from '../../../ir/builder';
import type { Attribute, Shape } from '../../../ir/types';
import { KERAS_DOMAIN } from '../../../formats/tfjs';
import { inferShapes } from '../../infer';

const yes: Attribute = { type: 'json', value: true };
const no: Attribute = { type: 'json', value: false };
const json = (value: Attribute['value']): Attribute => ({ type: 'json', value }) as Attribute;

function run(op: string, inputs: InputSpec[], attrs: Record<string, AttributeInput> = {}, outputs = 1, domain = '') {
  const model = {
    ...oneNodeModel(op, inputs, attrs, { outputs, ...(domain ? { domain } : {}) }),
    format: 'tfjs' as const,
  };
  const result = inferShapes(model);
  const outs = model.graph.nodes[0]!.outputs;
  return {
    shapes: outs.map((id) => result.types.get(id)?.shape),
    dtypes: outs.map((id) => result.types.get(id)?.dtype),
    result,
  };
}

const i32 = (v: number[], shape = [v.length]) => c('int32', shape, v);

describe('TF graph ops', () => {
  const rows: [string, string, InputSpec[], Record<string, AttributeInput>, Shape | undefined][] = [
    [
      'NCHW conv',
      'Conv2D',
      [t('float32', [1, 3, 10, 10]), t('float32', [3, 3, 3, 8])],
      { strides: [1, 1, 2, 2], padding: 'SAME', data_format: 'NCHW' },
      [1, 8, 5, 5],
    ],
    [
      'conv with unknown filter',
      'Conv2D',
      [t('float32', ['batch', 10, 10, 3]), t('float32')],
      { strides: [1, 1, 1, 1], padding: 'SAME' },
      ['batch', 10, 10, null],
    ],
    [
      'conv of unknown spatial dims',
      'Conv2D',
      [t('float32', ['batch', null, null, 3]), t('float32', [3, 3, 3, 8])],
      { padding: 'VALID' },
      ['batch', null, null, 8],
    ],
    [
      'grouped conv',
      'Conv2D',
      [t('float32', [1, 4, 4, 6]), t('float32', [1, 1, 2, 9])],
      { padding: 'VALID' },
      [1, 4, 4, 9],
    ],
    [
      'MaxPoolV2 (window as inputs)',
      'MaxPoolV2',
      [t('float32', [1, 8, 8, 2]), i32([1, 2, 2, 1]), i32([1, 2, 2, 1])],
      { padding: 'VALID' },
      [1, 4, 4, 2],
    ],
    [
      'BatchMatMulV2 broadcasting, adj_y',
      'BatchMatMulV2',
      [t('float32', [2, 1, 3, 4]), t('float32', [5, 6, 4])],
      { adj_x: no, adj_y: yes },
      [2, 5, 3, 6],
    ],
    ['Reshape with a symbol', 'Reshape', [t('float32', ['batch', 4, 5]), i32([-1, 20])], {}, ['batch', 20]],
    [
      'Reshape to an unknown target of known length',
      'Reshape',
      [t('float32', [2, 3]), t('int32', [3])],
      {},
      [null, null, null],
    ],
    ['Squeeze without dims, static', 'Squeeze', [t('float32', [1, 3, 1, 2])], {}, [3, 2]],
    ['Squeeze without dims, a symbol', 'Squeeze', [t('float32', ['batch', 1, 2])], {}, undefined],
    [
      'GatherV2 with batch_dims',
      'GatherV2',
      [t('float32', [4, 10, 3]), t('int32', [4, 5]), c('int32', [], [1])],
      { batch_dims: 1 },
      [4, 5, 3],
    ],
    ['Sum keep_dims of unknown axes', 'Sum', [t('float32', [2, 3]), t('int32', [1])], { keep_dims: yes }, [null, null]],
    ['Mean of negative axes', 'Mean', [t('float32', [2, 3, 4]), i32([-1, 0])], { keep_dims: no }, [3]],
    [
      'OneHot',
      'OneHot',
      [t('int32', ['batch', 5]), c('int32', [], [10]), c('float32', [], [1]), c('float32', [], [0])],
      { axis: -1 },
      ['batch', 5, 10],
    ],
    ['ResizeBilinear', 'ResizeBilinear', [t('float32', [1, 4, 4, 3]), i32([8, 6])], {}, [1, 8, 6, 3]],
    ['Range', 'Range', [c('int32', [], [2]), c('int32', [], [11]), c('int32', [], [3])], {}, [3]],
    ['Fill', 'Fill', [i32([2, 3]), c('float32', [], [0])], {}, [2, 3]],
    ['Select broadcast', 'SelectV2', [t('bool', [3, 1]), t('float32', [1, 4]), t('float32', [])], {}, [3, 4]],
    [
      'Placeholder of unknown rank',
      'Placeholder',
      [],
      { dtype: 'DT_FLOAT', shape: json({ unknownRank: true }) },
      undefined,
    ],
    ['Placeholder', 'Placeholder', [], { dtype: 'DT_INT32', shape: [-1, 7] }, [null, 7]],
  ];
  it.each(rows)('%s', (_name, op, inputs, attrs, shape) => {
    const r = run(op, inputs, attrs);
    expect(r.result.problems).toEqual([]);
    expect(r.shapes[0]).toEqual(shape);
  });

  it('folds Shape of a symbolic tensor and slices it', () => {
    const shape = run('Shape', [t('float32', ['batch', 3])], { out_type: 'DT_INT32' });
    expect(shape.dtypes[0]).toBe('int32');
    expect(shape.shapes[0]).toEqual([2]);
  });

  it('gives FusedBatchNormV3 its per-channel statistics', () => {
    const r = run(
      'FusedBatchNormV3',
      [t('float32', [1, 4, 4, 5]), t('float32', [5]), t('float32', [5]), t('float32', [5]), t('float32', [5])],
      {},
      6,
    );
    expect(r.shapes.slice(0, 3)).toEqual([[1, 4, 4, 5], [5], [5]]);
  });

  it.each<[string, InputSpec[], Record<string, AttributeInput>, RegExp]>([
    ['MatMul', [t('float32', [2, 3]), t('float32', [4, 5])], {}, /inner dimensions 3 and 4 differ/],
    [
      'Conv2D',
      [t('float32', [1, 4, 4, 3]), t('float32', [3, 3, 2, 8])],
      { padding: 'SAME' },
      /3 channels but the filter expects 2/,
    ],
    ['Conv2D', [t('float32', [1, 4, 4, 3]), t('float32', [3, 3, 3, 8])], { padding: 'FULL' }, /padding "FULL"/],
    ['Reshape', [t('float32', [2, 3]), i32([4, 2])], {}, /cannot reshape/],
    ['ExpandDims', [t('float32', [2, 3]), c('int32', [], [5])], {}, /out of range/],
  ])('reports an inconsistent %s as a problem, with unknown outputs', (op, inputs, attrs, message) => {
    const r = run(op, inputs, attrs);
    expect(r.result.problems).toHaveLength(1);
    expect(r.result.problems[0]!.message).toMatch(message);
    expect(r.shapes[0]).toBeUndefined();
  });

  it('reports an op without a rule and leaves its output unknown', () => {
    const r = run('SomeCustomOp', [t('float32', [2])]);
    expect(r.result.problems.map((p) => p.code)).toEqual(['unknown-op']);
    expect(r.shapes[0]).toBeUndefined();
  });
});

describe('Keras layers', () => {
  const k = (op: string, inputs: InputSpec[], attrs: Record<string, AttributeInput>, outputs = 1) =>
    run(op, inputs, attrs, outputs, KERAS_DOMAIN);
  const rows: [string, string, InputSpec[], Record<string, AttributeInput>, Shape | undefined][] = [
    [
      'InputLayer',
      'InputLayer',
      [],
      { batch_input_shape: json([null, 28, 28, 1]), dtype: 'float32' },
      ['batch', 28, 28, 1],
    ],
    ['Dense on a sequence', 'Dense', [t('float32', ['batch', 7, 3])], { units: 5 }, ['batch', 7, 5]],
    [
      'Conv2D channels_first, strides',
      'Conv2D',
      [t('float32', [1, 3, 9, 9])],
      { filters: 4, kernel_size: [3, 3], strides: [2, 2], padding: 'valid', data_format: 'channels_first' },
      [1, 4, 4, 4],
    ],
    [
      'Conv1D causal',
      'Conv1D',
      [t('float32', ['batch', 10, 2])],
      { filters: 3, kernel_size: [3], strides: [2], padding: 'causal', dilation_rate: [1] },
      ['batch', 5, 3],
    ],
    [
      'Conv2DTranspose same',
      'Conv2DTranspose',
      [t('float32', [1, 4, 4, 3])],
      { filters: 2, kernel_size: [3, 3], strides: [2, 2], padding: 'same', output_padding: json(null) },
      [1, 8, 8, 2],
    ],
    [
      'Conv2DTranspose valid',
      'Conv2DTranspose',
      [t('float32', [1, 4, 4, 3])],
      { filters: 2, kernel_size: [3, 3], strides: [2, 2], padding: 'valid' },
      [1, 9, 9, 2],
    ],
    [
      'GlobalMaxPooling2D keepdims',
      'GlobalMaxPooling2D',
      [t('float32', [1, 5, 5, 3])],
      { keepdims: json(true) },
      [1, 1, 1, 3],
    ],
    ['ZeroPadding2D int', 'ZeroPadding2D', [t('float32', [1, 5, 5, 3])], { padding: 2 }, [1, 9, 9, 3]],
    ['UpSampling2D', 'UpSampling2D', [t('float32', [1, 5, 4, 3])], { size: [2, 3] }, [1, 10, 12, 3]],
    [
      'Cropping2D',
      'Cropping2D',
      [t('float32', [1, 6, 6, 3])],
      {
        cropping: json([
          [1, 1],
          [2, 0],
        ]),
      },
      [1, 4, 4, 3],
    ],
    ['Reshape with -1', 'Reshape', [t('float32', ['batch', 6, 4])], { target_shape: [3, -1] }, ['batch', 3, 8]],
    ['Embedding', 'Embedding', [t('int32', ['batch', 12])], { input_dim: 100, output_dim: 8 }, ['batch', 12, 8]],
    [
      'Bidirectional LSTM',
      'Bidirectional',
      [t('float32', ['batch', 7, 4])],
      { layer: json({ class_name: 'LSTM', config: { units: 6, return_sequences: true } }), merge_mode: 'concat' },
      ['batch', 7, 12],
    ],
    ['Permute', 'Permute', [t('float32', ['batch', 2, 3, 4])], { dims: [3, 1, 2] }, ['batch', 4, 2, 3]],
  ];
  it.each(rows)('%s', (_name, op, inputs, attrs, shape) => {
    const r = k(op, inputs, attrs);
    expect(r.result.problems).toEqual([]);
    expect(r.shapes[0]).toEqual(shape);
  });

  it('gives an LSTM with return_state its two states', () => {
    const r = k('LSTM', [t('float32', ['batch', 7, 4])], { units: 6, return_state: json(true) }, 3);
    expect(r.shapes).toEqual([
      ['batch', 6],
      ['batch', 6],
      ['batch', 6],
    ]);
  });

  it('keeps Keras and TF ops of one name apart', () => {
    // TF's Reshape takes its target as an input; Keras's as target_shape without the batch.
    expect(run('Reshape', [t('float32', [2, 6]), i32([3, 4])]).shapes[0]).toEqual([3, 4]);
    expect(k('Reshape', [t('float32', [2, 6])], { target_shape: [3, 2] }).shapes[0]).toEqual([2, 3, 2]);
  });
});

describe('robustness', () => {
  it('never fails inside a rule on random nodes of TF and Keras ops with random inputs and attributes', () => {
    const ops = [
      'Conv2D',
      '_FusedConv2D',
      'DepthwiseConv2dNative',
      'MaxPool',
      'AvgPool',
      'MatMul',
      'BatchMatMulV2',
      'Reshape',
      'Squeeze',
      'ExpandDims',
      'ConcatV2',
      'Pack',
      'Unpack',
      'GatherV2',
      'StridedSlice',
      'Slice',
      'Pad',
      'Transpose',
      'Tile',
      'Mean',
      'ArgMax',
      'OneHot',
      'Shape',
      'Cast',
      'AddV2',
      'FusedBatchNormV3',
      'Range',
      'Fill',
      'TopKV2',
      'ResizeBilinear',
    ];
    const layers = [
      'Dense',
      'Conv2D',
      'Conv1D',
      'DepthwiseConv2D',
      'SeparableConv2D',
      'MaxPooling2D',
      'Flatten',
      'Reshape',
      'Concatenate',
      'LSTM',
      'ZeroPadding2D',
      'Permute',
      'Embedding',
      'Conv2DTranspose',
      'Bidirectional',
      'InputLayer',
    ];
    let seed = 5;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    const dim = () => [1, 2, 3, 7, 'batch', null, 0, -1][rnd(8)]!;
    const spec = (): InputSpec => {
      const r = rnd(4);
      if (r === 0) return t('float32');
      if (r === 1) return i32(Array.from({ length: rnd(5) }, () => rnd(9) - 3));
      return t('float32', Array.from({ length: rnd(6) }, dim) as Shape);
    };
    const values: AttributeInput[] = [
      1,
      -2,
      'SAME',
      'VALID',
      'EXPLICIT',
      [1, 2, 2, 1],
      [3],
      'same',
      yes,
      no,
      json(null),
      json([null, 3]),
      'DT_FLOAT',
      'channels_first',
    ];
    const keys = [
      'strides',
      'padding',
      'ksize',
      'dilations',
      'units',
      'filters',
      'kernel_size',
      'pool_size',
      'axis',
      'target_shape',
      'dims',
      'keep_dims',
      'shrink_axis_mask',
      'ellipsis_mask',
      'new_axis_mask',
      'data_format',
      'DstT',
      'return_sequences',
      'layer',
      'batch_input_shape',
      'explicit_paddings',
      'transpose_a',
      'num',
    ];
    for (let round = 0; round < 3000; round++) {
      const keras = rnd(2) === 0;
      const op = keras ? layers[rnd(layers.length)]! : ops[rnd(ops.length)]!;
      const inputs = Array.from({ length: rnd(5) }, spec);
      const attrs: Record<string, AttributeInput> = {};
      for (let a = rnd(5); a > 0; a--) attrs[keys[rnd(keys.length)]!] = values[rnd(values.length)]!;
      const { result } = run(op, inputs, attrs, 1 + rnd(3), keras ? KERAS_DOMAIN : '');
      // A rule may find the node inconsistent, but never fail on its own (a TypeError, say).
      const internal = result.problems.filter((p) => p.message.includes('internal error'));
      expect([op, inputs, attrs, internal]).toEqual([op, inputs, attrs, []]);
    }
  });
});
