// Reductions: Reduce* (axes attribute, or input from opset 13 for ReduceSum and 18 for the others;
// keepdims; noop_with_empty_axes), ArgMax/ArgMin, TopK.
import type { Dim, Shape } from '../../ir/types';
import { intAttr, intsAttr } from '../attrs';
import type { KnownValue, RuleContext, ShapeRule } from '../context';
import { fail } from '../context';
import { isNum, normAxes, normAxis, unknownDims } from '../dims';
import { castNumber } from '../values';
import { like, out, scalarInput } from './common';

const FOLDS: Readonly<Record<string, (xs: readonly number[]) => number>> = {
  ReduceSum: (xs) => xs.reduce((a, b) => a + b, 0),
  ReduceProd: (xs) => xs.reduce((a, b) => a * b, 1),
  ReduceMax: (xs) => Math.max(...xs),
  ReduceMin: (xs) => Math.min(...xs),
};

function reduce(axesInputSince: number): ShapeRule {
  return (ctx) => {
    const dtype = ctx.dtype(0);
    const x = ctx.shape(0);
    const keep = intAttr(ctx.node, 'keepdims', 1) === 1;
    const noop = intAttr(ctx.node, 'noop_with_empty_axes', 0) === 1;
    let axes: readonly number[] | undefined;
    if (ctx.opset < axesInputSince) axes = intsAttr(ctx.node, 'axes');
    else if (ctx.has(1)) {
      axes = ctx.numbers(1);
      if (axes === undefined) {
        const count = ctx.shape(1)?.[0];
        if (!x) return [out(dtype)];
        if (keep) return [out(dtype, unknownDims(x.length))];
        return [out(dtype, isNum(count) ? unknownDims(x.length - count) : undefined)];
      }
    }
    if (!x) return [out(dtype)];
    if (!axes || axes.length === 0) {
      if (noop) return [like(ctx, 0, ctx.value(0))];
      axes = x.map((_, i) => i);
    }
    const reduced = new Set(normAxes(axes, x.length));
    const shape: Dim[] = [];
    x.forEach((d, i) => {
      if (!reduced.has(i)) shape.push(d);
      else if (keep) shape.push(1);
    });
    return [out(dtype, shape, fold(ctx, reduced.size === x.length, shape))];
  };
}

function fold(ctx: RuleContext, all: boolean, shape: Shape): KnownValue | undefined {
  const f = FOLDS[ctx.node.op];
  const v = ctx.numbers(0);
  const dtype = ctx.dtype(0);
  if (!f || !v || !all || !dtype || !shape.every(isNum)) return undefined;
  return { dtype, shape: shape as number[], values: [castNumber(f(v), dtype)] };
}

const argReduce: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  if (!x) return [out('int64')];
  const axis = normAxis(intAttr(ctx.node, 'axis', 0), x.length);
  const keep = intAttr(ctx.node, 'keepdims', 1) === 1;
  const shape = keep ? x.map((d, i) => (i === axis ? 1 : d)) : x.filter((_, i) => i !== axis);
  return [out('int64', shape)];
};

const topK: ShapeRule = (ctx) => {
  const dtype = ctx.dtype(0);
  const x = ctx.shape(0);
  if (!x) return [out(dtype), out('int64')];
  const axis = normAxis(intAttr(ctx.node, 'axis', -1), x.length);
  const k = ctx.opset < 10 ? intAttr(ctx.node, 'k') : scalarInput(ctx, 1);
  const d = x[axis];
  if (k !== undefined && isNum(d) && k > d) fail('shape-mismatch', `k = ${k} is larger than the axis (${d})`);
  const shape = x.map((dim, i) => (i === axis ? (k ?? null) : dim));
  return [out(dtype, shape), out('int64', shape)];
};

const rules: Record<string, ShapeRule> = { ArgMax: argReduce, ArgMin: argReduce, TopK: topK };
for (const op of [
  'ReduceMean',
  'ReduceMax',
  'ReduceMin',
  'ReduceProd',
  'ReduceL1',
  'ReduceL2',
  'ReduceLogSum',
  'ReduceLogSumExp',
  'ReduceSumSquare',
])
  rules[op] = reduce(18);
rules['ReduceSum'] = reduce(13);

/** Rules of the reductions (default domain). */
export const reduceRules: Readonly<Record<string, ShapeRule>> = rules;
