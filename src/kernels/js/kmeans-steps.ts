// The Lloyd steps of kmeans1d that never touch x (see cluster.ts): both work from the fine histogram of
// x and cost O(k log bins) each, so k-means can iterate to convergence whatever n is.
//
// A step needs, for each boundary t between two clusters, the count and sum of the values ≤ t (the
// cumulative C(t)); a cluster's count and sum are then differences of two cumulatives.
// - Binned: the bins below bin(t), plus an interpolated share of bin(t).
// - Exact: the bin function floor((v − lo) · factor) never decreases with v, so the values ≤ t are all
//   values of the bins below bin(t) plus those of bin(t) that are ≤ t. The second part needs the values
//   of bin(t): a window of bins around every boundary is gathered (one pass over x) and sorted, and a step
//   whose boundary leaves the window asks for a new one.

export const KMEANS_BINS = 65536;
const LAST_BIN = KMEANS_BINS - 1;
/** Bins gathered on either side of a boundary's bin at first; each new gather doubles it. */
export const WINDOW = 4;

/** The KMEANS_BINS equal bins over [lo, max]: value v falls in bin ⌊(v − lo) · factor⌋ (`binOfValue`). */
export interface BinGrid {
  readonly lo: number;
  readonly factor: number;
}

/** The histogram of the finite values of x with prefix sums: pc[b], ps[b] over the bins below b. */
export interface BinnedX extends BinGrid {
  readonly counts: Float64Array;
  readonly pc: Float64Array;
  readonly ps: Float64Array;
}

export function binnedX(lo: number, factor: number, counts: Float64Array, sums: Float64Array): BinnedX {
  const pc = new Float64Array(KMEANS_BINS + 1);
  const ps = new Float64Array(KMEANS_BINS + 1);
  for (let b = 0; b < KMEANS_BINS; b++) {
    pc[b + 1] = pc[b]! + counts[b]!;
    ps[b + 1] = ps[b]! + sums[b]!;
  }
  return { lo, factor, counts, pc, ps };
}

/** The bin of a value, the arithmetic of every pass over x (NaN offsets to bin 0). */
export function binOfValue(v: number, lo: number, factor: number): number {
  const f = Math.floor((v - lo) * factor);
  return f >= 0 ? (f > LAST_BIN ? LAST_BIN : f) : 0;
}

/**
 * Writes the cumulative count and sum of the values ≤ t to out[0] and out[1]; false when it cannot tell
 * (outside the window). Writing into a buffer keeps the thousands of steps of a run allocation-free.
 */
export type Cumulative = (t: number, out: Float64Array) => boolean;

/**
 * The binned cumulative: whole bins below bin(t), plus the part of bin(t) below t as if its values were
 * spread evenly over the bin (corrected so the whole bin gives its true sum). Interpolating matters:
 * with whole bins only, Lloyd stalls wherever a boundary moves by less than a bin.
 */
export function binnedCumulative(h: BinnedX, sums: Float64Array): Cumulative {
  const { lo, factor, counts, pc, ps } = h;
  const width = 1 / factor;
  return (t, out) => {
    const b = binOfValue(t, lo, factor);
    let f = (t - (lo + b * width)) * factor; // NaN for an empty range: the whole bin
    if (!(f < 1)) f = 1;
    else if (f < 0) f = 0;
    const count = counts[b]!;
    out[0] = pc[b]! + count * f;
    out[1] = ps[b]! + f * sums[b]! - (count * f * (1 - f) * width) / 2;
    return true;
  };
}

/** Means of the clusters as float32, empty ones kept, made non-decreasing; whether any centroid moved. */
export function update(c: Float64Array, counts: Float64Array, sums: Float64Array, bounds?: Float64Array): boolean {
  let moved = false;
  for (let j = 0; j < c.length; j++) {
    let mean = sums[j]! / counts[j]!;
    // A cluster's mean lies between its boundaries; differences of prefix sums over a sliver of a bin can
    // cancel badly, so hold them there.
    if (bounds) mean = Math.min(Math.max(mean, bounds[2 * j]!), bounds[2 * j + 1]!);
    let next = counts[j]! > 0 ? Math.fround(mean) : c[j]!;
    if (j > 0 && next < c[j - 1]!) next = c[j - 1]!; // rounding must not break the order
    if (next !== c[j]) moved = true;
    c[j] = next;
  }
  return moved;
}

/** The boundaries a step needs: the mids between consecutive distinct centroids. */
export function boundaries(c: Float64Array): number[] {
  const mids: number[] = [];
  for (let j = 0; j + 1 < c.length; j++) if (c[j] !== c[j + 1]) mids.push((c[j]! + c[j + 1]!) / 2);
  return mids;
}

/** Scratch buffers of the steps of one run. */
export interface StepScratch {
  readonly counts: Float64Array;
  readonly sums: Float64Array;
  readonly end: Float64Array;
  /** Lower and upper boundary of each cluster. */
  readonly bounds: Float64Array;
}

export const stepScratch = (k: number): StepScratch => ({
  counts: new Float64Array(k),
  sums: new Float64Array(k),
  end: new Float64Array(2),
  bounds: new Float64Array(2 * k),
});

/**
 * One Lloyd step from cumulatives: whether a centroid moved, or undefined (c untouched) when `cumulative`
 * could not answer. A run of equal centroids is one cluster, the first (ties go to the lower index).
 */
export function lloydStep(
  c: Float64Array,
  h: BinnedX,
  cumulative: Cumulative,
  scratch: StepScratch,
): boolean | undefined {
  const k = c.length;
  const { counts, sums, end, bounds } = scratch;
  let prevCount = 0;
  let prevSum = 0;
  let prevBound = -Infinity;
  for (let j = 0; j < k; j++) {
    counts[j] = 0;
    sums[j] = 0;
    if (j > 0 && c[j] === c[j - 1]) continue;
    let jEnd = j;
    while (jEnd + 1 < k && c[jEnd + 1] === c[j]) jEnd++;
    let bound = Infinity;
    if (jEnd + 1 < k) {
      bound = (c[jEnd]! + c[jEnd + 1]!) / 2;
      if (!cumulative(bound, end)) return undefined;
    } else {
      end[0] = h.pc[KMEANS_BINS]!;
      end[1] = h.ps[KMEANS_BINS]!;
    }
    counts[j] = end[0]! - prevCount;
    sums[j] = end[1]! - prevSum;
    bounds[2 * j] = prevBound;
    bounds[2 * j + 1] = bound;
    prevCount = end[0]!;
    prevSum = end[1]!;
    prevBound = bound;
  }
  return update(c, counts, sums, bounds);
}

/** Where the exact cumulatives look: the sorted values of the gathered bins, with prefix sums. */
export interface ExactWindow {
  readonly active: Uint8Array;
  /** Offset of bin b's values in `values` (bins outside the window hold none). */
  readonly start: Int32Array;
  readonly values: Float32Array;
  readonly prefix: Float64Array;
}

/** The bins to gather around the current boundaries, and how many values they hold. */
export function windowBins(c: Float64Array, h: BinnedX, half: number): { active: Uint8Array; total: number } {
  const active = new Uint8Array(KMEANS_BINS);
  for (const mid of boundaries(c)) {
    const b = binOfValue(mid, h.lo, h.factor);
    active.fill(1, Math.max(0, b - half), Math.min(KMEANS_BINS, b + half + 1));
  }
  let total = 0;
  for (let b = 0; b < KMEANS_BINS; b++) if (active[b]) total += h.counts[b]!;
  return { active, total };
}

/** Sorts the gathered values (in place) and indexes them by bin. */
export function exactWindow(active: Uint8Array, values: Float32Array, h: BinnedX): ExactWindow {
  values.sort();
  const start = new Int32Array(KMEANS_BINS + 1);
  for (let b = 0; b < KMEANS_BINS; b++) start[b + 1] = start[b]! + (active[b] ? h.counts[b]! : 0);
  const prefix = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++) prefix[i + 1] = prefix[i]! + values[i]!;
  return { active, start, values, prefix };
}

export function exactCumulative(h: BinnedX, w: ExactWindow): Cumulative {
  return (t, out) => {
    const b = binOfValue(t, h.lo, h.factor);
    if (!w.active[b]) return false;
    const first = w.start[b]!;
    let a = first;
    let e = w.start[b + 1]!; // first value of the bin above t, by bisection
    while (a < e) {
      const m = (a + e) >>> 1;
      if (w.values[m]! > t) e = m;
      else a = m + 1;
    }
    out[0] = h.pc[b]! + (a - first);
    out[1] = h.ps[b]! + (w.prefix[a]! - w.prefix[first]!);
    return true;
  };
}
