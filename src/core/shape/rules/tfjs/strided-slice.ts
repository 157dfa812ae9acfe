// TF StridedSlice (array_ops.cc): begin/end/strides give a sparse spec whose entries are expanded into
// one per input dim. Bit i of ellipsis_mask makes entry i stand for every dim no other entry takes;
// new_axis_mask inserts a dim of 1; shrink_axis_mask takes one index and drops the dim; begin_mask /
// end_mask ignore begin[i] / end[i] (the full range in the stride's direction). Without an ellipsis the
// dims after the spec are taken whole. Known values (1-D shape vectors mostly) are sliced too.
import type { Dim, Shape } from '../../../ir/types';
import { intAttr } from '../../attrs';
import type { KnownValue, ShapeRule } from '../../context';
import { fail } from '../../context';
import { isNum, unknownDims } from '../../dims';
import { makeValue, strides as rowStrides } from '../../values';
import { out } from '../common';

/** One dim of the expanded spec: a new axis, a whole input dim, or a range / index of an input dim. */
type Dense =
  | { readonly kind: 'new' }
  | { readonly kind: 'whole'; readonly axis: number }
  | {
      readonly kind: 'range';
      readonly axis: number;
      readonly begin: number;
      readonly end: number;
      readonly stride: number;
      readonly beginMask: boolean;
      readonly endMask: boolean;
      readonly shrink: boolean;
    };

interface Masks {
  readonly begin: number;
  readonly end: number;
  readonly ellipsis: number;
  readonly newAxis: number;
  readonly shrink: number;
}

const bit = (mask: number, i: number): boolean => ((mask >> i) & 1) === 1;

function expand(
  rank: number,
  begin: readonly number[],
  end: readonly number[],
  steps: readonly number[],
  m: Masks,
): Dense[] {
  const n = steps.length;
  if (begin.length !== n || end.length !== n)
    fail('shape-mismatch', `begin, end and strides have ${begin.length}, ${end.length} and ${n} entries`);
  const firstEllipsis = Array.from({ length: n }, (_, i) => i).find((i) => bit(m.ellipsis, i));
  let consuming = 0;
  for (let i = 0; i < n; i++) if (i !== firstEllipsis && !bit(m.newAxis, i)) consuming++;
  const dense: Dense[] = [];
  let axis = 0;
  for (let i = 0; i < n; i++) {
    if (i === firstEllipsis) {
      const covered = rank - consuming;
      if (covered < 0) fail('shape-mismatch', `the slice spec names ${consuming} dims of a rank-${rank} input`);
      for (let k = 0; k < covered; k++) dense.push({ kind: 'whole', axis: axis++ });
    } else if (bit(m.newAxis, i)) dense.push({ kind: 'new' });
    else {
      if (axis >= rank) fail('shape-mismatch', `the slice spec names more dims than the input's ${rank}`);
      const stride = steps[i]!;
      if (stride === 0) fail('bad-attribute', 'a slice stride cannot be 0');
      dense.push({
        kind: 'range',
        axis: axis++,
        begin: begin[i]!,
        end: end[i]!,
        stride,
        beginMask: bit(m.begin, i),
        endMask: bit(m.end, i),
        shrink: bit(m.shrink, i),
      });
    }
  }
  while (axis < rank) dense.push({ kind: 'whole', axis: axis++ });
  return dense;
}

/** The indices a range entry picks from a dim of size `dim` (TF's clamping; negative indices count from the end). */
function picks(d: Extract<Dense, { kind: 'range' }>, dim: number): number[] {
  const wrap = (x: number) => (x < 0 ? x + dim : x);
  if (d.shrink) {
    const i = wrap(d.begin);
    if (i < 0 || i >= dim) fail('shape-mismatch', `slice index ${d.begin} is out of range for a dim of ${dim}`);
    return [i];
  }
  const clamp = (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), hi);
  const out: number[] = [];
  if (d.stride > 0) {
    const b = d.beginMask ? 0 : clamp(wrap(d.begin), 0, dim);
    const e = d.endMask ? dim : clamp(wrap(d.end), 0, dim);
    for (let i = b; i < e; i += d.stride) out.push(i);
  } else {
    const b = d.beginMask ? dim - 1 : clamp(wrap(d.begin), -1, dim - 1);
    const e = d.endMask ? -1 : clamp(wrap(d.end), -1, dim - 1);
    for (let i = b; i > e; i += d.stride) out.push(i);
  }
  return out;
}

function outputShape(x: Shape, dense: readonly Dense[]): Dim[] {
  const shape: Dim[] = [];
  for (const d of dense) {
    if (d.kind === 'new') shape.push(1);
    else if (d.kind === 'whole') shape.push(x[d.axis] ?? null);
    else if (d.shrink) continue;
    else {
      const dim = x[d.axis] ?? null;
      if (isNum(dim)) shape.push(picks(d, dim).length);
      // The whole of a dim of unknown size: begin and end masked (or 0 and "to the end") with stride 1.
      else shape.push(d.stride === 1 && (d.beginMask || d.begin === 0) && d.endMask ? dim : null);
    }
  }
  return shape;
}

/** The sliced elements of a known value (row-major over the input's dims). */
function sliceValue(v: KnownValue, dense: readonly Dense[], shape: readonly Dim[]): KnownValue | undefined {
  if (!shape.every(isNum)) return undefined;
  const perAxis: number[][] = v.shape.map((dim) => Array.from({ length: dim }, (_, i) => i));
  for (const d of dense) if (d.kind === 'range') perAxis[d.axis] = picks(d, v.shape[d.axis]!);
  const st = rowStrides(v.shape);
  let offsets = [0];
  perAxis.forEach((indices, axis) => {
    offsets = offsets.flatMap((o) => indices.map((i) => o + i * st[axis]!));
  });
  return makeValue(
    v.dtype,
    shape as number[],
    offsets.map((o) => v.values[o] ?? null),
  );
}

/** StridedSlice: begin, end and strides are inputs 1–3 (their values must be known for a shape). */
export const stridedSlice: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const dtype = ctx.dtype(0);
  const [begin, end, steps] = [ctx.numbers(1), ctx.numbers(2), ctx.numbers(3)];
  const masks: Masks = {
    begin: intAttr(ctx.node, 'begin_mask', 0),
    end: intAttr(ctx.node, 'end_mask', 0),
    ellipsis: intAttr(ctx.node, 'ellipsis_mask', 0),
    newAxis: intAttr(ctx.node, 'new_axis_mask', 0),
    shrink: intAttr(ctx.node, 'shrink_axis_mask', 0),
  };
  if (!x) return [out(dtype)];
  if (!begin || !end || !steps) {
    // Without the spec only a plain slice (no new, shrunk or ellipsis dims) keeps the rank.
    const plain = masks.ellipsis === 0 && masks.newAxis === 0 && masks.shrink === 0;
    return [out(dtype, plain ? unknownDims(x.length) : undefined)];
  }
  const dense = expand(x.length, begin, end, steps, masks);
  const shape = outputShape(x, dense);
  const v = ctx.value(0);
  return [out(dtype, shape, v ? sliceValue(v, dense, shape) : undefined)];
};
