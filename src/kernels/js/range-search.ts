// Calibration range searches over a histogram. Each loop is written in the same order as its WebAssembly
// twin (src/kernels/assembly/range-search.ts), and both take the logarithm from the host's Math.log, so
// the two backends pick the same range.

/** v³ as two multiplications (not `**`, whose rounding is the engine's pow). */
const cube = (v: number): number => v * v * v;

/** Candidate clipping factors α = k / MSE_STEPS, k = 1 … MSE_STEPS, that mseRange tries. */
export const MSE_STEPS = 1000;

export function percentileRange(
  counts: Float64Array,
  lo: number,
  hi: number,
  percentile: number,
): { min: number; max: number } {
  const bins = counts.length;
  let total = 0;
  for (let i = 0; i < bins; i++) total += counts[i]!;
  if (bins === 0 || !(hi > lo) || !(total > 0)) return { min: lo, max: hi };
  const p = Math.min(100, Math.max(0, percentile));
  const tail = (total * (100 - p)) / 200; // the clipped share, half in each tail
  const width = (hi - lo) / bins;
  let min = lo;
  let cum = 0;
  for (let i = 0; i < bins; i++) {
    const c = counts[i]!;
    if (cum + c > tail) {
      min = lo + (i + (tail - cum) / c) * width;
      break;
    }
    cum += c;
  }
  let max = hi;
  cum = 0;
  for (let i = bins - 1; i >= 0; i--) {
    const c = counts[i]!;
    if (cum + c > tail) {
      max = lo + (i + 1 - (tail - cum) / c) * width;
      break;
    }
    cum += c;
  }
  if (min > max) {
    const mid = (min + max) / 2;
    return { min: mid, max: mid };
  }
  return { min, max };
}

/**
 * TensorRT's entropy calibration. For each candidate i (levels … bins), P is the histogram clipped to its
 * first i bins with the clipped counts added to bin i − 1; Q merges the unclipped first i bins into
 * `levels` groups and spreads each group's total evenly over the bins where P is non-empty. The i with the
 * least KL(P‖Q) wins, ties keeping the smaller i; a candidate where Q is empty but P is not loses.
 *
 * With totals T (of P) and T_i (of Q): KL = Σ p·log(p/q) / T + log(T_i / T), and since q is constant
 * within a group g, Σ p·log(p/q) = Σ p·log p − Σ_g S_g·log q_g (S_g: P's sum over the group). Prefix sums
 * of c, c·log c and of the non-empty bins make each candidate cost O(levels) instead of O(i).
 */
export function entropyThreshold(counts: Float64Array, hi: number, levels: number): number {
  const bins = counts.length;
  const groups = Math.floor(levels);
  if (bins === 0 || !(hi > 0) || groups < 1 || groups >= bins) return hi;
  // Prefix sums over bins [0, j): counts, c·log c, and how many bins are non-empty.
  const sum = new Float64Array(bins + 1);
  const sumCLogC = new Float64Array(bins + 1);
  const nonEmpty = new Float64Array(bins + 1);
  for (let j = 0; j < bins; j++) {
    const c = counts[j]!;
    sum[j + 1] = sum[j]! + c;
    sumCLogC[j + 1] = c > 0 ? sumCLogC[j]! + c * Math.log(c) : sumCLogC[j]!;
    nonEmpty[j + 1] = c > 0 ? nonEmpty[j]! + 1 : nonEmpty[j]!;
  }
  const total = sum[bins]!;
  if (!(total > 0)) return hi;
  let best = Infinity;
  let bestI = bins;
  for (let i = groups; i <= bins; i++) {
    const kept = sum[i]!;
    if (!(kept > 0)) continue;
    const outliers = total - kept;
    const last = counts[i - 1]! + outliers; // P's last bin
    let sumPLogPQ = sumCLogC[i - 1]! + (last > 0 ? last * Math.log(last) : 0);
    for (let g = 0; g < groups; g++) {
      // The bins j with floor(j · groups / i) = g.
      const start = Math.floor((g * i + groups - 1) / groups);
      const end = Math.floor(((g + 1) * i + groups - 1) / groups);
      if (end === start) continue;
      const raw = sum[end]! - sum[start]!;
      let size = nonEmpty[end]! - nonEmpty[start]!;
      let mass = raw;
      if (end === i) {
        // The group holding P's last bin: P adds the outliers there (and may make that bin non-empty).
        mass += outliers;
        if (counts[i - 1]! === 0 && outliers > 0) size += 1;
      }
      if (!(mass > 0)) continue;
      const q = raw / size;
      if (!(q > 0)) {
        sumPLogPQ = Infinity;
        break;
      }
      sumPLogPQ -= mass * Math.log(q);
    }
    const divergence = sumPLogPQ / total + Math.log(kept / total);
    if (divergence < best) {
      best = divergence;
      bestI = i;
    }
  }
  return bestI * (hi / bins);
}

/**
 * The clipping factor α whose range [α·lo', α·hi'] quantizes the histogram (bins over [lo, hi], values
 * spread evenly inside each bin) with the least expected squared error: s²/12 of rounding noise for a
 * value inside the range (s = range / (levels − 1)), its squared distance to the nearer end outside it,
 * integrated exactly over the part of each bin on either side. α runs from 1 down, so ties keep the wider
 * range.
 */
export function mseRange(counts: Float64Array, lo: number, hi: number, levels: number): { min: number; max: number } {
  const bins = counts.length;
  const low = Math.min(lo, 0);
  const high = Math.max(hi, 0);
  if (bins === 0 || !(high > low) || !(hi > lo) || !(levels >= 2)) return { min: low, max: high };
  const width = (hi - lo) / bins;
  let best = Infinity;
  let bestAlpha = 1;
  for (let k = MSE_STEPS; k >= 1; k--) {
    const alpha = k / MSE_STEPS;
    const min = alpha * low;
    const max = alpha * high;
    const step = (max - min) / (levels - 1);
    const noise = (step * step) / 12;
    let error = 0;
    for (let j = 0; j < bins; j++) {
      const c = counts[j]!;
      if (c === 0) continue;
      const a = lo + j * width;
      const b = a + width;
      let e = 0; // the bin's error times its width
      if (a < min) {
        const u = Math.min(b, min);
        e += (cube(min - a) - cube(min - u)) / 3;
      }
      if (b > max) {
        const u = Math.max(a, max);
        e += (cube(b - max) - cube(u - max)) / 3;
      }
      const inside = Math.min(b, max) - Math.max(a, min);
      if (inside > 0) e += inside * noise;
      error += (c / width) * e;
    }
    if (error < best) {
      best = error;
      bestAlpha = alpha;
    }
  }
  return { min: bestAlpha * low, max: bestAlpha * high };
}
