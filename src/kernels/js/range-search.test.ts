import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/util/random';
import { jsKernels as k } from './index';

/** KL(P‖Q) of candidate i written out directly from the definition (normalised P and Q, O(i)). */
function directThreshold(counts: Float64Array, hi: number, levels: number): number {
  const bins = counts.length;
  const total = counts.reduce((a, b) => a + b, 0);
  let best = Infinity;
  let bestI = bins;
  for (let i = levels; i <= bins; i++) {
    const p = Array.from(counts.subarray(0, i));
    const outliers = total - p.reduce((a, b) => a + b, 0);
    p[i - 1]! += outliers;
    const q = new Array<number>(i).fill(0);
    for (let g = 0; g < levels; g++) {
      const js = p.map((_, j) => j).filter((j) => Math.floor((j * levels) / i) === g);
      const raw = js.reduce((a, j) => a + counts[j]!, 0);
      const live = js.filter((j) => p[j]! > 0);
      for (const j of live) q[j] = raw / live.length;
    }
    const qTotal = q.reduce((a, b) => a + b, 0);
    if (!(qTotal > 0)) continue;
    let kl = 0;
    for (let j = 0; j < i; j++) {
      if (p[j]! > 0) kl += q[j]! > 0 ? (p[j]! / total) * Math.log(p[j]! / total / (q[j]! / qTotal)) : Infinity;
    }
    if (kl < best - 1e-12) {
      best = kl;
      bestI = i;
    }
  }
  return bestI * (hi / bins);
}

describe('range searches (js)', () => {
  it('percentileRange clips half the rest from each tail, interpolating in bins', () => {
    // 10 bins of width 1 over [0, 10] with 10 values each; 80 % keeps 10 values out of each tail's bins.
    const counts = new Float64Array(10).fill(10);
    expect(k.percentileRange(counts, 0, 10, 80)).toEqual({ min: 1, max: 9 });
    const r = k.percentileRange(counts, 0, 10, 90); // 5 values off each end: half a bin
    expect(r.min).toBeCloseTo(0.5, 12);
    expect(r.max).toBeCloseTo(9.5, 12);
    // 100 % gives the edges of the outermost non-empty bins.
    expect(k.percentileRange(new Float64Array([0, 3, 0, 1, 0]), -5, 5, 100)).toEqual({ min: -3, max: 3 });
    expect(k.percentileRange(new Float64Array(4), -1, 1, 99)).toEqual({ min: -1, max: 1 });
  });

  it('entropyThreshold keeps the whole range when nothing is far out, clips a lone outlier', () => {
    const flat = new Float64Array(64).fill(100);
    expect(k.entropyThreshold(flat, 64, 8)).toBe(64);
    const spiky = new Float64Array(64);
    for (let i = 0; i < 16; i++) spiky[i] = 1000 - 50 * i;
    spiky[63] = 1; // one value at the far end
    const t = k.entropyThreshold(spiky, 64, 8);
    expect(t).toBeGreaterThan(8);
    expect(t).toBeLessThanOrEqual(24);
    expect(k.entropyThreshold(new Float64Array(64), 2, 8)).toBe(2);
  });

  it('entropyThreshold picks what the direct definition of the divergence picks', () => {
    const random = seededRandom(5);
    for (let trial = 0; trial < 6; trial++) {
      const counts = new Float64Array(96);
      for (let n = 0; n < 3000; n++) {
        const v = Math.abs(random() + random() - 1) * (random() < 0.02 ? 6 : 1.5);
        counts[Math.min(95, Math.floor(v * 32))]!++;
      }
      expect(k.entropyThreshold(counts, 3, 8)).toBe(directThreshold(counts, 3, 8));
    }
  });

  it('mseRange keeps a uniform range and clips a long thin tail', () => {
    // Uniform values on [−1, 1], 256 levels: the mean error α·(2α/255)²/12 (noise on the kept share α)
    // + (1 − α)³/3 (clipping) is least at (1 − α)/α = √(3·(2/255)²/12) ≈ 0.0039: a whisker of clipping.
    const uniform = new Float64Array(100).fill(1);
    const u = k.mseRange(uniform, -1, 1, 256);
    expect(u.max).toBe(0.996);
    expect(u.min).toBe(-u.max);
    const tail = new Float64Array(1000);
    tail[0] = 1e6; // almost every value near 0 …
    tail[999] = 1; // … and one at 1000
    const r = k.mseRange(tail, 0, 1000, 4);
    expect(r.min).toBe(0);
    expect(r.max).toBeLessThan(100);
    expect(r.max).toBeGreaterThan(0);
  });
});
