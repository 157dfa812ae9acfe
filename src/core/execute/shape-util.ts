// Small shape arithmetic shared by the kernels.
import type { Shape } from '../ir/types';
import type { KernelContext, RuntimeTensor } from './types';

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** `axis` in [-rank, rank) made non-negative; fails the node otherwise. */
export function normAxis(ctx: KernelContext, axis: number, rank: number, what = 'axis'): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank)
    ctx.fail('shape-mismatch', `${what} ${axis} is out of range for a tensor of rank ${rank}`);
  return a;
}

/** Numpy-style broadcast of two shapes; fails the node when they cannot broadcast. */
export function broadcastShapes(ctx: KernelContext, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1)
      ctx.fail('shape-mismatch', `shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast`);
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** A tensor with the same data and a new shape (no copy: reshapes are views). */
export function withShape(t: RuntimeTensor, shape: readonly number[]): RuntimeTensor {
  return { dtype: t.dtype, shape, data: t.data };
}

/** Elements of a small integer tensor (shapes, axes, pads) as numbers. */
export function intValues(t: RuntimeTensor): number[] {
  return Array.from(t.data, (v) => Math.trunc(v));
}

/** `[a, b, …]` for messages. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** A declared shape for messages: symbolic dims by name, unknown ones as '?'. */
export function fmtDims(shape: Shape): string {
  return `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}
