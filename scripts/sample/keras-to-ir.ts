// Converts the trained Keras (TF.js layers) weights of the sample CNN into our IR as an NCHW ONNX graph.
// Pure: plain arrays in, a Model out; no TF.js here so the conversion can be checked on its own.
import { GraphBuilder } from '../../src/core/ir/builder';
import type { KeyValue, Model } from '../../src/core/ir/types';

/** A Keras conv layer: kernel in HWIO order (height, width, in channels, out channels). */
export interface KerasConv {
  readonly kernel: Float32Array;
  readonly kernelShape: readonly [number, number, number, number];
  readonly bias: Float32Array;
}

/** A Keras dense layer: kernel `[inputs, units]`. */
export interface KerasDense {
  readonly kernel: Float32Array;
  readonly kernelShape: readonly [number, number];
  readonly bias: Float32Array;
}

/** The weights of conv1 → pool1 → conv2 → pool2 → flatten → fc, as Keras stores them. */
export interface KerasCnnWeights {
  readonly conv1: KerasConv;
  readonly conv2: KerasConv;
  readonly fc: KerasDense;
  /** Side of the (square) input image. */
  readonly inputSize: number;
  /** Max-pool window and stride. */
  readonly pool: number;
}

/** Descriptive fields of the written model. */
export interface ModelDescription {
  readonly docString: string;
  readonly metadata: readonly KeyValue[];
  readonly producerVersion: string;
}

/** ONNX Conv wants OIHW; Keras stores HWIO. */
export function hwioToOihw(
  kernel: Float32Array,
  [h, w, i, o]: readonly [number, number, number, number],
): Float32Array {
  const out = new Float32Array(kernel.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < i; c++)
        for (let f = 0; f < o; f++) out[((f * i + c) * h + y) * w + x] = kernel[((y * w + x) * i + c) * o + f]!;
  return out;
}

/**
 * The dense kernel as a Gemm `B` with transB=1 (`[units, inputs]`, PyTorch and TFLite's order), with its
 * input rows permuted: Keras flattens an NHWC activation (index (y·W + x)·C + c), our graph flattens NCHW
 * (index (c·H + y)·W + x). Permuting the weights once avoids a Transpose node at run time.
 */
export function denseToGemmB(
  kernel: Float32Array,
  [inputs, units]: readonly [number, number],
  [channels, height, width]: readonly [number, number, number],
): Float32Array {
  if (channels * height * width !== inputs)
    throw new Error(`dense layer expects ${inputs} inputs but the feature map has ${channels}×${height}×${width}`);
  const out = new Float32Array(kernel.length);
  for (let c = 0; c < channels; c++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const keras = (y * width + x) * channels + c;
        const onnx = (c * height + y) * width + x;
        for (let u = 0; u < units; u++) out[u * inputs + onnx] = kernel[keras * units + u]!;
      }
  return out;
}

/** Builds the NCHW ONNX model: input "input" [1,1,S,S] (0..1) → … → output "logits" [1,10]. */
export function kerasCnnToModel(weights: KerasCnnWeights, description: ModelDescription): Model {
  const { conv1, conv2, fc, inputSize, pool } = weights;
  const b = new GraphBuilder('mnist_cnn');
  const [k1h, k1w, c0, c1] = conv1.kernelShape;
  const [k2h, k2w, c1in, c2] = conv2.kernelShape;
  if (c1in !== c1) throw new Error(`conv2 reads ${c1in} channels but conv1 writes ${c1}`);
  // 'valid' convolutions (no padding, stride 1), then floor-mode max pooling as Keras does.
  const s1 = inputSize - k1h + 1;
  const p1 = Math.floor(s1 / pool);
  const s2 = p1 - k2h + 1;
  const p2 = Math.floor(s2 / pool);
  const [features, classes] = fc.kernelShape;

  const x = b.input('input', 'float32', [1, c0, inputSize, inputSize]);
  b.constant('conv1.weight', hwioToOihw(conv1.kernel, conv1.kernelShape), [c1, c0, k1h, k1w]);
  b.constant('conv1.bias', conv1.bias, [c1]);
  b.constant('conv2.weight', hwioToOihw(conv2.kernel, conv2.kernelShape), [c2, c1, k2h, k2w]);
  b.constant('conv2.bias', conv2.bias, [c2]);
  b.constant('fc.weight', denseToGemmB(fc.kernel, fc.kernelShape, [c2, p2, p2]), [classes, features]);
  b.constant('fc.bias', fc.bias, [classes]);

  const f32 = (shape: readonly number[]) => ({ dtype: 'float32' as const, shape });
  const convAttrs = (kh: number, kw: number) => ({
    kernel_shape: [kh, kw],
    strides: [1, 1],
    pads: [0, 0, 0, 0],
    dilations: [1, 1],
    group: 1,
  });
  const poolAttrs = { kernel_shape: [pool, pool], strides: [pool, pool], pads: [0, 0, 0, 0] };

  let t = b.op('Conv', [x, 'conv1.weight', 'conv1.bias'], convAttrs(k1h, k1w), {
    name: 'conv1',
    outputs: ['conv1_out'],
    ...f32([1, c1, s1, s1]),
  });
  t = b.op('Relu', [t], {}, { name: 'relu1', outputs: ['relu1_out'], ...f32([1, c1, s1, s1]) });
  t = b.op('MaxPool', [t], poolAttrs, { name: 'pool1', outputs: ['pool1_out'], ...f32([1, c1, p1, p1]) });
  t = b.op('Conv', [t, 'conv2.weight', 'conv2.bias'], convAttrs(k2h, k2w), {
    name: 'conv2',
    outputs: ['conv2_out'],
    ...f32([1, c2, s2, s2]),
  });
  t = b.op('Relu', [t], {}, { name: 'relu2', outputs: ['relu2_out'], ...f32([1, c2, s2, s2]) });
  t = b.op('MaxPool', [t], poolAttrs, { name: 'pool2', outputs: ['pool2_out'], ...f32([1, c2, p2, p2]) });
  t = b.op('Flatten', [t], { axis: 1 }, { name: 'flatten', outputs: ['flatten_out'], ...f32([1, features]) });
  const logits = b.op(
    'Gemm',
    [t, 'fc.weight', 'fc.bias'],
    { transB: 1 },
    {
      name: 'fc',
      outputs: ['logits'],
      ...f32([1, classes]),
    },
  );
  b.output(logits);

  const model = b.model({ opset: 13, producer: 'scaledown-studio', metadata: description.metadata });
  return {
    ...model,
    graph: { ...model.graph, docString: 'conv1 → relu1 → pool1 → conv2 → relu2 → pool2 → flatten → fc' },
    producer: { name: 'scaledown-studio', version: description.producerVersion },
    docString: description.docString,
  };
}
