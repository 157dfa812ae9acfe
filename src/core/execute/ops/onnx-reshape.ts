// ONNX ops that change a tensor's shape or type but not its order: Reshape, Flatten, Squeeze, Unsqueeze,
// Expand, Identity, Dropout, Shape, Size, Constant, ConstantOfShape, Cast, CastLike.
import { dtypeFromOnnx } from '../../formats/onnx/dtypes';
import { intAttr, intsAttr } from '../attrs';
import { constantValue } from '../constants';
import { broadcastShapes, fmtShape, intValues, normAxis, sizeOf, stridesOf, withShape } from '../shape-util';
import { caster } from './cast';
import { mapUnary } from './broadcast';
import { copyStrided } from './tensor-loops';
import type { KernelContext, Node, OpTable, RuntimeTensor } from './op-types';

/** The new shape of a Reshape: 0 copies the input dim (unless allowzero), −1 takes what is left. */
export function resolveReshape(
  ctx: KernelContext,
  input: readonly number[],
  target: readonly number[],
  allowZero = false,
): number[] {
  const shape = target.map((d, i) => (d === 0 && !allowZero ? (input[i] ?? 0) : d));
  const total = sizeOf(input);
  const unknown = shape.indexOf(-1);
  if (unknown >= 0) {
    const known = shape.reduce((p, d, i) => (i === unknown ? p : p * d), 1);
    if (known === 0 || total % known !== 0)
      ctx.fail('shape-mismatch', `cannot reshape ${fmtShape(input)} to ${fmtShape(target)}`);
    shape[unknown] = total / known;
  }
  if (sizeOf(shape) !== total) ctx.fail('shape-mismatch', `cannot reshape ${fmtShape(input)} to ${fmtShape(target)}`);
  return shape;
}

/** Axes from the attribute (old opsets) or the optional input `index` (opset ≥ 13). */
function axesOf(ctx: KernelContext, index: number): number[] | undefined {
  if (ctx.opset < 13) return intsAttr(ctx.node, 'axes')?.slice();
  const t = ctx.inputs[index];
  return t ? intValues(t) : undefined;
}

function reshape(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const target = ctx.opset < 5 ? (intsAttr(ctx.node, 'shape') ?? []) : intValues(ctx.input(1));
  return [withShape(x, resolveReshape(ctx, x.shape, target, intAttr(ctx.node, 'allowzero', 0) !== 0))];
}

function flatten(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const rank = x.shape.length;
  let axis = intAttr(ctx.node, 'axis', 1);
  if (axis < 0) axis += rank;
  if (axis < 0 || axis > rank) ctx.fail('shape-mismatch', `axis ${axis} is out of range for rank ${rank}`);
  return [withShape(x, [sizeOf(x.shape.slice(0, axis)), sizeOf(x.shape.slice(axis))])];
}

function squeeze(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const axes = axesOf(ctx, 1)?.map((a) => normAxis(ctx, a, x.shape.length));
  for (const a of axes ?? [])
    if (x.shape[a] !== 1) ctx.fail('shape-mismatch', `cannot squeeze axis ${a} of size ${x.shape[a]}`);
  const keep = x.shape.filter((d, i) => (axes ? !axes.includes(i) : d !== 1));
  return [withShape(x, keep)];
}

function unsqueeze(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const raw = axesOf(ctx, 1) ?? [];
  const rank = x.shape.length + raw.length;
  const axes = new Set(raw.map((a) => normAxis(ctx, a, rank)));
  const shape: number[] = [];
  let next = 0;
  for (let i = 0; i < rank; i++) shape.push(axes.has(i) ? 1 : x.shape[next++]!);
  return [withShape(x, shape)];
}

/** `x` broadcast to `shape` (a copy). */
export function expandTo(ctx: KernelContext, x: RuntimeTensor, shape: readonly number[]): RuntimeTensor {
  const own = stridesOf(x.shape);
  const strides = shape.map((d, i) => {
    const j = i - (shape.length - x.shape.length);
    return j < 0 || x.shape[j] === 1 ? 0 : own[j]!;
  });
  const out = ctx.alloc(sizeOf(shape));
  copyStrided(x.data, 0, strides, shape, out);
  return { dtype: x.dtype, shape, data: out };
}

function expand(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  return [expandTo(ctx, x, broadcastShapes(ctx, x.shape, intValues(ctx.input(1))))];
}

function shapeOp(ctx: KernelContext): RuntimeTensor[] {
  const dims = ctx.input(0).shape;
  const rank = dims.length;
  const clampIndex = (v: number): number => Math.min(rank, Math.max(0, v < 0 ? v + rank : v));
  const start = clampIndex(intAttr(ctx.node, 'start', 0));
  const end = clampIndex(intAttr(ctx.node, 'end', rank));
  const values = dims.slice(start, Math.max(start, end));
  return [{ dtype: 'int64', shape: [values.length], data: Float32Array.from(values) }];
}

function constantOp(ctx: KernelContext): RuntimeTensor[] {
  const a = ctx.node.attributes;
  const v = a['value'];
  if (v?.type === 'tensor') return [constantValue(v.value)];
  const f = a['value_float'] ?? a['value_floats'];
  if (f?.type === 'float') return [{ dtype: 'float32', shape: [], data: Float32Array.of(f.value) }];
  if (f?.type === 'floats') return [{ dtype: 'float32', shape: [f.value.length], data: Float32Array.from(f.value) }];
  const i = a['value_int'] ?? a['value_ints'];
  if (i?.type === 'int') return [{ dtype: 'int64', shape: [], data: Float32Array.of(i.value) }];
  if (i?.type === 'ints') return [{ dtype: 'int64', shape: [i.value.length], data: Float32Array.from(i.value) }];
  return ctx.fail('unsupported-case', 'only numeric tensor, float(s) and int(s) values are supported');
}

function constantOfShape(ctx: KernelContext): RuntimeTensor[] {
  const shape = intValues(ctx.input(0));
  const v = ctx.node.attributes['value'];
  const value = v?.type === 'tensor' ? constantValue(v.value) : undefined;
  const data = ctx.alloc(sizeOf(shape));
  const fill = value?.data[0] ?? 0;
  if (fill !== 0) data.fill(fill);
  return [{ dtype: value?.dtype ?? 'float32', shape, data }];
}

function castTo(ctx: KernelContext, x: RuntimeTensor, dtype: RuntimeTensor['dtype']): RuntimeTensor {
  const f = caster(dtype);
  if (!f) return ctx.fail('unsupported-case', `cannot cast to ${dtype}`);
  return mapUnary(ctx, x, f, dtype);
}

const castCheck = (node: Node): string | undefined => {
  const to = dtypeFromOnnx(intAttr(node, 'to', 1));
  return caster(to) ? undefined : `casting to ${to} is not supported`;
};

export const onnxReshapeOps: OpTable = {
  Reshape: { run: reshape },
  Flatten: { run: flatten },
  Squeeze: { run: squeeze },
  Unsqueeze: { run: unsqueeze },
  Expand: { run: expand },
  Identity: { run: (ctx) => [ctx.input(0)] },
  // Inference: the data passes through; the optional mask output is all true.
  Dropout: {
    run: (ctx) => {
      const x = ctx.input(0);
      if (ctx.inputs[2]?.data[0]) ctx.fail('unsupported-case', 'training mode (random dropout) is not supported');
      const mask = ctx.node.outputs[1] ? ctx.alloc(x.data.length).fill(1) : undefined;
      return [x, mask ? { dtype: 'bool', shape: x.shape, data: mask } : undefined];
    },
  },
  Shape: { run: shapeOp },
  Size: { run: (ctx) => [{ dtype: 'int64', shape: [], data: Float32Array.of(ctx.input(0).data.length) }] },
  Constant: {
    run: constantOp,
    check: (node) => (node.attributes['sparse_value'] ? 'sparse values are not supported' : undefined),
  },
  ConstantOfShape: { run: constantOfShape },
  Cast: { run: (ctx) => [castTo(ctx, ctx.input(0), dtypeFromOnnx(intAttr(ctx.node, 'to', 1)))], check: castCheck },
  CastLike: { run: (ctx) => [castTo(ctx, ctx.input(0), ctx.input(1).dtype)] },
};
