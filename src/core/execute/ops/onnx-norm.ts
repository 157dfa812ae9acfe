// ONNX normalizations at inference: BatchNormalization, InstanceNormalization, LayerNormalization, LRN.
import { floatAttr, intAttr } from '../attrs';
import { broadcastBinary } from './broadcast';
import { fmtShape, normAxis, sizeOf } from '../shape-util';
import type { KernelContext, OpTable, RuntimeTensor } from './op-types';

/** Per-channel y = x·a[c] + b[c] over an [N, C, spatial…] tensor. */
function perChannelAffine(ctx: KernelContext, x: RuntimeTensor, a: Float64Array, b: Float64Array): RuntimeTensor {
  const n = x.shape[0] ?? 1;
  const channels = x.shape[1] ?? 1;
  const plane = sizeOf(x.shape.slice(2));
  const out = ctx.alloc(x.data.length);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < channels; c++) {
      const base = (i * channels + c) * plane;
      const ac = a[c]!;
      const bc = b[c]!;
      for (let k = 0; k < plane; k++) out[base + k] = x.data[base + k]! * ac + bc;
    }
  return { dtype: x.dtype, shape: x.shape, data: out };
}

function channelParams(ctx: KernelContext, channels: number, indices: readonly number[]): Float32Array[] {
  return indices.map((i) => {
    const t = ctx.input(i);
    if (t.data.length !== channels)
      ctx.fail('shape-mismatch', `input ${i} has ${t.data.length} values for ${channels} channels`);
    return t.data;
  });
}

function batchNorm(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const channels = x.shape[1] ?? 1;
  const [scale, bias, mean, variance] = channelParams(ctx, channels, [1, 2, 3, 4]) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const eps = floatAttr(ctx.node, 'epsilon', 1e-5);
  const a = new Float64Array(channels);
  const b = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    a[c] = scale[c]! / Math.sqrt(variance[c]! + eps);
    b[c] = bias[c]! - mean[c]! * a[c]!;
  }
  return [perChannelAffine(ctx, x, a, b)];
}

function instanceNorm(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const n = x.shape[0] ?? 1;
  const channels = x.shape[1] ?? 1;
  const [scale, bias] = channelParams(ctx, channels, [1, 2]) as [Float32Array, Float32Array];
  const eps = floatAttr(ctx.node, 'epsilon', 1e-5);
  const plane = sizeOf(x.shape.slice(2));
  const out = ctx.alloc(x.data.length);
  for (let i = 0; i < n * channels; i++) {
    const c = i % channels;
    const base = i * plane;
    let sum = 0;
    for (let k = 0; k < plane; k++) sum += x.data[base + k]!;
    const mean = sum / plane;
    let sq = 0;
    for (let k = 0; k < plane; k++) sq += (x.data[base + k]! - mean) ** 2;
    const a = scale[c]! / Math.sqrt(sq / plane + eps);
    const b = bias[c]! - mean * a;
    for (let k = 0; k < plane; k++) out[base + k] = x.data[base + k]! * a + b;
  }
  return [{ dtype: x.dtype, shape: x.shape, data: out }];
}

function layerNorm(ctx: KernelContext): (RuntimeTensor | undefined)[] {
  const x = ctx.input(0);
  const rank = x.shape.length;
  const axis = normAxis(ctx, intAttr(ctx.node, 'axis', -1), rank);
  const eps = floatAttr(ctx.node, 'epsilon', 1e-5);
  const rows = sizeOf(x.shape.slice(0, axis));
  const inner = sizeOf(x.shape.slice(axis));
  const normed = ctx.alloc(x.data.length);
  const statShape = [...x.shape.slice(0, axis), ...new Array<number>(rank - axis).fill(1)];
  const means = ctx.alloc(rows);
  const invStd = ctx.alloc(rows);
  for (let r = 0; r < rows; r++) {
    const base = r * inner;
    let sum = 0;
    for (let k = 0; k < inner; k++) sum += x.data[base + k]!;
    const mean = sum / inner;
    let sq = 0;
    for (let k = 0; k < inner; k++) sq += (x.data[base + k]! - mean) ** 2;
    const inv = 1 / Math.sqrt(sq / inner + eps);
    means[r] = mean;
    invStd[r] = inv;
    for (let k = 0; k < inner; k++) normed[base + k] = (x.data[base + k]! - mean) * inv;
  }
  let y: RuntimeTensor = broadcastBinary(ctx, { ...x, data: normed }, ctx.input(1), (p, q) => p * q);
  const bias = ctx.inputs[2];
  if (bias) y = broadcastBinary(ctx, y, bias, (p, q) => p + q);
  if (y.shape.length !== rank || y.shape.some((d, i) => d !== x.shape[i]))
    ctx.fail('shape-mismatch', `scale or bias does not broadcast to the input's ${fmtShape(x.shape)}`);
  return [y, { dtype: 'float32', shape: statShape, data: means }, { dtype: 'float32', shape: statShape, data: invStd }];
}

function lrn(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const size = intAttr(ctx.node, 'size', 1);
  const alpha = floatAttr(ctx.node, 'alpha', 1e-4);
  const beta = floatAttr(ctx.node, 'beta', 0.75);
  const bias = floatAttr(ctx.node, 'bias', 1);
  const n = x.shape[0] ?? 1;
  const channels = x.shape[1] ?? 1;
  const plane = sizeOf(x.shape.slice(2));
  // ONNX: the window spans floor((size−1)/2) channels before and ceil((size−1)/2) after.
  const before = Math.floor((size - 1) / 2);
  const after = Math.ceil((size - 1) / 2);
  const out = ctx.alloc(x.data.length);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < channels; c++) {
      const lo = Math.max(0, c - before);
      const hi = Math.min(channels - 1, c + after);
      const base = (i * channels + c) * plane;
      for (let k = 0; k < plane; k++) {
        let sq = 0;
        for (let cc = lo; cc <= hi; cc++) {
          const v = x.data[(i * channels + cc) * plane + k]!;
          sq += v * v;
        }
        out[base + k] = x.data[base + k]! / Math.pow(bias + (alpha / size) * sq, beta);
      }
    }
  return [{ dtype: x.dtype, shape: x.shape, data: out }];
}

export const onnxNormOps: OpTable = {
  BatchNormalization: {
    run: batchNorm,
    check: (node) =>
      intAttr(node, 'training_mode', 0) !== 0 ? 'training_mode 1 (batch statistics) is not supported' : undefined,
  },
  InstanceNormalization: { run: instanceNorm },
  LayerNormalization: { run: layerNorm },
  LRN: { run: lrn },
};
