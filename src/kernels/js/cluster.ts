// One-dimensional k-means (Lloyd), in three phases:
//
// 1. Binned Lloyd: one pass over x gives, for each of 65,536 equal bins over [min, max], the count and
//    float64 sum of its values; a step interpolates inside bins (kmeans-steps.ts) and costs O(k).
// 2. Exact Lloyd on a window: the values of the bins around every cluster boundary are gathered (one
//    pass) and sorted, which makes an exact step O(k log n); a boundary that wanders out of the window
//    triggers a new gather of twice the width (at most MAX_GATHERS). Phases 1 and 2 share maxIterations.
// 3. Exact passes over x: assign every value to its nearest centroid (ties to the lower index; "nearest"
//    is v > (c[j] + c[j+1]) / 2 in float64) and sum each cluster. When Lloyd converged, move the centroids
//    to these means and repeat until nothing moves (POLISH_PASSES at most; phase 2 sums in another order,
//    so this rarely moves anything).
//
// The last pass's indices are always the nearest centroids of the returned centroids. When Lloyd
// converged, every non-empty centroid is also the float32 mean of its values; when maxIterations stopped
// it first, the centroids are those of the last step — as with any capped Lloyd, nearest indices and
// exact means cannot both hold then. Should the window hold too many values (a spike of equal values
// near a boundary), phase 3 carries on as plain Lloyd for up to FALLBACK_PASSES passes.
//
// `iterations` counts the centroid updates of all phases. Non-finite values are assigned (NaN and −∞ to
// the first centroid, +∞ to the last) but take no part in means or inertia, like NaN in the statistics.
//
// Only the passes over x differ between the backends; the driver below is shared. The passes add in the
// same order (index order; for the assignment, index order within each of four lanes), so the float64
// sums — and with them every centroid, index and the inertia — are the same bits on both backends.
import { binFactor } from './histogram';
import {
  KMEANS_BINS,
  WINDOW,
  binnedCumulative,
  binnedX,
  exactCumulative,
  exactWindow,
  lloydStep,
  stepScratch,
  update,
  windowBins,
  type BinGrid,
  type BinnedX,
  type Cumulative,
  type ExactWindow,
} from './kmeans-steps';

export { KMEANS_BINS };
/** Cap on the exact updates after Lloyd converged. */
export const POLISH_PASSES = 3;
/** Cap on the plain Lloyd passes when no window could be gathered. */
export const FALLBACK_PASSES = 20;
export const MAX_GATHERS = 8;
export const MAX_CLUSTERS = 256;

/** The shared layout of one assignment pass. */
export interface AssignTables extends BinGrid {
  /** Per bin, a lower bound of the cluster of any value in it (the search starts there). */
  readonly table: Uint8Array;
  /** mids[j] = (c[j] + c[j+1]) / 2: a value above it is past cluster j. */
  readonly mids: Float64Array;
  /** The first index of each run of equal centroids: ties go to the lower index. */
  readonly canon: Uint8Array;
  readonly centroids: Float64Array;
}

/** What differs between the backends: two passes over x (and minMax, both backends' own). */
export interface KmeansPasses {
  minMax(x: Float32Array): { min: number; max: number };
  /** Adds each finite value's count and value to its bin (`binOf` of histogram.ts), in index order. */
  histogram(x: Float32Array, lo: number, factor: number, counts: Float64Array, sums: Float64Array): void;
  /** Copies the finite values whose bin is active into `out`, in index order; returns how many. */
  gather(x: Float32Array, lo: number, factor: number, active: Uint8Array, out: Float32Array): number;
  /**
   * Writes the nearest centroid of every value and adds, per lane (index mod 4), each cluster's count and
   * sum (lane l's at l·k + j of counts4 / sums4) and the squared distances (inertia4[l]). Four running
   * sums instead of one let the module overlap the additions; the twin keeps the same four.
   */
  assign(
    x: Float32Array,
    t: AssignTables,
    indices: Uint8Array,
    counts4: Float64Array,
    sums4: Float64Array,
    inertia4: Float64Array,
  ): void;
}

export function checkKmeans(
  x: Float32Array,
  centroids: Float32Array,
  indices: Uint8Array,
  maxIterations: number,
): void {
  const k = centroids.length;
  if (k < 1 || k > MAX_CLUSTERS) throw new RangeError(`kmeans1d: k = ${k} is not between 1 and ${MAX_CLUSTERS}.`);
  if (indices.length !== x.length) {
    throw new RangeError(`kmeans1d: ${x.length} values but ${indices.length} indices.`);
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 0) {
    throw new RangeError(`kmeans1d: maxIterations = ${maxIterations} is not a whole number ≥ 0.`);
  }
  for (let j = 0; j < k; j++) {
    const c = centroids[j]!;
    if (!Number.isFinite(c) || (j > 0 && c < centroids[j - 1]!)) {
      throw new RangeError(`kmeans1d: the initial centroids must be finite and ascending (centroid ${j} is ${c}).`);
    }
  }
}

/** The lookup tables of an assignment pass for centroids `c`. */
export function assignTables(c: Float64Array, lo: number, factor: number): AssignTables {
  const k = c.length;
  const mids = new Float64Array(Math.max(k - 1, 0));
  for (let j = 0; j + 1 < k; j++) mids[j] = (c[j]! + c[j + 1]!) / 2;
  const canon = new Uint8Array(k);
  for (let j = 1; j < k; j++) canon[j] = c[j] === c[j - 1] ? canon[j - 1]! : j;
  // Every value of bin b is at least lo + b / factor up to rounding; one bin lower is a safe bound.
  const table = new Uint8Array(KMEANS_BINS);
  let j = 0;
  for (let b = 0; b < KMEANS_BINS; b++) {
    const edge = lo + (b - 1) / factor;
    while (j < k - 1 && mids[j]! < edge) j++;
    table[b] = j;
  }
  return { lo, factor, table, mids, canon, centroids: c };
}

const LAST_BIN = KMEANS_BINS - 1;

/**
 * The bin of a finite value in the passes over x: `binOfValue`'s arithmetic, kept in this module because
 * the same call across modules made the passes about 1.6× slower (Node 20: it is not inlined there).
 */
function binOfFinite(v: number, lo: number, factor: number): number {
  const f = Math.floor((v - lo) * factor);
  return f >= 0 ? (f > LAST_BIN ? LAST_BIN : f) : 0;
}

function jsHistogram(x: Float32Array, lo: number, factor: number, counts: Float64Array, sums: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v - v !== 0) continue;
    const b = binOfFinite(v, lo, factor);
    counts[b]!++;
    sums[b]! += v;
  }
}

function jsAssign(
  x: Float32Array,
  t: AssignTables,
  indices: Uint8Array,
  counts4: Float64Array,
  sums4: Float64Array,
  inertia4: Float64Array,
): void {
  const { lo, factor, table, mids, canon, centroids } = t;
  const top = mids.length;
  const k = centroids.length;
  const infinityIndex = canon[top]!;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v - v !== 0) {
      indices[i] = v === Infinity ? infinityIndex : 0;
      continue;
    }
    let j = table[binOfFinite(v, lo, factor)]!;
    while (j < top && v > mids[j]!) j++;
    j = canon[j]!;
    indices[i] = j;
    const lane = i & 3;
    counts4[lane * k + j]!++;
    sums4[lane * k + j]! += v;
    const d = v - centroids[j]!;
    inertia4[lane]! += d * d;
  }
}

function jsGather(x: Float32Array, lo: number, factor: number, active: Uint8Array, out: Float32Array): number {
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v - v !== 0) continue;
    if (active[binOfFinite(v, lo, factor)]) out[n++] = v;
  }
  return n;
}

export const jsKmeansPasses = (minMax: KmeansPasses['minMax']): KmeansPasses => ({
  minMax,
  histogram: jsHistogram,
  gather: jsGather,
  assign: jsAssign,
});

/** The window around the boundaries of c, or undefined when it would hold too many values. */
function gatherWindow(
  x: Float32Array,
  c: Float64Array,
  h: BinnedX,
  half: number,
  passes: KmeansPasses,
): ExactWindow | undefined {
  const { active, total } = windowBins(c, h, half);
  if (total > Math.max(1 << 20, x.length / 4)) return undefined;
  const values = new Float32Array(total);
  const got = passes.gather(x, h.lo, h.factor, active, values);
  if (got !== total) throw new Error(`kmeans1d: gathered ${got} values where the histogram holds ${total}.`);
  return exactWindow(active, values, h);
}

export function kmeansDriver(
  x: Float32Array,
  centroids: Float32Array,
  indices: Uint8Array,
  maxIterations: number,
  passes: KmeansPasses,
): { iterations: number; inertia: number } {
  checkKmeans(x, centroids, indices, maxIterations);
  const k = centroids.length;
  const c = Float64Array.from(centroids);
  const { min, max } = passes.minMax(x);
  const factor = binFactor(min, max, KMEANS_BINS);
  let iterations = 0;
  let converged = false;
  let fallback = false;

  if (maxIterations > 0) {
    const counts = new Float64Array(KMEANS_BINS);
    const sums = new Float64Array(KMEANS_BINS);
    passes.histogram(x, min, factor, counts, sums);
    const h = binnedX(min, factor, counts, sums);
    converged = h.pc[KMEANS_BINS] === 0; // nothing finite: nothing to move
    const binned = binnedCumulative(h, sums);
    const scratch = stepScratch(k);
    while (!converged && iterations < maxIterations) {
      iterations++;
      converged = !lloydStep(c, h, binned, scratch);
    }
    // Phase 2 starts from the binned fixed point, even when that took no step.
    let exact: Cumulative | undefined;
    const before = new Float64Array(k);
    for (let gathers = 0; converged && h.pc[KMEANS_BINS]! > 0 && !fallback;) {
      before.set(c);
      const moved = exact ? lloydStep(c, h, exact, scratch) : undefined;
      if (moved === false) break;
      if (moved === undefined) {
        const window = gathers < MAX_GATHERS ? gatherWindow(x, c, h, WINDOW << gathers, passes) : undefined;
        if (window) exact = exactCumulative(h, window);
        else fallback = true;
        gathers++;
        continue;
      }
      if (iterations === maxIterations) {
        c.set(before); // out of steps: not converged, and the last step's centroids stay
        converged = false;
        break;
      }
      iterations++;
    }
  }

  const passesLeft = fallback ? Math.min(FALLBACK_PASSES, Math.max(maxIterations - iterations, 0)) : 0;
  const polish = converged || fallback ? Math.max(POLISH_PASSES, passesLeft) : 0;
  let inertia: number;
  const counts = new Float64Array(k);
  const sums = new Float64Array(k);
  for (let pass = 0; ; pass++) {
    const counts4 = new Float64Array(4 * k);
    const sums4 = new Float64Array(4 * k);
    const inertia4 = new Float64Array(4);
    passes.assign(x, assignTables(c, min, factor), indices, counts4, sums4, inertia4);
    for (let j = 0; j < k; j++) {
      counts[j] = counts4[j]! + counts4[k + j]! + (counts4[2 * k + j]! + counts4[3 * k + j]!);
      sums[j] = sums4[j]! + sums4[k + j]! + (sums4[2 * k + j]! + sums4[3 * k + j]!);
    }
    inertia = inertia4[0]! + inertia4[1]! + (inertia4[2]! + inertia4[3]!);
    if (pass === polish || !update(c, counts, sums)) break;
    iterations++;
  }
  for (let j = 0; j < k; j++) centroids[j] = c[j]!;
  return { iterations, inertia };
}
