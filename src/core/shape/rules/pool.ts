// Pooling: MaxPool (with Indices), AveragePool, LpPool, the global pools, MaxUnpool, MaxRoiPool.
import type { Dim } from '../../ir/types';
import { intsAttr } from '../attrs';
import type { RuleContext, ShapeRule } from '../context';
import { fail } from '../context';
import { out } from './common';
import { windowOf, windowOutput } from './window';

function pooledShape(ctx: RuleContext, ceilSince: number): Dim[] | undefined {
  const xs = ctx.shape(0);
  if (!xs) return undefined;
  const n = xs.length - 2;
  if (n < 1) fail('shape-mismatch', `the input has rank ${xs.length}; pooling needs N, C and spatial axes`);
  const kernel = intsAttr(ctx.node, 'kernel_shape');
  if (kernel === undefined) fail('bad-attribute', 'attribute "kernel_shape" is required');
  if (kernel.length !== n) fail('bad-attribute', `kernel_shape has ${kernel.length} values for ${n} spatial axes`);
  const window = windowOf(ctx.node, n, kernel, ctx.opset >= ceilSince);
  return [xs[0] ?? null, xs[1] ?? null, ...windowOutput(xs.slice(2), window)];
}

const maxPool: ShapeRule = (ctx) => {
  const shape = pooledShape(ctx, 10);
  return [out(ctx.dtype(0), shape), out('int64', shape)];
};

const globalPool: ShapeRule = (ctx) => {
  const xs = ctx.shape(0);
  const shape = xs && [xs[0] ?? null, xs[1] ?? null, ...xs.slice(2).map(() => 1)];
  return [out(ctx.dtype(0), shape)];
};

const maxUnpool: ShapeRule = (ctx) => {
  const dtype = ctx.dtype(0);
  if (ctx.has(2)) {
    const given = ctx.numbers(2);
    return [out(dtype, given ?? (ctx.shape(0) ? ctx.shape(0)?.map(() => null) : undefined))];
  }
  const xs = ctx.shape(0);
  if (!xs) return [out(dtype)];
  const n = xs.length - 2;
  const kernel = intsAttr(ctx.node, 'kernel_shape') ?? fail('bad-attribute', 'attribute "kernel_shape" is required');
  const w = windowOf(ctx.node, n, kernel);
  const spatial = xs.slice(2).map((d, i): Dim => {
    if (typeof d !== 'number') return null;
    return (d - 1) * (w.strides[i] ?? 1) + (kernel[i] ?? 1) - (w.pads[i] ?? 0) - (w.pads[i + n] ?? 0);
  });
  return [out(dtype, [xs[0] ?? null, xs[1] ?? null, ...spatial])];
};

const maxRoiPool: ShapeRule = (ctx) => {
  const pooled = intsAttr(ctx.node, 'pooled_shape') ?? fail('bad-attribute', 'attribute "pooled_shape" is required');
  return [out(ctx.dtype(0), [ctx.shape(1)?.[0] ?? null, ctx.shape(0)?.[1] ?? null, ...pooled])];
};

/** Rules of the pooling ops (default domain). */
export const poolRules: Readonly<Record<string, ShapeRule>> = {
  MaxPool: maxPool,
  AveragePool: (ctx) => [out(ctx.dtype(0), pooledShape(ctx, 10))],
  LpPool: (ctx) => [out(ctx.dtype(0), pooledShape(ctx, 18))],
  GlobalAveragePool: globalPool,
  GlobalMaxPool: globalPool,
  GlobalLpPool: globalPool,
  MaxUnpool: maxUnpool,
  MaxRoiPool: maxRoiPool,
};
