// ONNX Conv and ConvTranspose (1-D and 2-D, NCHW): attributes to geometry, then the direct loops.
import { intAttr, intsAttr, stringAttr } from '../attrs';
import { fmtShape } from '../shape-util';
import type { KernelContext, Node, OpTable, RuntimeTensor } from './op-types';
import { conv2dNchw, convTranspose2dNchw, type Conv2dGeometry } from './conv-loops';

interface Spatial {
  readonly inSize: number[];
  readonly kernel: number[];
  readonly strides: number[];
  readonly dilations: number[];
  readonly padBegin: number[];
  readonly padEnd: number[];
}

const spatialRankCheck = (node: Node): string | undefined => {
  const k = intsAttr(node, 'kernel_shape');
  return k && k.length > 2 ? `${k.length}-D kernels are not supported (1-D and 2-D are)` : undefined;
};

function spatial(ctx: KernelContext, x: RuntimeTensor, w: RuntimeTensor): Spatial {
  const rank = x.shape.length - 2;
  if (rank < 1 || rank > 2)
    ctx.fail('unsupported-case', `input of shape ${fmtShape(x.shape)}: only 1-D and 2-D convolutions are supported`);
  if (w.shape.length !== rank + 2)
    ctx.fail('shape-mismatch', `weights of shape ${fmtShape(w.shape)} do not fit input ${fmtShape(x.shape)}`);
  const ones = new Array<number>(rank).fill(1);
  const node = ctx.node;
  const pads = intsAttr(node, 'pads') ?? new Array<number>(2 * rank).fill(0);
  return {
    inSize: x.shape.slice(2),
    kernel: [...(intsAttr(node, 'kernel_shape') ?? w.shape.slice(2))],
    strides: [...(intsAttr(node, 'strides') ?? ones)],
    dilations: [...(intsAttr(node, 'dilations') ?? ones)],
    padBegin: pads.slice(0, rank),
    padEnd: pads.slice(rank, 2 * rank),
  };
}

/** 1-D geometry as 2-D with a height of 1. */
function as2d(values: readonly number[], fill: number): [number, number] {
  return values.length === 1 ? [fill, values[0]!] : [values[0]!, values[1]!];
}

function geometry(
  x: RuntimeTensor,
  outC: number,
  s: Spatial,
  out: readonly number[],
  padBegin: readonly number[],
  group: number,
): Conv2dGeometry {
  const [h, w] = as2d(s.inSize, 1);
  const [kh, kw] = as2d(s.kernel, 1);
  const [oh, ow] = as2d(out, 1);
  const [strideH, strideW] = as2d(s.strides, 1);
  const [dilationH, dilationW] = as2d(s.dilations, 1);
  const [padTop, padLeft] = as2d(padBegin, 0);
  return {
    batch: x.shape[0]!,
    inC: x.shape[1]!,
    h,
    w,
    outC,
    kh,
    kw,
    oh,
    ow,
    strideH,
    strideW,
    dilationH,
    dilationW,
    padTop,
    padLeft,
    group,
  };
}

function conv(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const w = ctx.input(1);
  const bias = ctx.inputs[2];
  const group = intAttr(ctx.node, 'group', 1);
  const s = spatial(ctx, x, w);
  if (x.shape[1] !== w.shape[1]! * group)
    ctx.fail(
      'shape-mismatch',
      `input has ${x.shape[1]} channels; weights ${fmtShape(w.shape)} with group ${group} want ${w.shape[1]! * group}`,
    );
  const autoPad = stringAttr(ctx.node, 'auto_pad', 'NOTSET');
  const padBegin: number[] = [];
  const out = s.inSize.map((size, i) => {
    const stride = s.strides[i]!;
    const eff = (s.kernel[i]! - 1) * s.dilations[i]! + 1;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      const o = Math.ceil(size / stride);
      const total = Math.max(0, (o - 1) * stride + eff - size);
      padBegin.push(autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : total - Math.floor(total / 2));
      return o;
    }
    if (autoPad === 'VALID') {
      padBegin.push(0);
      return Math.floor((size - eff) / stride) + 1;
    }
    padBegin.push(s.padBegin[i]!);
    return Math.floor((size + s.padBegin[i]! + s.padEnd[i]! - eff) / stride) + 1;
  });
  if (out.some((o) => o <= 0)) ctx.fail('shape-mismatch', `input ${fmtShape(x.shape)} is smaller than the kernel`);
  const outC = w.shape[0]!;
  const shape = [x.shape[0]!, outC, ...out];
  const data = ctx.alloc(shape.reduce((a, b) => a * b, 1));
  conv2dNchw(x.data, w.data, bias?.data, data, geometry(x, outC, s, out, padBegin, group));
  return [{ dtype: x.dtype, shape, data }];
}

function convTranspose(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const w = ctx.input(1);
  const bias = ctx.inputs[2];
  const group = intAttr(ctx.node, 'group', 1);
  const s = spatial(ctx, x, w);
  if (x.shape[1] !== w.shape[0])
    ctx.fail(
      'shape-mismatch',
      `input has ${x.shape[1]} channels but the weights ${fmtShape(w.shape)} want ${w.shape[0]}`,
    );
  const rank = s.inSize.length;
  const autoPad = stringAttr(ctx.node, 'auto_pad', 'NOTSET');
  const outputPadding = intsAttr(ctx.node, 'output_padding') ?? new Array<number>(rank).fill(0);
  const outputShape = intsAttr(ctx.node, 'output_shape')?.slice(-rank);
  const padBegin: number[] = [];
  const out = s.inSize.map((size, i) => {
    const stride = s.strides[i]!;
    const eff = (s.kernel[i]! - 1) * s.dilations[i]! + 1;
    const full = stride * (size - 1) + outputPadding[i]! + eff;
    const wanted = outputShape?.[i] ?? (autoPad.startsWith('SAME') ? size * stride : undefined);
    if (wanted === undefined) {
      padBegin.push(s.padBegin[i]!);
      return full - s.padBegin[i]! - s.padEnd[i]!;
    }
    // ONNX: total padding from the wanted size; SAME_UPPER puts the smaller half first.
    const total = full - wanted;
    padBegin.push(autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : total - Math.floor(total / 2));
    return wanted;
  });
  const outC = w.shape[1]! * group;
  const shape = [x.shape[0]!, outC, ...out];
  const data = ctx.alloc(shape.reduce((a, b) => a * b, 1));
  convTranspose2dNchw(x.data, w.data, bias?.data, data, geometry(x, outC, s, out, padBegin, group));
  return [{ dtype: x.dtype, shape, data }];
}

export const onnxConvOps: OpTable = {
  Conv: { run: conv, check: spatialRankCheck },
  ConvTranspose: { run: convTranspose, check: spatialRankCheck },
};
