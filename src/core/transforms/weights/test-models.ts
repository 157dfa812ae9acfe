// Builder-made models for the weights, pruning and clustering tests: small, seeded, and holding every way a
// weight can be stored (initializer, Constant node, behind a Reshape, shared, dequantized, int8 per axis).
import { tfliteOptionAttributes as options } from '../../formats/tflite/options';
import { GraphBuilder } from '../../ir/builder';
import type { Model, Tensor } from '../../ir/types';
import { bytesOf } from '../../ir/tensor';
import { seededRandom } from '../../util/random';

/** Seeded uniform weights in (−scale, scale). */
export function randomWeights(count: number, seed: number, scale = 0.5): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: count }, () => (random() * 2 - 1) * scale);
}

/**
 * x [1, 4, 6, 6] → Conv W [8, 4, 3, 3] → Relu → depthwise Conv W [8, 1, 3, 3] (group 8) → Flatten →
 * Gemm B [3, 32] (transB) → y [1, 3].
 */
export function onnxCnn(): Model {
  const b = new GraphBuilder('cnn');
  const x = b.input('x', 'float32', [1, 4, 6, 6]);
  const w1 = b.constant('conv1.w', randomWeights(8 * 4 * 9, 1), [8, 4, 3, 3]);
  const c1 = b.op('Conv', [x, w1], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }, { name: 'conv1' });
  const r = b.op('Relu', [c1], {}, { name: 'relu' });
  const w2 = b.constant('dw.w', randomWeights(8 * 9, 2), [8, 1, 3, 3]);
  const c2 = b.op('Conv', [r, w2], { kernel_shape: [3, 3], group: 8, strides: [3, 3] }, { name: 'dw' });
  const f = b.op('Flatten', [c2], { axis: 1 }, { name: 'flatten' });
  const w3 = b.constant('fc.w', randomWeights(3 * 32, 3), [3, 32]);
  const bias = b.constant('fc.b', randomWeights(3, 4, 0.1), [3]);
  const y = b.op('Gemm', [f, w3, bias], { transB: 1 }, { name: 'fc', outputs: ['y'] });
  b.declare('y', 'float32', [1, 3]);
  b.output(y);
  return b.model({ opset: 13 });
}

/**
 * x [1, 16] → MatMul with a Constant-node weight [16, 8] → MatMul with a weight behind a constant Reshape
 * ([2, 4, 8] → [8, 8]) → two MatMuls sharing one weight [8, 8] → Add → y [1, 8].
 */
export function onnxMlp(): Model {
  const b = new GraphBuilder('mlp');
  const x = b.input('x', 'float32', [1, 16]);
  const constW: Tensor = {
    id: 'const_w',
    name: 'const_w',
    dtype: 'float32',
    shape: [16, 8],
    data: { bytes: bytesOf(randomWeights(16 * 8, 11)) },
  };
  const w1 = b.op('Constant', [], { value: { type: 'tensor', value: constW } }, { name: 'const', outputs: ['w1'] });
  const h1 = b.op('MatMul', [x, w1], {}, { name: 'mm1' });
  const raw = b.constant('w2_raw', randomWeights(64, 12), [2, 4, 8]);
  const shape = b.constant('w2_shape', BigInt64Array.from([8n, -1n]), [2]);
  const w2 = b.op('Reshape', [raw, shape], {}, { name: 'reshape_w2' });
  const h2 = b.op('MatMul', [h1, w2], {}, { name: 'mm2' });
  const shared = b.constant('shared_w', randomWeights(64, 13), [8, 8]);
  const a = b.op('MatMul', [h2, shared], {}, { name: 'mm3a' });
  const c = b.op('MatMul', [h2, shared], {}, { name: 'mm3b' });
  const y = b.op('Add', [a, c], {}, { name: 'sum', outputs: ['y'] });
  b.declare('y', 'float32', [1, 8]);
  b.output(y);
  return b.model({ opset: 13 });
}

/** Like the ONNX "light" models: every Conv weight is generated at run time by ConstantOfShape. */
export function onnxGeneratedWeights(): Model {
  const b = new GraphBuilder('light');
  const x = b.input('x', 'float32', [1, 2, 4, 4]);
  const shape = b.constant('w_shape', BigInt64Array.from([4n, 2n, 3n, 3n]), [4]);
  const w = b.op('ConstantOfShape', [shape], {}, { name: 'make_w' });
  const y = b.op('Conv', [x, w], { kernel_shape: [3, 3] }, { name: 'conv', outputs: ['y'] });
  b.output(y);
  return b.model({ opset: 13 });
}

/** x [1, 8] → MatMul whose weight [8, 4] is int8 behind a per-axis DequantizeLinear (axis 1) → y. */
export function onnxDequantized(): Model {
  const b = new GraphBuilder('qdq');
  const x = b.input('x', 'float32', [1, 8]);
  const q = b.constant('w_q', Int8Array.from(randomWeights(32, 21, 127), Math.round), [8, 4]);
  const s = b.constant('w_scale', Float32Array.from([0.01, 0.02, 0.015, 0.03]), [4]);
  const z = b.constant('w_zero', new Int8Array(4), [4]);
  const w = b.op('DequantizeLinear', [q, s, z], { axis: 1 }, { name: 'dq' });
  const y = b.op('MatMul', [x, w], {}, { name: 'mm', outputs: ['y'] });
  b.output(y);
  return b.model({ opset: 13 });
}

/**
 * TFLite: input [1, 6, 6, 2] → CONV_2D with int8 per-axis weights [4, 3, 3, 2] (float activations: a hybrid
 * layer) → RESHAPE → FULLY_CONNECTED with float weights [3, 64] → y.
 */
export function tfliteMixed(): Model {
  const b = new GraphBuilder('mixed');
  const x = b.input('input', 'float32', [1, 6, 6, 2]);
  const scales = [0.01, 0.02, 0.005, 0.04];
  const qw = Int8Array.from(randomWeights(4 * 9 * 2, 31, 127), Math.round);
  b.constant('conv/w', qw, [4, 3, 3, 2]);
  const conv = b.op('CONV_2D', [x, 'conv/w'], options('CONV_2D', { padding: 'VALID', stride_w: 1, stride_h: 1 }), {
    outputs: ['conv'],
    dtype: 'float32',
    shape: [1, 4, 4, 4],
    name: 'conv',
  });
  const shape = b.constant('flat/shape', Int32Array.from([1, 64]), [2]);
  const flat = b.op('RESHAPE', [conv, shape], {}, { outputs: ['flat'], dtype: 'float32', shape: [1, 64] });
  const fw = b.constant('fc/w', randomWeights(3 * 64, 32), [3, 64]);
  const y = b.op('FULLY_CONNECTED', [flat, fw, ''], options('FULLY_CONNECTED'), {
    outputs: ['y'],
    dtype: 'float32',
    shape: [1, 3],
    name: 'fc',
  });
  b.output(y);
  const model = b.model({ format: 'tflite' });
  const tensors = model.graph.tensors.map((t) =>
    t.id === 'conv/w' ? { ...t, quant: { scale: scales, zeroPoint: [0, 0, 0, 0], axis: 0 } } : t,
  );
  return { ...model, graph: { ...model.graph, tensors } };
}
