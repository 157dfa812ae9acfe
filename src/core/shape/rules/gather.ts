// Indexing ops: Gather (folded on known values), GatherElements, GatherND, the Scatter family, Compress,
// NonZero, Unique.
import type { Dim } from '../../ir/types';
import { intAttr } from '../attrs';
import type { KnownValue, ShapeRule } from '../context';
import { fail } from '../context';
import { isNum, normAxis } from '../dims';
import { makeValue } from '../values';
import { like, out } from './common';

function gatherValue(data: KnownValue, indices: KnownValue, axis: number): KnownValue | undefined {
  const size = data.shape[axis] ?? 0;
  const outer = data.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = data.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const values: Dim[] = [];
  for (let o = 0; o < outer; o++) {
    for (const raw of indices.values) {
      if (!isNum(raw)) return undefined;
      const index = raw < 0 ? raw + size : raw;
      if (index < 0 || index >= size) fail('shape-mismatch', `index ${raw} is out of range for an axis of ${size}`);
      for (let i = 0; i < inner; i++) values.push(data.values[(o * size + index) * inner + i] ?? null);
    }
  }
  const shape = [...data.shape.slice(0, axis), ...indices.shape, ...data.shape.slice(axis + 1)];
  return makeValue(data.dtype, shape, values);
}

const gather: ShapeRule = (ctx) => {
  const dtype = ctx.dtype(0);
  const data = ctx.shape(0);
  const indices = ctx.shape(1);
  if (!data || !indices) return [out(dtype)];
  if (data.length === 0) fail('shape-mismatch', 'cannot gather from a scalar');
  const axis = normAxis(intAttr(ctx.node, 'axis', 0), data.length);
  const shape = [...data.slice(0, axis), ...indices, ...data.slice(axis + 1)];
  const dv = ctx.value(0);
  const iv = ctx.value(1);
  return [out(dtype, shape, dv && iv ? gatherValue(dv, iv, axis) : undefined)];
};

const gatherND: ShapeRule = (ctx) => {
  const dtype = ctx.dtype(0);
  const data = ctx.shape(0);
  const indices = ctx.shape(1);
  if (!data || !indices) return [out(dtype)];
  const k = indices[indices.length - 1];
  if (!isNum(k)) return [out(dtype)];
  const batch = intAttr(ctx.node, 'batch_dims', 0);
  if (batch + k > data.length) fail('shape-mismatch', `index tuples of ${k} do not fit a rank-${data.length} input`);
  return [out(dtype, [...indices.slice(0, -1), ...data.slice(batch + k)])];
};

const compress: ShapeRule = (ctx) => {
  const dtype = ctx.dtype(0);
  const data = ctx.shape(0);
  const condition = ctx.numbers(1);
  const count = condition ? condition.filter((c) => c !== 0).length : null;
  const axisAttr = intAttr(ctx.node, 'axis');
  if (axisAttr === undefined) return [out(dtype, [count])];
  if (!data) return [out(dtype)];
  const axis = normAxis(axisAttr, data.length);
  return [
    out(
      dtype,
      data.map((d, i) => (i === axis ? count : d)),
    ),
  ];
};

const nonZero: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const v = ctx.numbers(0);
  // How many elements are non-zero is only known when the input's values are.
  const count = v ? v.filter((e) => e !== 0).length : null;
  return [out('int64', x ? [x.length, count] : undefined)];
};

const unique: ShapeRule = (ctx) => {
  const dtype = ctx.dtype(0);
  const x = ctx.shape(0);
  const axisAttr = intAttr(ctx.node, 'axis');
  if (axisAttr === undefined || !x) {
    const total = x ? x.reduce<Dim>((a, d) => (isNum(a) && isNum(d) ? a * d : null), 1) : null;
    return [out(dtype, [null]), out('int64', [null]), out('int64', [total]), out('int64', [null])];
  }
  const axis = normAxis(axisAttr, x.length);
  return [
    out(
      dtype,
      x.map((d, i) => (i === axis ? null : d)),
    ),
    out('int64', [null]),
    out('int64', [x[axis] ?? null]),
    out('int64', [null]),
  ];
};

/** Rules of the indexing ops (default domain). */
export const gatherRules: Readonly<Record<string, ShapeRule>> = {
  Gather: gather,
  GatherElements: (ctx) => [out(ctx.dtype(0), ctx.shape(1))],
  GatherND: gatherND,
  Scatter: (ctx) => [like(ctx)],
  ScatterElements: (ctx) => [like(ctx)],
  ScatterND: (ctx) => [like(ctx)],
  Compress: compress,
  NonZero: nonZero,
  Unique: unique,
};
