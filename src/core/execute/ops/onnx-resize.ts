// ONNX Resize (opset 10–19: nearest and linear, every coordinate mode but tf_crop_and_resize) and
// Upsample. Axes are resized one at a time (both modes are separable).
import { intAttr, intsAttr, floatsAttr, stringAttr } from '../attrs';
import { fmtShape, sizeOf } from '../shape-util';
import { linearSampler, nearestSampler, resizeAxis, type AxisSampler } from './resize-loops';
import type { KernelContext, Node, OpTable, RuntimeTensor } from './op-types';

const COORD_MODES = new Set([
  'half_pixel',
  'pytorch_half_pixel',
  'align_corners',
  'asymmetric',
  'tf_half_pixel_for_nn',
]);

function check(node: Node, opset: number): string | undefined {
  const mode = stringAttr(node, 'mode', 'nearest');
  if (mode !== 'nearest' && mode !== 'linear' && mode !== 'bilinear') return `mode "${mode}" is not supported`;
  if (node.op === 'Upsample' || opset < 11) return undefined;
  const coord = stringAttr(node, 'coordinate_transformation_mode', 'half_pixel');
  if (!COORD_MODES.has(coord)) return `coordinate_transformation_mode "${coord}" is not supported`;
  if (intAttr(node, 'antialias', 0) !== 0) return 'antialias is not supported';
  const policy = stringAttr(node, 'keep_aspect_ratio_policy', 'stretch');
  if (policy !== 'stretch') return `keep_aspect_ratio_policy "${policy}" is not supported`;
  return undefined;
}

/** Output size and scale per axis, from `sizes` or `scales`. */
function targets(ctx: KernelContext, x: RuntimeTensor): { sizes: number[]; scales: number[] } {
  const rank = x.shape.length;
  const node = ctx.node;
  let scales: readonly number[] | undefined;
  let sizes: readonly number[] | undefined;
  const fromInput = (t: RuntimeTensor | undefined): number[] | undefined => (t ? Array.from(t.data) : undefined);
  if (node.op === 'Upsample') scales = ctx.opset < 9 ? floatsAttr(node, 'scales') : fromInput(ctx.inputs[1]);
  else if (ctx.opset < 11) scales = fromInput(ctx.inputs[1]);
  else {
    const s = ctx.inputs[2];
    const z = ctx.inputs[3];
    if (z && z.data.length > 0) sizes = Array.from(z.data);
    else if (s && s.data.length > 0) scales = Array.from(s.data);
  }
  // Opset 18: scales / sizes may name only some axes.
  const axes = intsAttr(node, 'axes')?.map((a) => (a < 0 ? a + rank : a)) ?? x.shape.map((_, i) => i);
  const fullScales = new Array<number>(rank).fill(1);
  const fullSizes = [...x.shape];
  axes.forEach((axis, i) => {
    if (sizes) {
      fullSizes[axis] = sizes[i]!;
      fullScales[axis] = sizes[i]! / x.shape[axis]!;
    } else if (scales) {
      fullScales[axis] = scales[i]!;
      fullSizes[axis] = Math.floor(x.shape[axis]! * scales[i]!);
    }
  });
  if (!sizes && !scales) ctx.fail('shape-mismatch', 'neither scales nor sizes is given');
  if ((sizes ?? scales)!.length !== axes.length)
    ctx.fail(
      'shape-mismatch',
      `${(sizes ?? scales)!.length} scales or sizes for an input of shape ${fmtShape(x.shape)}`,
    );
  return { sizes: fullSizes, scales: fullScales };
}

/** x_original of output position o (ONNX Resize's coordinate_transformation_mode). */
function coordinate(mode: string, o: number, scale: number, inSize: number, outSize: number): number {
  switch (mode) {
    case 'pytorch_half_pixel':
      return outSize > 1 ? (o + 0.5) / scale - 0.5 : 0;
    case 'align_corners':
      return outSize === 1 ? 0 : (o * (inSize - 1)) / (outSize - 1);
    case 'asymmetric':
      return o / scale;
    case 'tf_half_pixel_for_nn':
      return (o + 0.5) / scale;
    default:
      return (o + 0.5) / scale - 0.5;
  }
}

function nearestIndex(mode: string, v: number): number {
  const f = Math.floor(v);
  const half = v - f === 0.5;
  switch (mode) {
    case 'floor':
      return f;
    case 'ceil':
      return Math.ceil(v);
    case 'round_prefer_ceil':
      return half ? f + 1 : Math.round(v);
    default:
      return half ? f : Math.round(v);
  }
}

function sampler(ctx: KernelContext, inSize: number, outSize: number, scale: number): AxisSampler {
  const node = ctx.node;
  const linear = stringAttr(node, 'mode', 'nearest') !== 'nearest';
  // Upsample and Resize-10: asymmetric coordinates; nearest floors when enlarging (onnxruntime ceils
  // when shrinking).
  const legacy = node.op === 'Upsample' || ctx.opset < 11;
  const coord = legacy ? 'asymmetric' : stringAttr(node, 'coordinate_transformation_mode', 'half_pixel');
  const at = (o: number): number => coordinate(coord, o, scale, inSize, outSize);
  if (linear) return linearSampler(outSize, at, inSize);
  const rounding = legacy ? (scale >= 1 ? 'floor' : 'ceil') : stringAttr(node, 'nearest_mode', 'round_prefer_floor');
  return nearestSampler(outSize, (o) => nearestIndex(rounding, at(o)), inSize);
}

function resize(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const { sizes, scales } = targets(ctx, x);
  let shape: readonly number[] = x.shape;
  let data = x.data;
  for (let axis = 0; axis < shape.length; axis++) {
    if (sizes[axis] === shape[axis] && scales[axis] === 1) continue;
    const out = ctx.alloc((sizeOf(shape) / shape[axis]!) * sizes[axis]!);
    shape = resizeAxis(data, shape, axis, sampler(ctx, shape[axis]!, sizes[axis]!, scales[axis]!), out);
    data = out;
  }
  return [{ dtype: x.dtype, shape, data }];
}

export const onnxResizeOps: OpTable = {
  Resize: { run: resize, check },
  Upsample: { run: resize, check },
};
