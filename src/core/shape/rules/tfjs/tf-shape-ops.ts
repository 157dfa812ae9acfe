// TF ops that rearrange, join, cut or pad tensors. Graph models compute shapes at run time (Shape →
// StridedSlice → Pack → Reshape), so Pack and ConcatV2 fold known values, symbols included, and Reshape
// reads them.
import type { Dim, Shape } from '../../../ir/types';
import { intAttr, intsAttr } from '../../attrs';
import type { KnownValue, RuleContext, ShapeRule } from '../../context';
import { fail } from '../../context';
import { dimProduct, isNum, mergeDim, unknownDims } from '../../dims';
import { makeValue } from '../../values';
import { out } from '../common';
import { axisIn, dataInputs, scalarOf } from './tf-attrs';
import { minusOne } from '../reshape';

const reshape: ShapeRule = (ctx) => {
  const dtype = ctx.dtype(0);
  const input = ctx.shape(0);
  const target = ctx.value(1)?.values;
  if (!target) {
    const rank = ctx.shape(1)?.[0];
    return [out(dtype, isNum(rank) ? unknownDims(rank) : undefined)];
  }
  if (target.filter((d) => d === -1).length > 1) fail('bad-attribute', 'the target shape has more than one -1');
  const dims = [...target];
  const at = dims.indexOf(-1);
  if (at >= 0)
    dims[at] = minusOne(
      input,
      dims.filter((_, i) => i !== at),
    );
  if (input?.every(isNum) && dims.every(isNum) && dimProduct(input) !== dimProduct(dims))
    fail('shape-mismatch', `cannot reshape [${input.join(', ')}] into [${dims.join(', ')}]`);
  const v = ctx.value(0);
  const value = v && dims.every(isNum) ? { dtype: v.dtype, shape: dims as number[], values: v.values } : undefined;
  return [out(dtype, dims, value)];
};

const squeeze: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  if (!x) return [out(ctx.dtype(0))];
  const axes = (intsAttr(ctx.node, 'squeeze_dims') ?? intsAttr(ctx.node, 'axis') ?? []).map((a) => axisIn(a, x.length));
  if (axes.length === 0) {
    // Without axes every size-1 dim goes; a dim of unknown size might be one of them.
    if (x.some((d) => !isNum(d))) return [out(ctx.dtype(0))];
    return [
      out(
        ctx.dtype(0),
        x.filter((d) => d !== 1),
      ),
    ];
  }
  for (const a of axes) if (isNum(x[a]) && x[a] !== 1) fail('shape-mismatch', `dim ${a} has size ${x[a]}, not 1`);
  return [
    out(
      ctx.dtype(0),
      x.filter((_, i) => !axes.includes(i)),
    ),
  ];
};

const expandDims: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const axis = scalarOf(ctx, 1);
  if (!x || axis === undefined) return [out(ctx.dtype(0))];
  const at = axisIn(axis, x.length + 1);
  const shape = [...x.slice(0, at), 1, ...x.slice(at)];
  const v = ctx.value(0);
  return [out(ctx.dtype(0), shape, v && { dtype: v.dtype, shape: shape as number[], values: v.values })];
};

/** Joins inputs along `axis`; folds 1-D known values (shape vectors). */
function concat(ctx: RuleContext, parts: readonly number[], axis: number | undefined): ReturnType<ShapeRule> {
  const dtype = parts.map((i) => ctx.dtype(i)).find((d) => d !== undefined);
  const shapes = parts.map((i) => ctx.shape(i));
  const known = shapes.filter((s): s is Shape => s !== undefined);
  if (known.length === 0 || axis === undefined)
    return [out(dtype, known[0] ? unknownDims(known[0].length) : undefined)];
  const rank = known[0]!.length;
  const a = axisIn(axis, rank);
  const shape: Dim[] = [];
  for (let d = 0; d < rank; d++) {
    if (d === a) {
      shape.push(shapes.every((s) => s !== undefined) ? dimProductSum(shapes.map((s) => s![d] ?? null)) : null);
      continue;
    }
    let dim: Dim = null;
    for (const s of known) {
      if (s.length !== rank) fail('shape-mismatch', `inputs of ranks ${rank} and ${s.length} cannot be joined`);
      dim = mergeDim(dim, s[d] ?? null, () => fail('shape-mismatch', `inputs differ in dim ${d}`));
    }
    shape.push(dim);
  }
  const values = parts.map((i) => ctx.value(i));
  const value =
    rank === 1 && dtype && values.every((v): v is KnownValue => v !== undefined)
      ? makeValue(
          dtype,
          [values.reduce((n, v) => n + v.values.length, 0)],
          values.flatMap((v) => v.values),
        )
      : undefined;
  return [out(dtype, shape, value)];
}

function dimProductSum(dims: readonly Dim[]): Dim {
  return dims.every(isNum) ? dims.reduce((a, b) => a + b, 0) : null;
}

const concatV2: ShapeRule = (ctx) => {
  const inputs = dataInputs(ctx);
  return concat(ctx, inputs.slice(0, -1), scalarOf(ctx, inputs[inputs.length - 1] ?? 0));
};

const concatV1: ShapeRule = (ctx) => concat(ctx, dataInputs(ctx).slice(1), scalarOf(ctx, 0));

/** Pack (tf.stack): N same-shaped inputs gain a new dim of size N at `axis`; scalars fold into a vector. */
const pack: ShapeRule = (ctx) => {
  const inputs = dataInputs(ctx);
  const dtype = inputs.map((i) => ctx.dtype(i)).find((d) => d !== undefined);
  const shapes = inputs.map((i) => ctx.shape(i)).filter((s): s is Shape => s !== undefined);
  if (shapes.length === 0) return [out(dtype)];
  const rank = shapes[0]!.length;
  const each = shapes[0]!.map((_, d) =>
    shapes.reduce<Dim>((dim, s) => {
      if (s.length !== rank) fail('shape-mismatch', `inputs of ranks ${rank} and ${s.length} cannot be stacked`);
      return mergeDim(dim, s[d] ?? null, () => fail('shape-mismatch', `inputs differ in dim ${d}`));
    }, null),
  );
  const at = axisIn(intAttr(ctx.node, 'axis', 0), rank + 1);
  const shape = [...each.slice(0, at), inputs.length, ...each.slice(at)];
  const values = inputs.map((i) => ctx.value(i));
  const value =
    rank === 0 && dtype && values.every((v): v is KnownValue => v !== undefined)
      ? makeValue(
          dtype,
          [inputs.length],
          values.map((v) => v.values[0] ?? null),
        )
      : undefined;
  return [out(dtype, shape, value)];
};

const unpack: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const num = intAttr(ctx.node, 'num', ctx.node.outputs.length);
  if (!x) return Array.from({ length: num }, () => out(ctx.dtype(0)));
  const at = axisIn(intAttr(ctx.node, 'axis', 0), x.length);
  const shape = x.filter((_, i) => i !== at);
  return Array.from({ length: num }, () => out(ctx.dtype(0), shape));
};

/** Pad, PadV2, MirrorPad: paddings [rank, 2] of before/after counts. */
const pad: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const p = ctx.numbers(1);
  if (!x) return [out(ctx.dtype(0))];
  if (!p) return [out(ctx.dtype(0), unknownDims(x.length))];
  if (p.length !== 2 * x.length) fail('shape-mismatch', `paddings hold ${p.length} values for rank ${x.length}`);
  return [
    out(
      ctx.dtype(0),
      x.map((d, i) => (isNum(d) ? d + p[2 * i]! + p[2 * i + 1]! : null)),
    ),
  ];
};

const transpose: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const perm = ctx.numbers(1);
  if (!x) return [out(ctx.dtype(0))];
  if (!perm) return [out(ctx.dtype(0), unknownDims(x.length))];
  if (perm.length !== x.length) fail('shape-mismatch', `perm has ${perm.length} entries for rank ${x.length}`);
  return [
    out(
      ctx.dtype(0),
      perm.map((p) => x[axisIn(p, x.length, 'perm entry')] ?? null),
    ),
  ];
};

const tile: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const m = ctx.numbers(1);
  if (!x) return [out(ctx.dtype(0))];
  if (!m) return [out(ctx.dtype(0), unknownDims(x.length))];
  if (m.length !== x.length) fail('shape-mismatch', `multiples has ${m.length} entries for rank ${x.length}`);
  return [
    out(
      ctx.dtype(0),
      x.map((d, i) => (isNum(d) ? d * m[i]! : m[i] === 1 ? d : null)),
    ),
  ];
};

/** Slice: begin and size (−1: to the end) per dim. */
const slice: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const begin = ctx.numbers(1);
  const sizes = ctx.numbers(2);
  if (!x) return [out(ctx.dtype(0))];
  if (!begin || !sizes) return [out(ctx.dtype(0), unknownDims(x.length))];
  return [
    out(
      ctx.dtype(0),
      x.map((d, i) => (sizes[i] === -1 ? (isNum(d) ? d - begin[i]! : null) : (sizes[i] ?? null))),
    ),
  ];
};

/** Shape-manipulating, joining, gathering and reducing rules of TF graph-model ops. */
/** Rules of TF graph-model ops that reshape, join, cut and pad tensors. */
export const tfShapeRules: Readonly<Record<string, ShapeRule>> = {
  Reshape: reshape,
  Squeeze: squeeze,
  ExpandDims: expandDims,
  ConcatV2: concatV2,
  Concat: concatV1,
  Pack: pack,
  Unpack: unpack,
  Pad: pad,
  PadV2: pad,
  MirrorPad: pad,
  Transpose: transpose,
  Tile: tile,
  Slice: slice,
};
