// How far a layer's weight moved between two members of a family: ‖B − A‖₂ / ‖A‖₂ of the real values. When
// structured pruning dropped channels, B's weight is A's with some slices along one axis gone; the slices B
// kept are lined up with A's in order (exactly equal ones first, else the alignment with the least squared
// difference), and the dropped ones count as set to zero, which is what removing a channel does to the
// layer's function. Channels gone along two axes (a layer between two pruned ones) are estimated from the
// norms: ‖A‖² − ‖B‖², exact for pruning alone.
import type { Shape } from '../core';

/** A weight's real values and its declared shape. */
export interface WeightValues {
  readonly values: Float64Array;
  readonly shape?: Shape;
}

export type Aligned =
  | {
      /** ‖B − A‖₂ / ‖A‖₂ (Infinity when A is all zeros and B is not). */
      readonly change: number;
      readonly squaredDiff: number;
      readonly squaredNorm: number;
      /** Set when the change is an estimate: how it was worked out. */
      readonly note?: string;
    }
  | { readonly change?: undefined; readonly note: string };

/** Past this many multiply-adds the slice alignment is not attempted (a few tens of ms in the worker). */
export const MAX_ALIGN_WORK = 6e7;

function result(squaredDiff: number, squaredNorm: number): Extract<Aligned, { change: number }> {
  const change = squaredNorm > 0 ? Math.sqrt(squaredDiff / squaredNorm) : squaredDiff > 0 ? Infinity : 0;
  return { change, squaredDiff, squaredNorm };
}

function direct(a: Float64Array, b: Float64Array): Aligned {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const d = b[i]! - x;
    diff += d * d;
    norm += x * x;
  }
  return result(diff, norm);
}

const dims = (shape: Shape | undefined): number[] | undefined =>
  shape && shape.every((d): d is number => typeof d === 'number') ? (shape as number[]) : undefined;

const shapeText = (shape: readonly number[]): string => shape.join('×');

/** A weight as slices along one axis: `outer` blocks of `count` slices of `inner` values each. */
interface Slices {
  readonly values: Float64Array;
  readonly count: number;
  readonly outer: number;
  readonly inner: number;
}

function slicesOf(values: Float64Array, shape: readonly number[], axis: number): Slices {
  let inner = 1;
  for (let k = axis + 1; k < shape.length; k++) inner *= shape[k]!;
  const count = shape[axis]!;
  return { values, count, inner, outer: values.length / (count * inner) };
}

function squaredDistance(a: Slices, i: number, b: Slices, j: number): number {
  let sum = 0;
  for (let o = 0; o < a.outer; o++) {
    const ba = (o * a.count + i) * a.inner;
    const bb = (o * b.count + j) * b.inner;
    for (let t = 0; t < a.inner; t++) {
      const d = b.values[bb + t]! - a.values[ba + t]!;
      sum += d * d;
    }
  }
  return sum;
}

function sliceNorms(a: Slices): Float64Array {
  const norms = new Float64Array(a.count);
  for (let o = 0; o < a.outer; o++)
    for (let i = 0; i < a.count; i++) {
      const base = (o * a.count + i) * a.inner;
      for (let t = 0; t < a.inner; t++) norms[i]! += a.values[base + t]! * a.values[base + t]!;
    }
  return norms;
}

/**
 * The squared difference when every B slice equals an A slice, in order (pruning alone: kept slices are
 * untouched, so this is the true alignment); undefined as soon as one B slice has no equal.
 */
function exactAligned(a: Slices, b: Slices, norms: Float64Array): number | undefined {
  let removed = 0;
  let i = 0;
  for (let j = 0; j < b.count; j++) {
    while (i < a.count && squaredDistance(a, i, b, j) > 1e-12 * norms[i]!) removed += norms[i++]!;
    if (i === a.count) return undefined;
    i++;
  }
  for (; i < a.count; i++) removed += norms[i]!;
  return removed;
}

/**
 * The least total squared difference over in-order matches of B's slices to A's, A's slices left over
 * counting as removed (B − A = −A there): dynamic programming over (A slices, B slices). A lower bound of
 * the true change when B's kept slices also moved (quantized after pruning).
 */
function leastAligned(a: Slices, b: Slices, norms: Float64Array): number {
  const nA = a.count;
  const nB = b.count;
  // cost[i][j]: the best alignment of A's first i slices with B's first j (every B slice matched).
  const width = nB + 1;
  const cost = new Float64Array((nA + 1) * width).fill(Infinity);
  cost[0] = 0;
  for (let i = 1; i <= nA; i++) {
    cost[i * width] = cost[(i - 1) * width]! + norms[i - 1]!;
    // Only j ≤ i can be matched, and enough A slices must remain for the rest of B.
    const from = Math.max(1, nB - (nA - i));
    for (let j = from; j <= Math.min(i, nB); j++) {
      const skip = cost[(i - 1) * width + j]! + norms[i - 1]!;
      const take = cost[(i - 1) * width + j - 1]! + squaredDistance(a, i - 1, b, j - 1);
      cost[i * width + j] = Math.min(skip, take);
    }
  }
  return cost[nA * width + nB]!;
}

const squaredSum = (values: Float64Array): number => values.reduce((s, v) => s + v * v, 0);

/** ‖B − A‖₂ / ‖A‖₂ of two versions of one layer's weight, or a sentence saying why it cannot be computed. */
export function alignedChange(a: WeightValues, b: WeightValues): Aligned {
  const sa = dims(a.shape);
  const sb = dims(b.shape);
  const sameShape = sa && sb && sa.length === sb.length && sa.every((d, k) => d === sb[k]);
  // Same values in another rank (a Gemm weight lowered to a 1×1 QLinearConv) read in the same order.
  if (a.values.length === b.values.length && (sameShape || !sa || !sb || sa.length !== sb.length))
    return direct(a.values, b.values);
  if (!sa || !sb || sa.length !== sb.length || sb.some((d, k) => d > sa[k]!))
    return { note: 'The weight changed shape, so its values cannot be lined up.' };
  const axes = sa.flatMap((d, k) => (d !== sb[k] ? [k] : []));
  const norm = squaredSum(a.values);
  const estimate = (why: string): Aligned => ({
    ...result(Math.max(0, norm - squaredSum(b.values)), norm),
    note: `Estimated from the weight norms: ${why}.`,
  });
  if (axes.length !== 1) return estimate(`channels were removed along ${axes.length} axes`);
  const axis = axes[0]!;
  const sliced = [slicesOf(a.values, sa, axis), slicesOf(b.values, sb, axis)] as const;
  const norms = sliceNorms(sliced[0]);
  const exact = exactAligned(sliced[0], sliced[1], norms);
  if (exact !== undefined) return result(exact, norm);
  // Each A slice is tried against at most (nA − nB + 1) B slices, each a slice's worth of multiply-adds.
  const work = (sa[axis]! - sb[axis]! + 1) * sa[axis]! * (b.values.length / sb[axis]!);
  if (work > MAX_ALIGN_WORK) return estimate(`too many channels to line up (${shapeText(sa)} → ${shapeText(sb)})`);
  return result(leastAligned(sliced[0], sliced[1], norms), norm);
}
