// Streaming calibration statistics. Each observed batch updates, per tensor, a running min/max and a
// histogram whose range grows with the data — never a copy of the activations themselves, so memory
// stays at one histogram per tensor however many samples are seen.
import { getKernels } from '../../../../kernels/index';
import type { CalibrationMethod, CalibrationOptions, TensorRange } from '../types';

/** Statistics kept for one tensor. */
interface TensorStats {
  min: number;
  max: number;
  /** Finite values seen. */
  count: number;
  /** Histogram over [-halfRange, halfRange] (an even number of bins, so 0 is a bin edge); undefined before any non-zero value. */
  counts?: Float64Array;
  halfRange: number;
  /** Zeros seen while the histogram had no range yet. */
  pendingZeros: number;
}

/** What the collector keeps. */
export interface CollectorOptions {
  /** Keep histograms (needed by every method but 'minmax'). Default true. */
  readonly histogram?: boolean;
  /** Bins per histogram (rounded up to an even number). Default 2048. */
  readonly bins?: number;
}

/** The statistics of one tensor, as the collector reports them. */
export interface ObservedTensor {
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

/** Collects per-tensor statistics batch by batch and turns them into ranges. */
export class CalibrationCollector {
  private readonly stats = new Map<string, TensorStats>();
  private readonly bins: number;
  private readonly keepHistogram: boolean;

  constructor(options: CollectorOptions = {}) {
    this.keepHistogram = options.histogram ?? true;
    const bins = Math.max(2, Math.ceil(options.bins ?? 2048));
    this.bins = bins % 2 === 0 ? bins : bins + 1;
  }

  /** Adds one batch of a tensor's values. */
  observe(tensorId: string, values: Float32Array): void {
    const k = getKernels();
    const { min, max } = k.minMax(values);
    let s = this.stats.get(tensorId);
    if (!s) {
      s = { min: Infinity, max: -Infinity, count: 0, halfRange: 0, pendingZeros: 0 };
      this.stats.set(tensorId, s);
    }
    // minMax skips NaN and ±Infinity (an all-NaN batch reads as zeros); the histogram clamps infinities.
    const finite = values.length;
    if (finite === 0) return;
    s.min = Math.min(s.min, min);
    s.max = Math.max(s.max, max);
    s.count += finite;
    if (!this.keepHistogram) return;
    const need = Math.max(Math.abs(min), Math.abs(max));
    if (need === 0 && s.halfRange === 0) {
      s.pendingZeros += finite;
      return;
    }
    if (need > s.halfRange) this.grow(s, need);
    k.histogram(values, -s.halfRange, s.halfRange, s.counts!);
  }

  /** Tensor ids observed so far. */
  tensors(): string[] {
    return [...this.stats.keys()];
  }

  /** Min, max and value count of a tensor (undefined when never observed with finite values). */
  observed(tensorId: string): ObservedTensor | undefined {
    const s = this.stats.get(tensorId);
    return s && s.count > 0 ? { min: s.min, max: s.max, count: s.count } : undefined;
  }

  /**
   * The range of every observed tensor by the chosen method. `levels` is the number of integer levels the
   * range will be quantized into (256 for 8 bits), which the entropy and MSE searches optimise for.
   */
  ranges(options: CalibrationOptions | CalibrationMethod = {}, levels = 256): Map<string, TensorRange> {
    const opts: CalibrationOptions = typeof options === 'string' ? { method: options } : options;
    const out = new Map<string, TensorRange>();
    for (const id of this.stats.keys()) {
      const r = this.range(id, opts, levels);
      if (r) out.set(id, r);
    }
    return out;
  }

  /** The range of one tensor by the chosen method (undefined when never observed). */
  range(tensorId: string, options: CalibrationOptions = {}, levels = 256): TensorRange | undefined {
    const s = this.stats.get(tensorId);
    if (!s || s.count === 0) return undefined;
    const method = options.method ?? 'minmax';
    const minmax = { min: s.min, max: s.max };
    if (method === 'minmax') return minmax;
    if (!this.keepHistogram)
      throw new RangeError(`calibration method '${method}' needs histograms, but the collector keeps none`);
    if (!s.counts || s.min === s.max) return minmax;
    const k = getKernels();
    if (method === 'entropy') {
      const { counts, hi } = this.absHistogram(s);
      // |x| is quantized into 128 levels when the data has both signs (symmetric int8), all of them otherwise.
      const t = k.entropyThreshold(counts, hi, s.min < 0 ? Math.floor(levels / 2) : levels);
      return clampTo({ min: Math.max(s.min, -t), max: Math.min(s.max, t) }, minmax);
    }
    const trimmed = this.trimmed(s);
    if (method === 'percentile') {
      const r = k.percentileRange(trimmed.counts, trimmed.lo, trimmed.hi, options.percentile ?? 99.99);
      return clampTo(r, minmax);
    }
    return clampTo(k.mseRange(trimmed.counts, trimmed.lo, trimmed.hi, levels), minmax);
  }

  // Widens the histogram to [-need', need'] with need' = k × halfRange for an integer k, so every old bin
  // falls inside exactly one new bin: bin j of the old grid is bin floor((offset + j) / k) of the new one.
  private grow(s: TensorStats, need: number): void {
    const bins = this.bins;
    if (s.halfRange === 0 || !s.counts) {
      s.halfRange = need;
      s.counts = new Float64Array(bins);
      s.counts[bins / 2] = s.pendingZeros;
      s.pendingZeros = 0;
      return;
    }
    const k = Math.ceil(need / s.halfRange);
    if (!Number.isFinite(k)) throw new RangeError('calibration values are not finite');
    const offset = ((k - 1) * bins) / 2;
    const next = new Float64Array(bins);
    for (let j = 0; j < bins; j++) {
      const c = s.counts[j]!;
      if (c === 0) continue;
      const to = Math.floor((offset + j) / k);
      next[to] = next[to]! + c;
    }
    s.counts = next;
    s.halfRange *= k;
  }

  // The histogram cut down to its non-empty bins, with their edges.
  private trimmed(s: TensorStats): { counts: Float64Array; lo: number; hi: number } {
    const counts = s.counts!;
    const bins = counts.length;
    const width = (2 * s.halfRange) / bins;
    let first = 0;
    while (first < bins - 1 && counts[first] === 0) first++;
    let last = bins - 1;
    while (last > first && counts[last] === 0) last--;
    return {
      counts: counts.subarray(first, last + 1),
      lo: (first - bins / 2) * width,
      hi: (last + 1 - bins / 2) * width,
    };
  }

  // The histogram of |x|: both halves folded onto [0, halfRange], cut after the last non-empty bin.
  private absHistogram(s: TensorStats): { counts: Float64Array; hi: number } {
    const counts = s.counts!;
    const half = counts.length / 2;
    const folded = new Float64Array(half);
    for (let i = 0; i < half; i++) folded[i] = counts[half + i]! + counts[half - 1 - i]!;
    let last = half - 1;
    while (last > 0 && folded[last] === 0) last--;
    const width = s.halfRange / half;
    return { counts: folded.subarray(0, last + 1), hi: (last + 1) * width };
  }
}

function clampTo(r: TensorRange, bounds: TensorRange): TensorRange {
  const min = Math.min(Math.max(r.min, bounds.min), bounds.max);
  const max = Math.max(Math.min(r.max, bounds.max), min);
  return { min, max };
}
