// Convolutions: Conv and ConvTranspose (quant.ts reuses convShape for ConvInteger and QLinearConv).
import type { Dim, Shape } from '../../ir/types';
import { intAttr, intsAttr, stringAttr } from '../attrs';
import type { RuleContext, ShapeRule } from '../context';
import { fail } from '../context';
import { unknownDims } from '../dims';
import { out } from './common';
import { windowOf, windowOutput } from './window';

function kernelOf(ctx: RuleContext, w: Shape | undefined, n: number): Dim[] {
  const attr = intsAttr(ctx.node, 'kernel_shape');
  if (attr !== undefined) {
    if (attr.length !== n) fail('bad-attribute', `kernel_shape has ${attr.length} values for ${n} spatial axes`);
    return [...attr];
  }
  return w ? w.slice(2) : unknownDims(n);
}

/** Output shape of a convolution with input X at `x` and weights W at `w`. */
export function convShape(ctx: RuleContext, x: number, w: number): Shape | undefined {
  const xs = ctx.shape(x);
  const ws = ctx.shape(w);
  const rank = xs?.length ?? ws?.length;
  if (rank === undefined) return undefined;
  if (rank < 3) fail('shape-mismatch', `the input has rank ${rank}; a convolution needs N, C and spatial axes`);
  if (xs && ws && xs.length !== ws.length)
    fail('shape-mismatch', `input rank ${xs.length} and weight rank ${ws.length} differ`);
  const group = intAttr(ctx.node, 'group', 1);
  const channels = xs?.[1];
  const perGroup = ws?.[1];
  if (typeof channels === 'number' && typeof perGroup === 'number' && channels !== perGroup * group)
    fail('shape-mismatch', `input has ${channels} channels but weights expect ${perGroup} × group ${group}`);
  const n = rank - 2;
  const kernelWindow = windowOf(ctx.node, n, kernelOf(ctx, ws, n));
  const spatial = xs ? windowOutput(xs.slice(2), kernelWindow) : unknownDims(n);
  return [xs?.[0] ?? null, ws?.[0] ?? null, ...spatial];
}

const conv: ShapeRule = (ctx) => [out(ctx.dtype(0), convShape(ctx, 0, 1))];

const convTranspose: ShapeRule = (ctx) => {
  const xs = ctx.shape(0);
  const ws = ctx.shape(1);
  const dtype = ctx.dtype(0);
  if (!xs) return [out(dtype)];
  const n = xs.length - 2;
  if (n < 1) fail('shape-mismatch', `the input has rank ${xs.length}; a convolution needs N, C and spatial axes`);
  const group = intAttr(ctx.node, 'group', 1);
  const perGroup = ws?.[1];
  const channels = typeof perGroup === 'number' ? perGroup * group : null;
  const outputShape = intsAttr(ctx.node, 'output_shape');
  if (outputShape !== undefined && outputShape.length > 0) {
    // The spec gives spatial sizes; some exporters write the full N, C, ... shape.
    return [out(dtype, [xs[0] ?? null, channels, ...outputShape.slice(-n)])];
  }
  const kernelWindow = windowOf(ctx.node, n, kernelOf(ctx, ws, n));
  const outputPadding = intsAttr(ctx.node, 'output_padding') ?? [];
  const autoPad = stringAttr(ctx.node, 'auto_pad', 'NOTSET');
  const spatial = xs.slice(2).map((input, i): Dim => {
    const s = kernelWindow.strides[i] ?? 1;
    if (typeof input !== 'number') return null;
    // ConvTranspose spec: SAME pads so that output = input × stride.
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return input * s;
    const k = kernelWindow.kernel[i];
    if (typeof k !== 'number') return null;
    const effective = (k - 1) * (kernelWindow.dilations[i] ?? 1) + 1;
    const pads = autoPad === 'VALID' ? 0 : (kernelWindow.pads[i] ?? 0) + (kernelWindow.pads[i + n] ?? 0);
    return s * (input - 1) + (outputPadding[i] ?? 0) + effective - pads;
  });
  return [out(dtype, [xs[0] ?? null, channels, ...spatial])];
};

/** Rules of the convolutions (default domain). */
export const convRules: Readonly<Record<string, ShapeRule>> = {
  Conv: conv,
  // DeformConv (opset 19): X, W, offset, B, mask; the output is shaped as Conv's.
  DeformConv: conv,
  ConvTranspose: convTranspose,
};
