// Resizing: Resize (opset 10 scales; 11+ roi/scales/sizes; 18+ axes and keep_aspect_ratio_policy) and
// Upsample (opset 7 scales attribute, 9 scales input).
import type { Dim, Shape } from '../../ir/types';
import { floatAttr, floatsAttr, intsAttr, stringAttr } from '../attrs';
import type { RuleContext, ShapeRule } from '../context';
import { fail } from '../context';
import { isNum, normAxes, unknownDims } from '../dims';
import { out } from './common';

/** floor(input × scale), multiplied in float32 as the ONNX reference does. */
function scaled(d: Dim, scale: number): Dim {
  return isNum(d) ? Math.floor(Math.fround(Math.fround(d) * Math.fround(scale))) : scale === 1 ? d : null;
}

function byScales(x: Shape, axes: readonly number[], scales: readonly number[], roi?: readonly number[]): Shape {
  if (scales.length !== axes.length) fail('shape-mismatch', `${scales.length} scales for ${axes.length} axes`);
  const shape: Dim[] = [...x];
  axes.forEach((a, i) => {
    const d = x[a] ?? null;
    // tf_crop_and_resize scales the cropped extent: floor(input × (roi_end − roi_start) × scale).
    const extent = roi && roi.length === 2 * axes.length ? (roi[i + axes.length] ?? 1) - (roi[i] ?? 0) : undefined;
    shape[a] =
      extent === undefined ? scaled(d, scales[i] ?? 1) : isNum(d) ? Math.floor(d * extent * (scales[i] ?? 1)) : null;
  });
  return shape;
}

function bySizes(ctx: RuleContext, x: Shape, axes: readonly number[], sizes: readonly Dim[]): Shape {
  if (sizes.length !== axes.length) fail('shape-mismatch', `${sizes.length} sizes for ${axes.length} axes`);
  const shape: Dim[] = [...x];
  const policy = ctx.opset >= 18 ? stringAttr(ctx.node, 'keep_aspect_ratio_policy', 'stretch') : 'stretch';
  if (policy === 'stretch') {
    axes.forEach((a, i) => (shape[a] = sizes[i] ?? null));
    return shape;
  }
  // not_larger / not_smaller: one scale for every axis, then round(scale × input) (Resize-18).
  const ratios = axes.map((a, i) => {
    const d = x[a];
    const s = sizes[i];
    return isNum(d) && isNum(s) ? s / d : undefined;
  });
  if (ratios.some((r) => r === undefined)) return shape.map((d, a) => (axes.includes(a) ? null : d));
  const known = ratios as number[];
  const scale = policy === 'not_larger' ? Math.min(...known) : Math.max(...known);
  axes.forEach((a) => (shape[a] = Math.round(scale * ((x[a] as number) ?? 0))));
  return shape;
}

const resize: ShapeRule = (ctx) => {
  const dtype = ctx.dtype(0);
  const x = ctx.shape(0);
  if (!x) return [out(dtype)];
  const axesAttr = ctx.opset >= 18 ? intsAttr(ctx.node, 'axes') : undefined;
  const axes = axesAttr ? normAxes(axesAttr, x.length) : x.map((_, i) => i);
  const scalesAt = ctx.opset >= 11 ? 2 : 1;
  const sizesAt = ctx.opset >= 11 ? 3 : -1;
  const sizes = sizesAt > 0 && ctx.has(sizesAt) ? ctx.value(sizesAt) : undefined;
  if (sizes && sizes.values.length > 0) return [out(dtype, bySizes(ctx, x, axes, sizes.values))];
  const scales = ctx.has(scalesAt) ? ctx.numbers(scalesAt) : undefined;
  const crop = ctx.opset >= 11 && stringAttr(ctx.node, 'coordinate_transformation_mode', '') === 'tf_crop_and_resize';
  const roi = crop && ctx.has(1) ? ctx.numbers(1) : undefined;
  if (crop && ctx.has(1) && !roi) return [out(dtype, unknownDims(x.length))];
  if (scales && scales.length > 0) return [out(dtype, byScales(x, axes, scales, roi))];
  return [out(dtype, unknownDims(x.length))];
};

const upsample: ShapeRule = (ctx) => {
  const dtype = ctx.dtype(0);
  const x = ctx.shape(0);
  if (!x) return [out(dtype)];
  const axes = x.map((_, i) => i);
  if (ctx.opset >= 9) {
    const scales = ctx.numbers(1);
    return [out(dtype, scales ? byScales(x, axes, scales) : unknownDims(x.length))];
  }
  const scales = floatsAttr(ctx.node, 'scales');
  if (scales) return [out(dtype, byScales(x, axes, scales))];
  // Upsample-1: height_scale and width_scale on an N, C, H, W input.
  const h = floatAttr(ctx.node, 'height_scale', 1);
  const w = floatAttr(ctx.node, 'width_scale', 1);
  return [
    out(
      dtype,
      byScales(
        x,
        axes,
        x.map((_, i) => (i === 2 ? h : i === 3 ? w : 1)),
      ),
    ),
  ];
};

/** Rules of the resizing ops (default domain). */
export const resizeRules: Readonly<Record<string, ShapeRule>> = {
  Resize: resize,
  Upsample: upsample,
};
