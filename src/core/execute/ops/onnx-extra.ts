// Further ONNX ops exported classifiers and detectors often carry: comparisons, logic and Where, ArgMax /
// ArgMin, Tile, DepthToSpace / SpaceToDepth, Range. Booleans are held as 0/1.
import { intAttr, stringAttr } from '../attrs';
import { broadcastBinary, mapUnary } from './broadcast';
import { expandTo } from './onnx-reshape';
import { broadcastShapes, intValues, normAxis, sizeOf } from '../shape-util';
import { padData, transposeData } from './tensor-loops';
import type { Kernel, KernelContext, OpTable, RuntimeTensor } from './op-types';

const compare =
  (f: (x: number, y: number) => boolean): Kernel =>
  (ctx) => [broadcastBinary(ctx, ctx.input(0), ctx.input(1), (x, y) => (f(x, y) ? 1 : 0), 'bool')];

function where(ctx: KernelContext): RuntimeTensor[] {
  const [c, x, y] = [ctx.input(0), ctx.input(1), ctx.input(2)];
  const shape = broadcastShapes(ctx, broadcastShapes(ctx, c.shape, x.shape), y.shape);
  const [cc, xx, yy] = [c, x, y].map((t) => (sizeOf(t.shape) === sizeOf(shape) ? t : expandTo(ctx, t, shape))) as [
    RuntimeTensor,
    RuntimeTensor,
    RuntimeTensor,
  ];
  const out = ctx.alloc(sizeOf(shape));
  for (let i = 0; i < out.length; i++) out[i] = cc.data[i] ? xx.data[i]! : yy.data[i]!;
  return [{ dtype: x.dtype, shape, data: out }];
}

function argExtreme(max: boolean): Kernel {
  return (ctx) => {
    const x = ctx.input(0);
    const axis = normAxis(ctx, intAttr(ctx.node, 'axis', 0), x.shape.length);
    const last = intAttr(ctx.node, 'select_last_index', 0) !== 0;
    const outer = sizeOf(x.shape.slice(0, axis));
    const n = x.shape[axis]!;
    const inner = sizeOf(x.shape.slice(axis + 1));
    const out = ctx.alloc(outer * inner);
    for (let o = 0; o < outer; o++)
      for (let i = 0; i < inner; i++) {
        const base = o * n * inner + i;
        let best = 0;
        for (let k = 1; k < n; k++) {
          const v = x.data[base + k * inner]!;
          const b = x.data[base + best * inner]!;
          if (max ? v > b || (last && v === b) : v < b || (last && v === b)) best = k;
        }
        out[o * inner + i] = best;
      }
    const keep = intAttr(ctx.node, 'keepdims', 1) !== 0;
    const shape = keep ? x.shape.map((d, i) => (i === axis ? 1 : d)) : x.shape.filter((_, i) => i !== axis);
    return [{ dtype: 'int64', shape, data: out }];
  };
}

// Tiling is padding that wraps around: each dim grows by (repeats − 1) copies of itself.
function tile(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const repeats = intValues(ctx.input(1));
  const end = x.shape.map((d, i) => d * ((repeats[i] ?? 1) - 1));
  const result = padData(
    x.data,
    x.shape,
    x.shape.map(() => 0),
    end,
    'wrap',
    0,
    (n) => ctx.alloc(n),
  );
  return [{ dtype: x.dtype, ...result }];
}

/** Rearranges [N, C, H, W] through a 6-D view and a permutation (DepthToSpace / SpaceToDepth). */
function rearrange(
  ctx: KernelContext,
  view: readonly number[],
  perm: readonly number[],
  shape: number[],
): RuntimeTensor {
  const x = ctx.input(0);
  const out = ctx.alloc(x.data.length);
  transposeData(x.data, view, perm, out);
  return { dtype: x.dtype, shape, data: out };
}

function depthToSpace(ctx: KernelContext): RuntimeTensor[] {
  const [n, c, h, w] = ctx.input(0).shape as [number, number, number, number];
  const b = intAttr(ctx.node, 'blocksize', 1);
  const d = c / (b * b);
  const shape = [n, d, h * b, w * b];
  if (stringAttr(ctx.node, 'mode', 'DCR') === 'CRD')
    return [rearrange(ctx, [n, d, b, b, h, w], [0, 1, 4, 2, 5, 3], shape)];
  return [rearrange(ctx, [n, b, b, d, h, w], [0, 3, 4, 1, 5, 2], shape)];
}

function spaceToDepth(ctx: KernelContext): RuntimeTensor[] {
  const [n, c, h, w] = ctx.input(0).shape as [number, number, number, number];
  const b = intAttr(ctx.node, 'blocksize', 1);
  return [rearrange(ctx, [n, c, h / b, b, w / b, b], [0, 3, 5, 1, 2, 4], [n, c * b * b, h / b, w / b])];
}

function range(ctx: KernelContext): RuntimeTensor[] {
  const start = ctx.input(0);
  const limit = ctx.input(1).data[0]!;
  const delta = ctx.input(2).data[0]!;
  const s = start.data[0]!;
  const count = Math.max(0, Math.ceil((limit - s) / delta));
  const out = ctx.alloc(count);
  for (let i = 0; i < count; i++) out[i] = s + i * delta;
  return [{ dtype: start.dtype, shape: [count], data: out }];
}

export const onnxExtraOps: OpTable = {
  Equal: { run: compare((x, y) => x === y) },
  Greater: { run: compare((x, y) => x > y) },
  GreaterOrEqual: { run: compare((x, y) => x >= y) },
  Less: { run: compare((x, y) => x < y) },
  LessOrEqual: { run: compare((x, y) => x <= y) },
  And: { run: compare((x, y) => x !== 0 && y !== 0) },
  Or: { run: compare((x, y) => x !== 0 || y !== 0) },
  Xor: { run: compare((x, y) => (x !== 0) !== (y !== 0)) },
  Not: { run: (ctx) => [mapUnary(ctx, ctx.input(0), (v) => (v === 0 ? 1 : 0), 'bool')] },
  Where: { run: where },
  ArgMax: { run: argExtreme(true) },
  ArgMin: { run: argExtreme(false) },
  Tile: { run: tile },
  DepthToSpace: { run: depthToSpace },
  SpaceToDepth: { run: spaceToDepth },
  Range: { run: range },
};
