// Element-wise loops: unary maps and numpy-style broadcasting of two operands. The general case collapses
// runs of dimensions that both operands walk the same way, so [N,C,H,W] + [1,C,1,1] becomes three loops.
import { broadcastShapes, sizeOf } from '../shape-util';
import type { DType } from '../../ir/dtype';
import type { KernelContext, RuntimeTensor } from '../types';

/** `f` applied to every element. */
export function mapUnary(
  ctx: KernelContext,
  x: RuntimeTensor,
  f: (v: number) => number,
  dtype: DType = x.dtype,
): RuntimeTensor {
  const src = x.data;
  const out = ctx.alloc(src.length);
  for (let i = 0; i < src.length; i++) out[i] = f(src[i]!);
  return { dtype, shape: x.shape, data: out };
}

/** Strides of `shape` seen from an output of rank `rank` (0 along broadcast dims). */
function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const rank = out.length;
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!;
    const o = rank - shape.length + i;
    strides[o] = d === 1 && out[o] !== 1 ? 0 : s;
    s *= d;
  }
  return strides;
}

/** Merges neighbouring dims along which both operands advance contiguously (or both stay put). */
function collapse(
  dims: readonly number[],
  sa: readonly number[],
  sb: readonly number[],
): { dims: number[]; sa: number[]; sb: number[] } {
  const d: number[] = [];
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < dims.length; i++) {
    const n = dims[i]!;
    if (n === 1) continue;
    const last = d.length - 1;
    if (last >= 0 && a[last] === sa[i]! * n && b[last] === sb[i]! * n) {
      d[last] = d[last]! * n;
      a[last] = sa[i]!;
      b[last] = sb[i]!;
    } else {
      d.push(n);
      a.push(sa[i]!);
      b.push(sb[i]!);
    }
  }
  return { dims: d, sa: a, sb: b };
}

/** `f(a, b)` with numpy broadcasting; the result has `dtype` (default: a's). */
export function broadcastBinary(
  ctx: KernelContext,
  a: RuntimeTensor,
  b: RuntimeTensor,
  f: (x: number, y: number) => number,
  dtype: DType = a.dtype,
): RuntimeTensor {
  const shape = broadcastShapes(ctx, a.shape, b.shape);
  const n = sizeOf(shape);
  const out = ctx.alloc(n);
  const x = a.data;
  const y = b.data;
  if (x.length === n && y.length === n) {
    for (let i = 0; i < n; i++) out[i] = f(x[i]!, y[i]!);
  } else if (y.length === 1 && x.length === n) {
    const v = y[0]!;
    for (let i = 0; i < n; i++) out[i] = f(x[i]!, v);
  } else if (x.length === 1 && y.length === n) {
    const v = x[0]!;
    for (let i = 0; i < n; i++) out[i] = f(v, y[i]!);
  } else if (n > 0) {
    general(out, x, y, shape, broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape), f);
  }
  return { dtype, shape, data: out };
}

function general(
  out: Float32Array,
  x: Float32Array,
  y: Float32Array,
  shape: readonly number[],
  stridesA: readonly number[],
  stridesB: readonly number[],
  f: (x: number, y: number) => number,
): void {
  const { dims, sa, sb } = collapse(shape, stridesA, stridesB);
  const rank = dims.length;
  if (rank === 0) {
    out[0] = f(x[0]!, y[0]!);
    return;
  }
  const inner = dims[rank - 1]!;
  const ia = sa[rank - 1]!;
  const ib = sb[rank - 1]!;
  const counter = new Array<number>(rank).fill(0);
  let offA = 0;
  let offB = 0;
  let k = 0;
  for (;;) {
    for (let j = 0, pa = offA, pb = offB; j < inner; j++, pa += ia, pb += ib) out[k++] = f(x[pa]!, y[pb]!);
    // Odometer over the outer dims.
    let d = rank - 2;
    for (; d >= 0; d--) {
      counter[d]!++;
      offA += sa[d]!;
      offB += sb[d]!;
      if (counter[d]! < dims[d]!) break;
      offA -= sa[d]! * dims[d]!;
      offB -= sb[d]! * dims[d]!;
      counter[d] = 0;
    }
    if (d < 0) return;
  }
}

/** Left fold of a variadic element-wise op (ONNX Max/Min/Sum/Mean take any number of inputs). */
export function foldBinary(
  ctx: KernelContext,
  inputs: readonly RuntimeTensor[],
  f: (x: number, y: number) => number,
): RuntimeTensor {
  const [first, ...rest] = inputs;
  if (!first) return ctx.fail('shape-mismatch', 'needs at least one input');
  // One input: the value itself (outputs may share an input's buffer; nobody writes into it).
  let acc = first;
  for (const next of rest) acc = broadcastBinary(ctx, acc, next, f);
  return acc;
}
