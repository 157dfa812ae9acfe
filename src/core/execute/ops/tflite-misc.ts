// TFLite SOFTMAX, MEAN (and other reductions), pooling, QUANTIZE / DEQUANTIZE and resizing.
import { floatAttr, intAttr, stringAttr } from '../attrs';
import { fmtShape, intValues, sizeOf } from '../shape-util';
import { reduceTensor } from './onnx-reduce';
import { avgPool2d, maxPool2d, type PoolGeometry } from './pool-loops';
import { linearSampler, nearestSampler, resizeAxis } from './resize-loops';
import { roundHalfAway } from './math';
import { softmaxData, type Reducer } from './reduce-loops';
import { activationProblem, applyActivation } from './tflite-activation';
import { tflitePadding } from './tflite-conv';
import type { KernelContext, OpDef, OpTable, RuntimeTensor } from './op-types';

function softmax(log: boolean) {
  return (ctx: KernelContext): RuntimeTensor[] => {
    const x = ctx.input(0);
    const n = x.shape[x.shape.length - 1] ?? 1;
    const out = ctx.alloc(x.data.length);
    softmaxData(x.data, out, x.data.length / n, n, 1, log ? 1 : floatAttr(ctx.node, 'beta', 1), log);
    return [{ dtype: x.dtype, shape: x.shape, data: out }];
  };
}

function reducer(r: Reducer): OpDef {
  return {
    run: (ctx) => {
      const x = ctx.input(0);
      const axes = intValues(ctx.input(1));
      return [reduceTensor(ctx, x, axes.length ? axes : [], intAttr(ctx.node, 'keep_dims', 0) !== 0, r)];
    },
  };
}

function pool(max: boolean) {
  return (ctx: KernelContext): RuntimeTensor[] => {
    const x = ctx.input(0);
    if (x.shape.length !== 4) ctx.fail('shape-mismatch', `wants a 4-D NHWC input, not ${fmtShape(x.shape)}`);
    const [batch, h, w, channels] = x.shape as [number, number, number, number];
    const node = ctx.node;
    const padding = stringAttr(node, 'padding', 'SAME');
    const kh = intAttr(node, 'filter_height', 1);
    const kw = intAttr(node, 'filter_width', 1);
    const strideH = intAttr(node, 'stride_h', 1);
    const strideW = intAttr(node, 'stride_w', 1);
    const y = tflitePadding(padding, h, kh, strideH);
    const xx = tflitePadding(padding, w, kw, strideW);
    const g: PoolGeometry = {
      layout: 'nhwc',
      batch,
      channels,
      h,
      w,
      oh: y.out,
      ow: xx.out,
      kh,
      kw,
      strideH,
      strideW,
      dilationH: 1,
      dilationW: 1,
      padTop: y.before,
      padLeft: xx.before,
      padBottom: 0,
      padRight: 0,
    };
    const shape = [batch, g.oh, g.ow, channels];
    const out = ctx.alloc(sizeOf(shape));
    // TFLite averages over the window's elements inside the input only.
    if (max) maxPool2d(x.data, out, g);
    else avgPool2d(x.data, out, g, false);
    applyActivation(node, out);
    return [{ dtype: x.dtype, shape, data: out }];
  };
}

function resize(bilinear: boolean) {
  return (ctx: KernelContext): RuntimeTensor[] => {
    const x = ctx.input(0);
    if (x.shape.length !== 4) ctx.fail('shape-mismatch', `wants a 4-D NHWC input, not ${fmtShape(x.shape)}`);
    const [outH, outW] = intValues(ctx.input(1)) as [number, number];
    const align = intAttr(ctx.node, 'align_corners', 0) !== 0;
    const half = intAttr(ctx.node, 'half_pixel_centers', 0) !== 0;
    let shape: readonly number[] = x.shape;
    let data = x.data;
    for (const [axis, outSize] of [
      [1, outH],
      [2, outW],
    ] as const) {
      const inSize = shape[axis]!;
      // TFLite's reference kernels: the scale in float, half-pixel centres shift by 0.5.
      const scale = Math.fround(align && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize);
      const sampler = bilinear
        ? linearSampler(outSize, (o) => (half ? (o + 0.5) * scale - 0.5 : o * scale), inSize)
        : nearestSampler(
            outSize,
            (o) => {
              const v = (o + (half ? 0.5 : 0)) * scale;
              return align ? roundHalfAway(v) : Math.floor(v);
            },
            inSize,
          );
      const out = ctx.alloc((sizeOf(shape) / inSize) * outSize);
      shape = resizeAxis(data, shape, axis, sampler, out);
      data = out;
    }
    return [{ dtype: x.dtype, shape, data }];
  };
}

// Tensors hold real values, so QUANTIZE and DEQUANTIZE pass them on; the runner snaps a quantized output
// onto its grid, and constants (int8, float16) were decoded to real values when loaded.
const passThrough: OpDef = { run: (ctx) => [ctx.input(0)] };

export const tfliteMiscOps: OpTable = {
  SOFTMAX: { run: softmax(false) },
  LOG_SOFTMAX: { run: softmax(true) },
  MEAN: reducer({ init: 0, add: (a, v) => a + v, finish: (a, n) => a / n }),
  SUM: reducer({ init: 0, add: (a, v) => a + v }),
  REDUCE_MAX: reducer({ init: -Infinity, add: (a, v) => (v > a ? v : a) }),
  AVERAGE_POOL_2D: { run: pool(false), check: activationProblem },
  MAX_POOL_2D: { run: pool(true), check: activationProblem },
  QUANTIZE: passThrough,
  DEQUANTIZE: passThrough,
  RESIZE_BILINEAR: { run: resize(true) },
  RESIZE_NEAREST_NEIGHBOR: { run: resize(false) },
};
