// TF ops that pick from, describe, generate or reduce tensors: Gather, Shape/Size/Rank (folded, symbols
// included, for the shape arithmetic graph models do), Fill, Range, reductions, ArgMax, OneHot, resizing.
import type { DType } from '../../../ir/dtype';
import type { Dim } from '../../../ir/types';
import { intAttr } from '../../attrs';
import type { KnownValue, ShapeRule } from '../../context';
import { fail } from '../../context';
import { dimProduct, isNum, unknownDims } from '../../dims';
import { makeValue } from '../../values';
import { out } from '../common';
import { axisIn, boolAttr, dataInputs, scalarOf, typeAttr } from './tf-attrs';

/** GatherV2: params[:axis] + indices[batch_dims:] + params[axis+1:]; folds picks from a known vector. */
function gather(axisInput: number | undefined): ShapeRule {
  return (ctx) => {
    const params = ctx.shape(0);
    const indices = ctx.shape(1);
    const dtype = ctx.dtype(0) ?? typeAttr(ctx.node, 'dtype');
    const rawAxis = axisInput === undefined ? 0 : scalarOf(ctx, axisInput);
    if (!params || !indices || rawAxis === undefined) return [out(dtype)];
    const axis = axisIn(rawAxis, params.length);
    const batchDims = intAttr(ctx.node, 'batch_dims', 0);
    const b = batchDims < 0 ? batchDims + indices.length : batchDims;
    const shape = [...params.slice(0, axis), ...indices.slice(b), ...params.slice(axis + 1)];
    const p = ctx.value(0);
    const idx = ctx.numbers(1);
    let value: KnownValue | undefined;
    if (p && idx && params.length === 1 && b === 0 && dtype) {
      const n = p.values.length;
      value = makeValue(
        dtype,
        indices as number[],
        idx.map((i) => p.values[i < 0 ? i + n : i] ?? null),
      );
    }
    return [out(dtype, shape, value)];
  };
}

// ResourceGather reads a variable: graph models keep none, so only the element type is known.
const resourceGather: ShapeRule = (ctx) => [out(typeAttr(ctx.node, 'dtype'))];

const shapeOp: ShapeRule = (ctx) => {
  const dtype: DType = typeAttr(ctx.node, 'out_type') ?? 'int32';
  const x = ctx.shape(0);
  return [out(dtype, x ? [x.length] : [null], x ? { dtype, shape: [x.length], values: [...x] } : undefined)];
};

const shapeN: ShapeRule = (ctx) =>
  dataInputs(ctx).map((i) => {
    const dtype: DType = typeAttr(ctx.node, 'out_type') ?? 'int32';
    const x = ctx.shape(i);
    return out(dtype, x ? [x.length] : [null], x ? { dtype, shape: [x.length], values: [...x] } : undefined);
  });

const size: ShapeRule = (ctx) => {
  const dtype: DType = typeAttr(ctx.node, 'out_type') ?? 'int32';
  const x = ctx.shape(0);
  const n = x ? dimProduct(x) : null;
  return [out(dtype, [], n !== null ? { dtype, shape: [], values: [n] } : undefined)];
};

const rank: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  return [out('int32', [], x ? { dtype: 'int32', shape: [], values: [x.length] } : undefined)];
};

const fill: ShapeRule = (ctx) => {
  const dims = ctx.value(0)?.values;
  return [out(ctx.dtype(1), dims ?? (isNum(ctx.shape(0)?.[0]) ? unknownDims(ctx.shape(0)![0] as number) : undefined))];
};

const range: ShapeRule = (ctx) => {
  const dtype = ctx.dtype(0) ?? typeAttr(ctx.node, 'Tidx');
  const [start, limit, delta] = [scalarOf(ctx, 0), scalarOf(ctx, 1), scalarOf(ctx, 2)];
  if (start === undefined || limit === undefined || delta === undefined) return [out(dtype, [null])];
  if (delta === 0) fail('bad-attribute', 'Range delta cannot be 0');
  const n = Math.max(0, Math.ceil((limit - start) / delta));
  const value = dtype
    ? makeValue(
        dtype,
        [n],
        Array.from({ length: n }, (_, i) => start + i * delta),
      )
    : undefined;
  return [out(dtype, [n], value)];
};

/** Mean/Sum/Max/Min/Prod/All/Any over `reduction_indices` (input 1), keep_dims. */
const reduction: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const keep = boolAttr(ctx.node, 'keep_dims', false);
  const axes = ctx.numbers(1);
  if (!x) return [out(ctx.dtype(0))];
  if (!axes) return [out(ctx.dtype(0), keep ? unknownDims(x.length) : undefined)];
  const reduced = new Set(axes.map((a) => axisIn(a, x.length)));
  const shape: Dim[] = [];
  x.forEach((d, i) => (reduced.has(i) ? keep && shape.push(1) : shape.push(d)));
  return [out(ctx.dtype(0), shape)];
};

const argMax: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const dtype: DType = typeAttr(ctx.node, 'output_type') ?? 'int64';
  const axis = scalarOf(ctx, 1);
  if (!x || axis === undefined) return [out(dtype, x && x.length > 0 ? unknownDims(x.length - 1) : undefined)];
  const a = axisIn(axis, x.length);
  return [
    out(
      dtype,
      x.filter((_, i) => i !== a),
    ),
  ];
};

const oneHot: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const depth = scalarOf(ctx, 1) ?? null;
  const dtype = ctx.dtype(2) ?? typeAttr(ctx.node, 'T');
  if (!x) return [out(dtype)];
  const axis = intAttr(ctx.node, 'axis', -1);
  const at = axis === -1 ? x.length : axisIn(axis, x.length + 1);
  return [out(dtype, [...x.slice(0, at), depth, ...x.slice(at)])];
};

/** ResizeBilinear / ResizeNearestNeighbor: NHWC images, size = [new_height, new_width]. */
const resize: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const s = ctx.numbers(1);
  const dtype = ctx.node.op === 'ResizeBilinear' ? 'float32' : ctx.dtype(0);
  if (!x) return [out(dtype)];
  if (x.length !== 4) fail('shape-mismatch', `images must have rank 4, not ${x.length}`);
  return [out(dtype, [x[0] ?? null, s?.[0] ?? null, s?.[1] ?? null, x[3] ?? null])];
};

const topK: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const k = scalarOf(ctx, 1) ?? null;
  const shape = x && x.length > 0 ? [...x.slice(0, -1), k] : undefined;
  return [out(ctx.dtype(0), shape), out(typeAttr(ctx.node, 'index_type') ?? 'int32', shape)];
};

/** Gathering, shape-reading, generating and reducing rules of TF graph-model ops. */
export const tfGatherReduceRules: Readonly<Record<string, ShapeRule>> = {
  GatherV2: gather(2),
  Gather: gather(undefined),
  ResourceGather: resourceGather,
  Shape: shapeOp,
  ShapeN: shapeN,
  Size: size,
  Rank: rank,
  Fill: fill,
  Range: range,
  Mean: reduction,
  Sum: reduction,
  Max: reduction,
  Min: reduction,
  Prod: reduction,
  All: reduction,
  Any: reduction,
  ArgMax: argMax,
  ArgMin: argMax,
  OneHot: oneHot,
  ResizeBilinear: resize,
  ResizeNearestNeighbor: resize,
  TopKV2: topK,
};
