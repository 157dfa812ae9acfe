// TF graph-op shape rules checked against TF.js itself: a graph of the ops graph models use is written as
// a TF.js graph model, executed by TF.js (cpu backend), and the shape of every node's output compared with
// what inference says — shape arithmetic (Shape → StridedSlice → Pack → Reshape) included.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTfjs, writeTfjs } from '../../../formats/tfjs';
import { GraphBuilder } from '../../../ir/builder';
import type { Attribute, ModelFile } from '../../../ir/types';
import { inferShapes } from '../../infer';
import { loadTfjs } from '../../../../test-support/tfjs';

const yes: Attribute = { type: 'json', value: true };
const no: Attribute = { type: 'json', value: false };

/** Loads written files into TF.js through an IOHandler over their bytes. */
async function loadGraph(files: readonly ModelFile[]): Promise<tf.GraphModel> {
  const loaded = await loadTfjs(files);
  if (loaded.kind !== 'graph') throw new Error('expected a graph model');
  return loaded.model;
}

function referenceGraph() {
  const b = new GraphBuilder('reference');
  let seed = 1;
  const values = (n: number) =>
    Float32Array.from({ length: n }, () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5);
  const ints = (name: string, v: number[], shape = [v.length]) => b.constant(name, Int32Array.from(v), shape);
  const conv = { dilations: [1, 1, 1, 1], data_format: 'NHWC' };
  b.input('x', 'float32', [2, 9, 9, 3]);
  const f = b.constant('f', values(3 * 3 * 3 * 4), [3, 3, 3, 4]);
  const b4 = b.constant('b4', values(4), [4]);
  const dwf = b.constant('dwf', values(3 * 3 * 3 * 2), [3, 3, 3, 2]);
  const w = b.constant('w', values(96 * 7), [96, 7]);
  const b7 = b.constant('b7', values(7), [7]);
  const stats = ['bn_scale', 'bn_offset', 'bn_mean', 'bn_var'].map((n) =>
    b.constant(
      n,
      Float32Array.from(values(6), (v) => Math.abs(v) + 0.5),
      [6],
    ),
  );
  const op = (
    type: string,
    inputs: string[],
    attrs: Record<string, Attribute | number | string | number[] | string[]>,
    name: string,
  ) => b.op(type, inputs, attrs, { name, outputs: [name] });

  op('Conv2D', ['x', f], { ...conv, strides: [1, 2, 2, 1], padding: 'SAME' }, 'same_s2');
  op('Conv2D', ['x', f], { ...conv, strides: [1, 1, 1, 1], padding: 'VALID', dilations: [1, 2, 2, 1] }, 'valid_d2');
  op(
    'Conv2D',
    ['x', f],
    { ...conv, strides: [1, 2, 1, 1], padding: 'EXPLICIT', explicit_paddings: [0, 0, 1, 2, 0, 1, 0, 0] },
    'explicit',
  );
  op(
    '_FusedConv2D',
    ['x', f, b4],
    { ...conv, strides: [1, 1, 1, 1], padding: 'SAME', fused_ops: ['BiasAdd', 'Relu'], num_args: 1, epsilon: 0.0001 },
    'fused_conv',
  );
  op('DepthwiseConv2dNative', ['x', dwf], { ...conv, strides: [1, 1, 1, 1], padding: 'SAME' }, 'depthwise');
  op(
    'MaxPool',
    ['depthwise'],
    { ksize: [1, 3, 3, 1], strides: [1, 2, 2, 1], padding: 'VALID', data_format: 'NHWC' },
    'max',
  );
  op(
    'AvgPool',
    ['depthwise'],
    { ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: 'SAME', data_format: 'NHWC' },
    'avg',
  );
  op('FusedBatchNormV3', ['depthwise', ...stats], { epsilon: 0.001, is_training: no, data_format: 'NHWC' }, 'bn');
  op('Mean', ['avg', ints('axes12', [1, 2])], { keep_dims: no }, 'mean');
  op('Max', ['avg', ints('axis_last', [-1])], { keep_dims: yes }, 'reduce_max');
  op('AddV2', ['same_s2', b4], {}, 'add_bias');
  op('Maximum', ['same_s2', 'valid_d2'], {}, 'maximum');
  // Shape arithmetic: the batch size read at run time, then [batch, -1].
  op('Shape', ['max'], { out_type: 'DT_INT32' }, 'shape');
  op(
    'StridedSlice',
    ['shape', ints('b0', [0]), ints('e1', [1]), ints('s1', [1])],
    { shrink_axis_mask: 1, begin_mask: 0, end_mask: 0, ellipsis_mask: 0, new_axis_mask: 0 },
    'batch',
  );
  op('Pack', ['batch', ints('minus1', [-1], [])], { axis: 0 }, 'target');
  op('Reshape', ['max', 'target'], {}, 'flat');
  op('MatMul', ['flat', w], { transpose_a: no, transpose_b: no }, 'mm');
  op('MatMul', [w, 'flat'], { transpose_a: yes, transpose_b: yes }, 'mm_t');
  op(
    '_FusedMatMul',
    ['flat', w, b7],
    { transpose_a: no, transpose_b: no, fused_ops: ['BiasAdd'], num_args: 1, epsilon: 0 },
    'fused_mm',
  );
  op('BiasAdd', ['mm', b7], { data_format: 'NHWC' }, 'biased');
  op('Softmax', ['biased'], {}, 'softmax');
  op('ArgMax', ['softmax', ints('one', [1], [])], { output_type: 'DT_INT32' }, 'argmax');
  op('Cast', ['argmax'], { DstT: 'DT_FLOAT', SrcT: 'DT_INT32', Truncate: no }, 'cast');
  op('ExpandDims', ['biased', ints('ax1', [1], [])], {}, 'expanded');
  op('ConcatV2', ['expanded', 'expanded', ints('cat_axis', [1], [])], { N: 2 }, 'concat');
  op('Squeeze', ['expanded'], { squeeze_dims: [1] }, 'squeezed');
  op('Transpose', ['concat', ints('perm', [2, 0, 1])], {}, 'transposed');
  op('Pad', ['transposed', ints('paddings', [1, 0, 0, 2, 0, 0], [3, 2])], {}, 'padded');
  op('GatherV2', [w, ints('idx', [0, 5, 2], [1, 3]), ints('axis0', [0], [])], { batch_dims: 0 }, 'gathered');
  op('Tile', ['biased', ints('multiples', [2, 3])], {}, 'tiled');
  op('Slice', ['x', ints('begin', [0, 1, 1, 0]), ints('size', [-1, 3, -1, 2])], {}, 'sliced');
  // Ellipsis, then every second channel from 1.
  op(
    'StridedSlice',
    ['avg', ints('eb', [0, 1]), ints('ee', [0, 0]), ints('es', [1, 2])],
    { ellipsis_mask: 1, end_mask: 2, begin_mask: 0, new_axis_mask: 0, shrink_axis_mask: 0 },
    'ellipsis',
  );
  // A new axis, and the rows reversed.
  op(
    'StridedSlice',
    ['avg', ints('nb', [0, 0, -1]), ints('ne', [0, 0, 0]), ints('ns', [1, 1, -1])],
    { new_axis_mask: 2, begin_mask: 1, end_mask: 5, ellipsis_mask: 0, shrink_axis_mask: 0 },
    'reversed',
  );
  op('Relu6', ['sliced'], {}, 'relu6');
  op('Sigmoid', ['relu6'], {}, 'sigmoid');
  op('Sub', ['mm', 'fused_mm'], {}, 'diff');
  op('RealDiv', ['diff', b7], {}, 'ratio');
  op('Identity', ['ratio'], {}, 'identity');
  return b.model({ format: 'tfjs' });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('TF graph-op shapes against TF.js', () => {
  it('every node output has the shape TF.js computes', async () => {
    const files = writeTfjs(referenceGraph());
    const model = readTfjs(files);
    const inference = inferShapes(model);
    expect(inference.problems).toEqual([]);
    const graphModel = await loadGraph(files);
    const ops = model.graph.nodes.filter((n) => n.op !== 'Const' && n.op !== 'Placeholder');
    const x = tf.randomNormal([2, 9, 9, 3], 0, 1, 'float32', 3);
    const outputs = graphModel.execute(
      { x },
      ops.map((n) => n.id),
    ) as tf.Tensor[];
    const computed = ops.map((n, i) => [n.id, outputs[i]!.shape]);
    const inferred = ops.map((n) => [n.id, inference.types.get(n.outputs[0]!)?.shape]);
    expect(inferred).toEqual(computed);
    // The reshape target was folded from the graph's own shape arithmetic.
    expect(inference.folded.get('target')?.values).toEqual([2, -1]);
  });

  it('keeps a symbolic batch through shape arithmetic', () => {
    const model = referenceGraph();
    const tensors = model.graph.tensors.map((t) => (t.id === 'x' ? { ...t, shape: ['batch', 9, 9, 3] } : t));
    const inference = inferShapes({ ...model, graph: { ...model.graph, tensors } });
    expect(inference.problems).toEqual([]);
    expect(inference.types.get('flat')?.shape).toEqual(['batch', 96]);
    expect(inference.types.get('mm_t')?.shape).toEqual([7, 'batch']);
    expect(inference.types.get('tiled')?.shape).toEqual([null, 21]);
  });
});
