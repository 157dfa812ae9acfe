import { constantElementCount, toFloat64 } from '../ir/tensor';
import type { Tensor } from '../ir/types';

/** Value statistics of a constant tensor (for the inspector's histogram and the transforms' reports). */
export interface TensorStats {
  /** Finite elements counted (NaN and ±Infinity are left out of every figure and reported apart). */
  readonly count: number;
  readonly nonFinite: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Population standard deviation. */
  readonly std: number;
  readonly zeros: number;
  /** zeros / count (0 for an empty tensor). */
  readonly sparsity: number;
  readonly histogram: {
    /** bins + 1 ascending edges; bin i holds values in [edges[i], edges[i+1]) and the last bin includes its upper edge. */
    readonly edges: readonly number[];
    readonly counts: readonly number[];
  };
}

/**
 * Statistics of a constant tensor's values: one pass for count/min/max/mean/std/zeros (Welford's update
 * for a stable variance), one for the histogram. Undefined when the tensor has no loaded data or a
 * non-numeric dtype.
 */
export function tensorStats(tensor: Tensor, bins = 64): TensorStats | undefined {
  const bytes = tensor.data?.bytes;
  if (!bytes) return undefined;
  const all = toFloat64(tensor.dtype, bytes);
  if (!all) return undefined;
  // Sub-byte types unpack to a whole number of bytes; drop the padding nibble.
  const values = all.subarray(0, Math.min(all.length, constantElementCount(tensor)));
  return statsOf(values, Math.max(1, Math.floor(bins)));
}

/** The same statistics over plain values. */
export function statsOf(values: Float64Array, bins = 64): TensorStats {
  let count = 0;
  let nonFinite = 0;
  let zeros = 0;
  let min = Infinity;
  let max = -Infinity;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    count++;
    if (v === 0) zeros++;
    if (v < min) min = v;
    if (v > max) max = v;
    const d = v - mean;
    mean += d / count;
    m2 += d * (v - mean);
  }
  if (count === 0) {
    return {
      count,
      nonFinite,
      min: 0,
      max: 0,
      mean: 0,
      std: 0,
      zeros,
      sparsity: 0,
      histogram: { edges: [0, 0], counts: [0] },
    };
  }
  // A constant tensor gets a unit-wide range around its value so every bin has a width.
  const lo = min === max ? min - 0.5 : min;
  const hi = min === max ? max + 0.5 : max;
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width));
  return {
    count,
    nonFinite,
    min,
    max,
    mean,
    std: Math.sqrt(m2 / count),
    zeros,
    sparsity: zeros / count,
    histogram: { edges, counts: histogramCounts(values, lo, hi, bins) },
  };
}

/**
 * Counts of the finite `values` in `bins` equal bins over [lo, hi] (lo < hi); values outside fall in the
 * end bins. For histograms on a range chosen by the caller (two tensors compared on common bins).
 */
export function histogramCounts(values: ArrayLike<number>, lo: number, hi: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const scale = bins / (hi - lo);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    let bin = Math.floor((v - lo) * scale);
    // Guards the top edge and ranges so narrow that `scale` overflows.
    if (!(bin >= 0)) bin = 0;
    else if (bin >= bins) bin = bins - 1;
    counts[bin]!++;
  }
  return counts;
}
