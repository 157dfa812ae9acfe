// Small ONNX graphs for the channel-pruning tests, one per rewrite case, with seeded random weights; and
// the reference every case is checked against: the original model with the removed channels zeroed.
import { GraphBuilder } from '../../../ir/builder';
import { dtypeBits } from '../../../ir/dtype';
import { bytesOf } from '../../../ir/tensor';
import type { Model, Tensor } from '../../../ir/types';
import { seededRandom } from '../../../util/random';

let seed = 100;

function weights(n: number, scale = 0.5): Float32Array {
  const r = seededRandom(seed++);
  return Float32Array.from({ length: n }, () => (r() * 2 - 1) * scale);
}

function positive(n: number): Float32Array {
  const r = seededRandom(seed++);
  return Float32Array.from({ length: n }, () => 0.5 + r());
}

function conv(b: GraphBuilder, name: string, x: string, cin: number, cout: number, k: number, bias = true): string {
  const w = b.constant(`${name}.weight`, weights(cout * cin * k * k), [cout, cin, k, k]);
  const inputs = bias ? [x, w, b.constant(`${name}.bias`, weights(cout, 0.2), [cout])] : [x, w];
  const pad = (k - 1) / 2;
  return b.op('Conv', inputs, { kernel_shape: [k, k], pads: [pad, pad, pad, pad] }, { name, outputs: [`${name}_out`] });
}

function batchNorm(b: GraphBuilder, name: string, x: string, c: number): string {
  const inputs = [
    x,
    b.constant(`${name}.scale`, positive(c), [c]),
    b.constant(`${name}.B`, weights(c, 0.3), [c]),
    b.constant(`${name}.mean`, weights(c, 0.3), [c]),
    b.constant(`${name}.var`, positive(c), [c]),
  ];
  return b.op('BatchNormalization', inputs, {}, { name, outputs: [`${name}_out`] });
}

function relu(b: GraphBuilder, name: string, x: string): string {
  return b.op('Relu', [x], {}, { name, outputs: [`${name}_out`] });
}

function dense(b: GraphBuilder, name: string, x: string, k: number, n: number): string {
  const w = b.constant(`${name}.weight`, weights(n * k, 0.3), [n, k]);
  const bias = b.constant(`${name}.bias`, weights(n, 0.1), [n]);
  return b.op('Gemm', [x, w, bias], { transB: 1 }, { name, outputs: [`${name}_out`] });
}

function head(b: GraphBuilder, x: string, c: number, classes: number): Model {
  const gap = b.op('GlobalAveragePool', [x], {}, { name: 'gap', outputs: ['gap_out'] });
  const flat = b.op('Flatten', [gap], { axis: 1 }, { name: 'flatten', outputs: ['flat_out'] });
  const y = dense(b, 'fc', flat, c, classes);
  b.declare(y, 'float32', [1, classes]);
  return b.output(y).model({ opset: 13 });
}

/** conv1 → BatchNorm → Relu → MaxPool → conv2 → Relu → Flatten (4×4 per channel) → Gemm. */
export function bnCnn(): Model {
  seed = 100;
  const b = new GraphBuilder('bn-cnn');
  const x = b.input('input', 'float32', [1, 3, 8, 8]);
  const c1 = relu(b, 'relu1', batchNorm(b, 'bn1', conv(b, 'conv1', x, 3, 8, 3), 8));
  const pool = b.op(
    'MaxPool',
    [c1],
    { kernel_shape: [2, 2], strides: [2, 2] },
    { name: 'pool', outputs: ['pool_out'] },
  );
  const c2 = relu(b, 'relu2', conv(b, 'conv2', pool, 8, 6, 3));
  const flat = b.op('Flatten', [c2], { axis: 1 }, { name: 'flatten', outputs: ['flat_out'] });
  const y = dense(b, 'fc', flat, 6 * 16, 4);
  b.declare(y, 'float32', [1, 4]);
  return b.output(y).model({ opset: 13 });
}

/** conv1 → Relu → depthwise 3×3 (multiplier m, bias) → BatchNorm → Relu → conv2 1×1 → GAP → Gemm. */
export function depthwiseCnn(multiplier: number): Model {
  seed = 200;
  const b = new GraphBuilder('dw-cnn');
  const x = b.input('input', 'float32', [1, 2, 8, 8]);
  const c1 = relu(b, 'relu1', conv(b, 'conv1', x, 2, 8, 1));
  const c = 8 * multiplier;
  const w = b.constant('dw.weight', weights(c * 9), [c, 1, 3, 3]);
  const bias = b.constant('dw.bias', weights(c, 0.2), [c]);
  const dw = b.op(
    'Conv',
    [c1, w, bias],
    { kernel_shape: [3, 3], pads: [1, 1, 1, 1], group: 8 },
    { name: 'dw', outputs: ['dw_out'] },
  );
  const d = relu(b, 'relu2', batchNorm(b, 'bn2', dw, c));
  return head(b, conv(b, 'conv2', d, c, 5, 1), 5, 3);
}

/** conv0 → Relu ─┬─ conv1 → Relu → conv2 ─ Add → Relu → conv3 → GAP → MatMul + bias (a residual block). */
export function residualCnn(): Model {
  seed = 300;
  const b = new GraphBuilder('res-cnn');
  const x = b.input('input', 'float32', [1, 3, 8, 8]);
  const r0 = relu(b, 'relu0', conv(b, 'conv0', x, 3, 8, 3));
  const c2 = conv(b, 'conv2', relu(b, 'relu1', conv(b, 'conv1', r0, 8, 6, 3)), 6, 8, 3);
  const sum = relu(b, 'relu2', b.op('Add', [r0, c2], {}, { name: 'add', outputs: ['add_out'] }));
  const c3 = conv(b, 'conv3', sum, 8, 4, 1);
  const gap = b.op('GlobalAveragePool', [c3], {}, { name: 'gap', outputs: ['gap_out'] });
  const flat = b.op('Flatten', [gap], { axis: 1 }, { name: 'flatten', outputs: ['flat_out'] });
  const mm = b.op(
    'MatMul',
    [flat, b.constant('fc.weight', weights(12, 0.3), [4, 3])],
    {},
    { name: 'fc', outputs: ['fc_out'] },
  );
  const y = b.op('Add', [mm, b.constant('fc.bias', weights(3, 0.1), [3])], {}, { name: 'fc_bias', outputs: ['y'] });
  b.declare(y, 'float32', [1, 3]);
  return b.output(y).model({ opset: 13 });
}

/** convA (4) and convB (6) side by side → Concat on channels → conv (5) → GAP → Gemm. */
export function concatCnn(): Model {
  seed = 400;
  const b = new GraphBuilder('concat-cnn');
  const x = b.input('input', 'float32', [1, 3, 6, 6]);
  const a = relu(b, 'reluA', conv(b, 'convA', x, 3, 4, 3));
  const c = relu(b, 'reluB', conv(b, 'convB', x, 3, 6, 1));
  const cat = b.op('Concat', [a, c], { axis: 1 }, { name: 'cat', outputs: ['cat_out'] });
  return head(b, relu(b, 'relu3', conv(b, 'conv3', cat, 10, 5, 3)), 5, 3);
}

/**
 * CNTK's MNIST layout (ONNX zoo mnist-8) in miniature: Conv without bias → Add [C,1,1] → Relu → MaxPool →
 * Reshape [1, C·H·W] → MatMul with a Reshape'd weight → Add, opset 8, initializers listed as inputs.
 */
export function cntkCnn(): Model {
  seed = 500;
  const b = new GraphBuilder('cntk-cnn');
  const x = b.input('x', 'float32', [1, 1, 8, 8]);
  const c = conv(b, 'conv', x, 1, 6, 3, false);
  const added = b.op(
    'Add',
    [c, b.constant('conv.add', weights(6, 0.2), [6, 1, 1])],
    {},
    { name: 'plus', outputs: ['plus_out'] },
  );
  const pool = b.op(
    'MaxPool',
    [relu(b, 'relu', added)],
    { kernel_shape: [2, 2], strides: [2, 2] },
    { name: 'pool', outputs: ['pool_out'] },
  );
  const flat = b.op(
    'Reshape',
    [pool, b.constant('flat_shape', BigInt64Array.from([1n, 96n]), [2])],
    {},
    { name: 'reshape', outputs: ['flat'] },
  );
  const raw = b.constant('W2raw', weights(96 * 5, 0.3), [6, 4, 4, 5]);
  const w2 = b.op(
    'Reshape',
    [raw, b.constant('W2shape', BigInt64Array.from([96n, 5n]), [2])],
    {},
    { name: 'w2reshape', outputs: ['W2'] },
  );
  const mm = b.op('MatMul', [flat, w2], {}, { name: 'times', outputs: ['mm_out'] });
  const y = b.op('Add', [mm, b.constant('B2', weights(5, 0.2), [1, 5])], {}, { name: 'plus2', outputs: ['y'] });
  b.declare(y, 'float32', [1, 5]);
  const model = b.output(y).model({ opset: 8 });
  const constants = model.graph.tensors.filter((t) => t.data).map((t) => t.id);
  return { ...model, irVersion: 3, graph: { ...model.graph, inputs: [...model.graph.inputs, ...constants] } };
}

/**
 * Caffe2's way of writing per-channel affine ops: conv1 → Mul by Unsqueeze(ConstantOfShape [C]) → Add of
 * Unsqueeze(bias [C]) → Relu → conv2 → ReduceMean over H, W → Gemm.
 */
export function caffe2Cnn(): Model {
  seed = 700;
  const b = new GraphBuilder('caffe2-cnn');
  const x = b.input('input', 'float32', [1, 2, 6, 6]);
  const c1 = conv(b, 'conv1', x, 2, 6, 3);
  const axes = b.constant('axes', BigInt64Array.from([1n, 2n]), [2]);
  const fill = {
    type: 'tensor',
    value: { id: '', name: '', dtype: 'float32', shape: [1], data: { bytes: bytesOf(Float32Array.of(1.5)) } },
  } as const;
  const scale = b.op(
    'ConstantOfShape',
    [b.constant('scale_shape', BigInt64Array.from([6n]), [1])],
    { value: fill },
    { name: 'fill', outputs: ['scale'] },
  );
  const s3 = b.op('Unsqueeze', [scale, axes], {}, { name: 'unsq_s', outputs: ['scale3'] });
  const m = b.op('Mul', [c1, s3], {}, { name: 'mul', outputs: ['mul_out'] });
  const b3 = b.op(
    'Unsqueeze',
    [b.constant('shift', weights(6, 0.3), [6]), axes],
    {},
    { name: 'unsq_b', outputs: ['shift3'] },
  );
  const a = relu(b, 'relu1', b.op('Add', [m, b3], {}, { name: 'add', outputs: ['add_out'] }));
  const c2 = conv(b, 'conv2', a, 6, 4, 1);
  const mean = b.op('ReduceMean', [c2], { axes: [2, 3], keepdims: 0 }, { name: 'mean', outputs: ['mean_out'] });
  const y = dense(b, 'fc', mean, 4, 3);
  b.declare(y, 'float32', [1, 3]);
  return b.output(y).model({ opset: 13 });
}

/** keras2onnx's dense layers: MatMul → Add [N] → Relu, twice, then MatMul → Add. */
export function kerasMlp(): Model {
  seed = 600;
  const b = new GraphBuilder('mlp');
  let x = b.input('x', 'float32', ['N', 6]);
  const sizes = [6, 12, 10, 3];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const [k, n] = [sizes[i]!, sizes[i + 1]!];
    const mm = b.op(
      'MatMul',
      [x, b.constant(`w${i}`, weights(k * n), [k, n])],
      {},
      { name: `dense${i}`, outputs: [`mm${i}`] },
    );
    x = b.op('Add', [mm, b.constant(`b${i}`, weights(n, 0.2), [n])], {}, { name: `bias${i}`, outputs: [`add${i}`] });
    if (i + 2 < sizes.length) x = relu(b, `relu${i}`, x);
  }
  b.declare(x, 'float32', ['N', 3]);
  return b.output(x).model({ opset: 13 });
}

/** Tensor slices to zero: `channels` along `axis` of constant `tensor`. */
export interface ZeroSpec {
  readonly tensor: string;
  readonly axis: number;
  readonly channels: readonly number[];
}

/** The model with the listed slices of constants set to zero (stored zero: also the int8 weight grid's 0). */
export function zeroChannels(model: Model, specs: readonly ZeroSpec[]): Model {
  const byId = new Map<string, ZeroSpec[]>();
  for (const s of specs) byId.set(s.tensor, [...(byId.get(s.tensor) ?? []), s]);
  const tensors = model.graph.tensors.map((t): Tensor => {
    const list = byId.get(t.id);
    if (!list) return t;
    const bytes = t.data!.bytes!.slice();
    const dims = t.shape as readonly number[];
    const size = dtypeBits(t.dtype) / 8;
    for (const s of list) {
      const inner = dims.slice(s.axis + 1).reduce((a, b) => a * b, 1) * size;
      const outer = dims.slice(0, s.axis).reduce((a, b) => a * b, 1);
      for (let o = 0; o < outer; o++)
        for (const c of s.channels) bytes.fill(0, (o * dims[s.axis]! + c) * inner, (o * dims[s.axis]! + c + 1) * inner);
    }
    return { ...t, data: { bytes } };
  });
  return { ...model, graph: { ...model.graph, tensors } };
}
