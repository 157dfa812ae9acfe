// Builder-made float TFLite models for the quantization tests: small, seeded, and shaped like what the
// TFLite converter emits (fused activations, NHWC, [O, H, W, I] conv weights, [1, H, W, C] depthwise).
import { tfliteOptionAttributes as options } from '../../../formats/tflite/options';
import { attr, GraphBuilder } from '../../../ir/builder';
import type { Model } from '../../../ir/types';
import { seededRandom } from '../../../util/random';

function weights(count: number, seed: number, scale = 0.5): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: count }, () => (random() * 2 - 1) * scale);
}

function asTflite(b: GraphBuilder): Model {
  const model = b.model({ format: 'tflite' });
  return { ...model, graph: { ...model.graph, nodes: model.graph.nodes.map((n) => ({ ...n, name: '' })) } };
}

/**
 * input [1, 8, 8, 3] → CONV_2D (RELU) → DEPTHWISE_CONV_2D (RELU6) → ADD → AVERAGE_POOL_2D → RESHAPE →
 * FULLY_CONNECTED → SOFTMAX.
 */
export function floatCnn(): Model {
  const b = new GraphBuilder('float_cnn');
  const x = b.input('input', 'float32', [1, 8, 8, 3]);
  const cw = b.constant('conv/weights', weights(4 * 3 * 3 * 3, 1), [4, 3, 3, 3]);
  const cb = b.constant('conv/bias', weights(4, 2, 0.1), [4]);
  const conv = b.op(
    'CONV_2D',
    [x, cw, cb],
    options('CONV_2D', { padding: 'SAME', stride_w: 1, stride_h: 1, fused_activation_function: 'RELU' }),
    { outputs: ['conv'], dtype: 'float32', shape: [1, 8, 8, 4] },
  );
  const dw = b.constant('dw/weights', weights(3 * 3 * 4, 3), [1, 3, 3, 4]);
  const db = b.constant('dw/bias', weights(4, 4, 0.1), [4]);
  const depthwise = b.op(
    'DEPTHWISE_CONV_2D',
    [conv, dw, db],
    options('DEPTHWISE_CONV_2D', {
      padding: 'SAME',
      stride_w: 1,
      stride_h: 1,
      depth_multiplier: 1,
      fused_activation_function: 'RELU6',
    }),
    { outputs: ['depthwise'], dtype: 'float32', shape: [1, 8, 8, 4] },
  );
  const sum = b.op('ADD', [conv, depthwise], options('ADD'), {
    outputs: ['sum'],
    dtype: 'float32',
    shape: [1, 8, 8, 4],
  });
  const pool = b.op(
    'AVERAGE_POOL_2D',
    [sum],
    options('AVERAGE_POOL_2D', { padding: 'VALID', stride_w: 8, stride_h: 8, filter_width: 8, filter_height: 8 }),
    { outputs: ['pool'], dtype: 'float32', shape: [1, 1, 1, 4] },
  );
  const shape = b.constant('flatten/shape', new Int32Array([1, 4]), [2]);
  const flat = b.op('RESHAPE', [pool, shape], {}, { outputs: ['flat'], dtype: 'float32', shape: [1, 4] });
  const fw = b.constant('fc/weights', weights(3 * 4, 5), [3, 4]);
  const fb = b.constant('fc/bias', weights(3, 6, 0.1), [3]);
  const logits = b.op('FULLY_CONNECTED', [flat, fw, fb], options('FULLY_CONNECTED'), {
    outputs: ['logits'],
    dtype: 'float32',
    shape: [1, 3],
  });
  const probs = b.op('SOFTMAX', [logits], options('SOFTMAX', { beta: attr.float(1) }), {
    outputs: ['probs'],
    dtype: 'float32',
    shape: [1, 3],
  });
  b.output(probs);
  return asTflite(b);
}

/** Two FULLY_CONNECTED branches of different ranges joined by CONCATENATION, then TANH. */
export function floatConcat(): Model {
  const b = new GraphBuilder('float_concat');
  const x = b.input('input', 'float32', [1, 4]);
  const branch = (name: string, seed: number, scale: number) =>
    b.op(
      'FULLY_CONNECTED',
      [
        x,
        b.constant(`${name}/weights`, weights(4 * 4, seed, scale), [4, 4]),
        b.constant(`${name}/bias`, weights(4, seed + 1, 0.1), [4]),
      ],
      options('FULLY_CONNECTED'),
      { outputs: [name], dtype: 'float32', shape: [1, 4] },
    );
  const a = branch('small', 10, 0.1);
  const c = branch('large', 20, 2);
  const joined = b.op('CONCATENATION', [a, c], options('CONCATENATION', { axis: 1 }), {
    outputs: ['joined'],
    dtype: 'float32',
    shape: [1, 8],
  });
  b.output(b.op('TANH', [joined], {}, { outputs: ['out'], dtype: 'float32', shape: [1, 8] }));
  return asTflite(b);
}

/** One FULLY_CONNECTED layer (a weights tensor of `inputs × outputs`), with a chosen weight and bias scale. */
export function floatDense(inputs: number, outputs: number, weightScale: number, biasScale: number): Model {
  const b = new GraphBuilder('float_dense');
  const x = b.input('input', 'float32', [1, inputs]);
  const w = b.constant('dense/weights', weights(inputs * outputs, 7, weightScale), [outputs, inputs]);
  const bias = b.constant('dense/bias', weights(outputs, 8, biasScale), [outputs]);
  b.output(
    b.op('FULLY_CONNECTED', [x, w, bias], options('FULLY_CONNECTED'), {
      outputs: ['dense'],
      dtype: 'float32',
      shape: [1, outputs],
    }),
  );
  return asTflite(b);
}

/**
 * Most ops of the int8 spec in one small graph: CONV_2D → PAD → MAX_POOL_2D → LOGISTIC, TANH → MUL → SUB
 * → CONCATENATION → MEAN → RESHAPE → SQUEEZE → FULLY_CONNECTED → SOFTMAX.
 */
export function floatOpZoo(): Model {
  const b = new GraphBuilder('float_op_zoo');
  const f32 = (name: string, shape: number[]) => ({ outputs: [name], dtype: 'float32' as const, shape });
  const x = b.input('input', 'float32', [1, 8, 8, 3]);
  const conv = b.op(
    'CONV_2D',
    [
      x,
      b.constant('conv/weights', weights(4 * 3 * 3 * 3, 31), [4, 3, 3, 3]),
      b.constant('conv/bias', weights(4, 32, 0.2), [4]),
    ],
    options('CONV_2D', { padding: 'SAME', stride_w: 1, stride_h: 1, fused_activation_function: 'RELU6' }),
    f32('conv', [1, 8, 8, 4]),
  );
  const paddings = b.constant('pad/paddings', new Int32Array([0, 0, 1, 1, 1, 1, 0, 0]), [4, 2]);
  const padded = b.op('PAD', [conv, paddings], {}, f32('padded', [1, 10, 10, 4]));
  const pooled = b.op(
    'MAX_POOL_2D',
    [padded],
    options('MAX_POOL_2D', { padding: 'VALID', stride_w: 2, stride_h: 2, filter_width: 2, filter_height: 2 }),
    f32('pooled', [1, 5, 5, 4]),
  );
  const centred = b.op(
    'SUB',
    [pooled, b.constant('centre', Float32Array.of(1.5), [1])],
    options('SUB'),
    f32('centred', [1, 5, 5, 4]),
  );
  const gate = b.op('LOGISTIC', [centred], {}, f32('gate', [1, 5, 5, 4]));
  const squash = b.op('TANH', [centred], {}, f32('squash', [1, 5, 5, 4]));
  const product = b.op('MUL', [gate, squash], options('MUL'), f32('product', [1, 5, 5, 4]));
  const joined = b.op(
    'CONCATENATION',
    [centred, product],
    options('CONCATENATION', { axis: 3 }),
    f32('joined', [1, 5, 5, 8]),
  );
  const axes = b.constant('mean/axes', new Int32Array([1, 2]), [2]);
  const mean = b.op('MEAN', [joined, axes], options('MEAN', { keep_dims: 1 }), f32('mean', [1, 1, 1, 8]));
  const shape = b.constant('reshape/shape', new Int32Array([1, 1, 8]), [3]);
  const reshaped = b.op('RESHAPE', [mean, shape], {}, f32('reshaped', [1, 1, 8]));
  const squeezed = b.op('SQUEEZE', [reshaped], options('SQUEEZE', { squeeze_dims: [1] }), f32('squeezed', [1, 8]));
  const logits = b.op(
    'FULLY_CONNECTED',
    [
      squeezed,
      b.constant('fc/weights', weights(2 * 8, 33, 0.5), [2, 8]),
      b.constant('fc/bias', weights(2, 34, 0.1), [2]),
    ],
    options('FULLY_CONNECTED'),
    f32('logits', [1, 2]),
  );
  b.output(b.op('SOFTMAX', [logits], options('SOFTMAX', { beta: attr.float(1) }), f32('probs', [1, 2])));
  return asTflite(b);
}

/** Seeded inputs for a model with one float input: `count` samples of uniform values in [lo, hi). */
export function randomFeeds(
  model: Model,
  count: number,
  lo: number,
  hi: number,
  seed = 1,
): Record<string, Float32Array>[] {
  const input = model.graph.tensors.find((t) => t.id === model.graph.inputs[0])!;
  const size = (input.shape ?? []).reduce<number>((a, d) => a * (typeof d === 'number' ? d : 1), 1);
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => ({
    [input.id]: Float32Array.from({ length: size }, () => lo + (hi - lo) * random()),
  }));
}
