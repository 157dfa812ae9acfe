// Small ONNX graphs for the quantization tests, built with seeded random weights.
import { GraphBuilder } from '../../../ir/builder';
import type { Model } from '../../../ir/types';
import { seededRandom } from '../../../util/random';

function randomArray(n: number, seed: number, scale = 1): Float32Array {
  const r = seededRandom(seed);
  return Float32Array.from({ length: n }, () => (r() * 2 - 1) * scale);
}

/** input [1,1,8,8] → Conv 4×3×3 (+bias) → Relu → MaxPool 2×2 → Flatten → Gemm (transB) → logits [1,3]. */
export function tinyCnn(options: { transB?: boolean; opset?: number } = {}): Model {
  const transB = options.transB ?? true;
  const b = new GraphBuilder('tiny-cnn');
  const x = b.input('input', 'float32', [1, 1, 8, 8]);
  const w = b.constant('conv.weight', randomArray(36, 1, 0.5), [4, 1, 3, 3]);
  const bias = b.constant('conv.bias', randomArray(4, 2, 0.1), [4]);
  const conv = b.op('Conv', [x, w, bias], { kernel_shape: [3, 3] }, { name: 'conv', outputs: ['conv_out'] });
  const relu = b.op('Relu', [conv], {}, { name: 'relu', outputs: ['relu_out'] });
  const pool = b.op(
    'MaxPool',
    [relu],
    { kernel_shape: [2, 2], strides: [2, 2] },
    { name: 'pool', outputs: ['pool_out'] },
  );
  const flat = b.op('Flatten', [pool], { axis: 1 }, { name: 'flatten', outputs: ['flat_out'] });
  const fcw = transB
    ? b.constant('fc.weight', randomArray(3 * 36, 3, 0.3), [3, 36])
    : b.constant('fc.weight', randomArray(36 * 3, 3, 0.3), [36, 3]);
  const fcb = b.constant('fc.bias', randomArray(3, 4, 0.1), [3]);
  const logits = b.op('Gemm', [flat, fcw, fcb], transB ? { transB: 1 } : {}, { name: 'fc', outputs: ['logits'] });
  b.declare(logits, 'float32', [1, 3]);
  return b.output(logits).model({ opset: options.opset ?? 13 });
}

/** Activation ranges for every float tensor of tinyCnn (as calibration would give them). */
export function tinyCnnRanges(): Map<string, { min: number; max: number }> {
  return new Map([
    ['input', { min: 0, max: 1 }],
    ['conv_out', { min: -2, max: 2.5 }],
    ['relu_out', { min: 0, max: 2.5 }],
    ['pool_out', { min: 0, max: 2.4 }],
    ['flat_out', { min: 0, max: 2.4 }],
    ['logits', { min: -3, max: 4 }],
  ]);
}

/**
 * The CNTK MNIST layout of onnxzoo_mnist-8 in miniature: Conv without bias → Add(constant [C,1,1]),
 * MatMul with a Reshape'd weight → Add([1,N]), at an old opset with initializers listed as inputs.
 */
export function cntkStyle(): Model {
  const b = new GraphBuilder('cntk');
  const x = b.input('x', 'float32', [1, 1, 6, 6]);
  const w = b.constant('W', randomArray(2 * 9, 5, 0.5), [2, 1, 3, 3]);
  const c = b.op('Conv', [x, w], { kernel_shape: [3, 3] }, { name: 'conv', outputs: ['conv_out'] });
  const bias = b.constant('B', randomArray(2, 6, 0.2), [2, 1, 1]);
  const added = b.op('Add', [c, bias], {}, { name: 'plus', outputs: ['plus_out'] });
  const shape = b.constant('flat_shape', BigInt64Array.from([1n, 32n]), [2]);
  const flat = b.op('Reshape', [added, shape], {}, { name: 'reshape', outputs: ['flat'] });
  const raw = b.constant('W2raw', randomArray(32 * 5, 7, 0.3), [2, 4, 4, 5]);
  const w2shape = b.constant('W2shape', BigInt64Array.from([32n, 5n]), [2]);
  const w2 = b.op('Reshape', [raw, w2shape], {}, { name: 'w2reshape', outputs: ['W2'] });
  const mm = b.op('MatMul', [flat, w2], {}, { name: 'times', outputs: ['mm_out'] });
  const b2 = b.constant('B2', randomArray(5, 8, 0.2), [1, 5]);
  const out = b.op('Add', [mm, b2], {}, { name: 'plus2', outputs: ['y'] });
  b.declare('flat', 'float32', [1, 32]);
  b.declare('mm_out', 'float32', [1, 5]);
  const model = b.output(out).model({ opset: 8 });
  const graph = model.graph;
  return {
    ...model,
    irVersion: 3,
    graph: { ...graph, inputs: [...graph.inputs, ...graph.tensors.filter((t) => t.data).map((t) => t.id)] },
  };
}

/**
 * Every data-movement op the QOperator form runs on int8, between a Conv → Relu → MaxPool stem and a Gemm,
 * plus a Sigmoid branch (no standard integer op) and a Softmax over the logits (a float op reading a
 * quantized graph output). Outputs: logits [1, 3] and probs [1, 3].
 */
export function movesNet(): Model {
  const b = new GraphBuilder('moves');
  const i64 = (name: string, values: number[]): string =>
    b.constant(name, BigInt64Array.from(values.map(BigInt)), [values.length]);
  const x = b.input('x', 'float32', [1, 2, 4, 4]);
  const w = b.constant('W', randomArray(4 * 2 * 9, 21, 0.5), [4, 2, 3, 3]);
  const bias = b.constant('B', randomArray(4, 22, 0.1), [4]);
  const conv = b.op(
    'Conv',
    [x, w, bias],
    { kernel_shape: [3, 3], pads: [1, 1, 1, 1] },
    { name: 'conv', outputs: ['c'] },
  );
  const relu = b.op('Relu', [conv], {}, { name: 'relu', outputs: ['r'] });
  const pool = b.op('MaxPool', [relu], { kernel_shape: [2, 2], strides: [2, 2] }, { name: 'pool', outputs: ['p'] });
  const t = b.op('Transpose', [pool], { perm: [0, 1, 3, 2] }, { name: 'transpose', outputs: ['t'] });
  const s = b.op(
    'Slice',
    [t, i64('starts', [0]), i64('ends', [2]), i64('axes', [1])],
    {},
    { name: 'slice', outputs: ['s'] },
  );
  b.node('Split', [t, i64('halves', [2, 2])], { axis: 1 }, { name: 'split', outputs: ['h1', 'h2'] });
  const sig = b.op('Sigmoid', [s], {}, { name: 'sigmoid', outputs: ['sg'] });
  const cat = b.op('Concat', [s, 'h1', 'h2'], { axis: 1 }, { name: 'concat', outputs: ['cat'] });
  const u = b.op('Unsqueeze', [cat, i64('ax0', [0])], {}, { name: 'unsqueeze', outputs: ['u'] });
  const sq = b.op('Squeeze', [u, i64('ax0b', [0])], {}, { name: 'squeeze', outputs: ['sq'] });
  const g = b.op('Gather', [sq, i64('pick', [0, 2, 4])], { axis: 1 }, { name: 'gather', outputs: ['g'] });
  const tile = b.op('Tile', [g, i64('reps', [1, 1, 1, 1])], {}, { name: 'tile', outputs: ['tl'] });
  const e = b.op('Expand', [tile, i64('to', [1, 3, 2, 2])], {}, { name: 'expand', outputs: ['e'] });
  const id = b.op('Identity', [e], {}, { name: 'identity', outputs: ['id'] });
  const flat = b.op('Flatten', [id], { axis: 1 }, { name: 'flatten', outputs: ['f'] });
  const sflat = b.op('Flatten', [sig], { axis: 1 }, { name: 'flatten2', outputs: ['sf'] });
  const both = b.op('Concat', [flat, sflat], { axis: 1 }, { name: 'concat2', outputs: ['both'] });
  const r2 = b.op('Reshape', [both, i64('shape', [1, 20])], {}, { name: 'reshape', outputs: ['rs'] });
  const fw = b.constant('FW', randomArray(20 * 3, 23, 0.4), [20, 3]);
  const fb = b.constant('FB', randomArray(3, 24, 0.1), [3]);
  const logits = b.op('Gemm', [r2, fw, fb], {}, { name: 'fc', outputs: ['logits'] });
  const probs = b.op('Softmax', [logits], { axis: 1 }, { name: 'softmax', outputs: ['probs'] });
  b.declare(logits, 'float32', [1, 3]);
  b.declare(probs, 'float32', [1, 3]);
  return b.output(logits, probs).model({ opset: 13 });
}

/** input [1,1,6,6] → Conv 2×3×3 → Clip(lo, hi) → Flatten → y. */
export function clipNet(lo: number, hi: number): Model {
  const b = new GraphBuilder('clip');
  const x = b.input('x', 'float32', [1, 1, 6, 6]);
  const w = b.constant('W', randomArray(18, 31, 0.5), [2, 1, 3, 3]);
  const c = b.op('Conv', [x, w], { kernel_shape: [3, 3] }, { name: 'conv', outputs: ['c'] });
  const clip = b.op(
    'Clip',
    [c, b.constant('lo', Float32Array.of(lo), []), b.constant('hi', Float32Array.of(hi), [])],
    {},
    {
      name: 'clip',
      outputs: ['k'],
    },
  );
  const y = b.op('Flatten', [clip], { axis: 1 }, { name: 'flatten', outputs: ['y'] });
  b.declare(y, 'float32', [1, 32]);
  return b.output(y).model({ opset: 13 });
}
