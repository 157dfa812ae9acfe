// TFLite CONV_2D, DEPTHWISE_CONV_2D, TRANSPOSE_CONV and FULLY_CONNECTED (NHWC, fused activations).
import { intAttr, stringAttr } from '../attrs';
import { fmtShape, intValues } from '../shape-util';
import { matmulTransposedB } from './matmul-loops';
import { conv2dNhwc, depthwiseNhwc, transposeConvNhwc, type NhwcGeometry } from './nhwc-loops';
import { activationProblem, applyActivation } from './tflite-activation';
import type { KernelContext, Node, OpTable, RuntimeTensor } from './op-types';

/** Output size and leading padding of one spatial dim (TFLite's ComputePaddingHeightWidth). */
export function tflitePadding(
  padding: string,
  size: number,
  kernel: number,
  stride: number,
  dilation = 1,
): { out: number; before: number } {
  const eff = (kernel - 1) * dilation + 1;
  if (padding === 'VALID') return { out: Math.floor((size - eff) / stride) + 1, before: 0 };
  const out = Math.ceil(size / stride);
  return { out, before: Math.floor(Math.max(0, (out - 1) * stride + eff - size) / 2) };
}

function nhwc(ctx: KernelContext, x: RuntimeTensor): [number, number, number, number] {
  if (x.shape.length !== 4) ctx.fail('shape-mismatch', `wants a 4-D NHWC input, not ${fmtShape(x.shape)}`);
  return x.shape as unknown as [number, number, number, number];
}

function geometry(ctx: KernelContext, x: RuntimeTensor, kh: number, kw: number, outC: number): NhwcGeometry {
  const [batch, h, w, inC] = nhwc(ctx, x);
  const node = ctx.node;
  const padding = stringAttr(node, 'padding', 'SAME');
  const strideH = intAttr(node, 'stride_h', 1);
  const strideW = intAttr(node, 'stride_w', 1);
  const dilationH = intAttr(node, 'dilation_h_factor', 1);
  const dilationW = intAttr(node, 'dilation_w_factor', 1);
  const y = tflitePadding(padding, h, kh, strideH, dilationH);
  const xx = tflitePadding(padding, w, kw, strideW, dilationW);
  if (y.out <= 0 || xx.out <= 0) ctx.fail('shape-mismatch', `input ${fmtShape(x.shape)} is smaller than the filter`);
  return {
    batch,
    h,
    w,
    inC,
    oh: y.out,
    ow: xx.out,
    outC,
    kh,
    kw,
    strideH,
    strideW,
    dilationH,
    dilationW,
    padTop: y.before,
    padLeft: xx.before,
  };
}

function finish(ctx: KernelContext, x: RuntimeTensor, g: NhwcGeometry, out: Float32Array): RuntimeTensor[] {
  applyActivation(ctx.node, out);
  return [{ dtype: x.dtype, shape: [g.batch, g.oh, g.ow, g.outC], data: out }];
}

function conv2d(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const w = ctx.input(1);
  const [outC, kh, kw, perGroup] = w.shape as [number, number, number, number];
  const g = geometry(ctx, x, kh, kw, outC);
  if (g.inC % perGroup !== 0 || outC % (g.inC / perGroup) !== 0)
    ctx.fail('shape-mismatch', `filter ${fmtShape(w.shape)} does not fit ${g.inC} input channels`);
  const out = ctx.alloc(g.batch * g.oh * g.ow * outC);
  conv2dNhwc(x.data, w.data, ctx.inputs[2]?.data, out, g, g.inC / perGroup);
  return finish(ctx, x, g, out);
}

function depthwise(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const w = ctx.input(1);
  const [, kh, kw, outC] = w.shape as [number, number, number, number];
  const g = geometry(ctx, x, kh, kw, outC);
  if (outC % g.inC !== 0) ctx.fail('shape-mismatch', `filter ${fmtShape(w.shape)} does not fit ${g.inC} channels`);
  const out = ctx.alloc(g.batch * g.oh * g.ow * outC);
  depthwiseNhwc(x.data, w.data, ctx.inputs[2]?.data, out, g);
  return finish(ctx, x, g, out);
}

function transposeConv(ctx: KernelContext): RuntimeTensor[] {
  const outShape = intValues(ctx.input(0));
  const w = ctx.input(1);
  const x = ctx.input(2);
  const [batch, h, wd, inC] = nhwc(ctx, x);
  const [outC, kh, kw] = w.shape as [number, number, number, number];
  const [, oh, ow] = outShape as [number, number, number, number];
  const padding = stringAttr(ctx.node, 'padding', 'SAME');
  const strideH = intAttr(ctx.node, 'stride_h', 1);
  const strideW = intAttr(ctx.node, 'stride_w', 1);
  // The padding of the forward convolution that maps the output back onto the input.
  const pad = (size: number, k: number, s: number, out: number): number =>
    padding === 'VALID' ? 0 : Math.floor(Math.max(0, (size - 1) * s + k - out) / 2);
  const g: NhwcGeometry = {
    batch,
    h,
    w: wd,
    inC,
    oh,
    ow,
    outC,
    kh,
    kw,
    strideH,
    strideW,
    dilationH: 1,
    dilationW: 1,
    padTop: pad(h, kh, strideH, oh),
    padLeft: pad(wd, kw, strideW, ow),
  };
  const out = ctx.alloc(batch * oh * ow * outC);
  transposeConvNhwc(x.data, w.data, ctx.inputs[3]?.data, out, g);
  return finish(ctx, x, g, out);
}

function fullyConnected(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const w = ctx.input(1);
  const [units, depth] = w.shape as [number, number];
  if (w.shape.length !== 2 || x.data.length % depth !== 0)
    ctx.fail('shape-mismatch', `weights ${fmtShape(w.shape)} do not fit an input of shape ${fmtShape(x.shape)}`);
  const rows = x.data.length / depth;
  const out = ctx.alloc(rows * units);
  matmulTransposedB(x.data, w.data, out, rows, depth, units, ctx.inputs[2]?.data);
  applyActivation(ctx.node, out);
  const keep = intAttr(ctx.node, 'keep_num_dims', 0) !== 0;
  const shape = keep ? [...x.shape.slice(0, -1), units] : [rows, units];
  return [{ dtype: x.dtype, shape, data: out }];
}

function withActivation(extra?: (node: Node) => string | undefined) {
  return (node: Node): string | undefined => activationProblem(node) ?? extra?.(node);
}

export const tfliteConvOps: OpTable = {
  CONV_2D: { run: conv2d, check: withActivation() },
  DEPTHWISE_CONV_2D: { run: depthwise, check: withActivation() },
  TRANSPOSE_CONV: { run: transposeConv, check: withActivation() },
  FULLY_CONNECTED: {
    run: fullyConnected,
    check: withActivation((node) => {
      const format = stringAttr(node, 'weights_format', 'DEFAULT');
      return format === 'DEFAULT' ? undefined : `weights_format ${format} is not supported`;
    }),
  },
};
