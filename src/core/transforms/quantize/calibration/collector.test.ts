import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../util/random';
import { CalibrationCollector } from './collector';

function gaussian(n: number, seed: number, sigma = 1): Float32Array {
  const r = seededRandom(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = Math.max(r(), 1e-12);
    out[i] = sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
  }
  return out;
}

describe('CalibrationCollector', () => {
  it('keeps the running min and max over batches', () => {
    const c = new CalibrationCollector({ histogram: false });
    c.observe('t', Float32Array.of(1, 2, 3));
    c.observe('t', Float32Array.of(-4, 0.5));
    c.observe('t', Float32Array.of(NaN, 2));
    expect(c.observed('t')).toEqual({ min: -4, max: 3, count: 7 });
    expect(c.ranges('minmax').get('t')).toEqual({ min: -4, max: 3 });
    expect(() => c.range('t', { method: 'percentile' })).toThrow(/histograms/);
  });

  it('grows its histogram when a batch exceeds the range, losing no counts', () => {
    const c = new CalibrationCollector({ bins: 64 });
    c.observe('t', Float32Array.of(0, 0, 0));
    c.observe('t', Float32Array.of(0.1, -0.2, 0.3));
    c.observe('t', Float32Array.of(5, -40));
    c.observe('t', Float32Array.of(1000));
    const stats = c as unknown as { stats: Map<string, { counts: Float64Array; halfRange: number }> };
    const s = stats.stats.get('t')!;
    expect(s.counts.reduce((a, b) => a + b, 0)).toBe(9);
    expect(s.halfRange).toBeGreaterThanOrEqual(1000);
    // The zeros sit just above 0 (bin 32 of 64), and -40 in a bin at or below -40.
    const width = (2 * s.halfRange) / 64;
    expect(s.counts[32]).toBeGreaterThanOrEqual(3);
    const negatives = s.counts.subarray(0, 32).reduce((a, b) => a + b, 0);
    expect(negatives).toBe(2);
    expect(Math.floor((-40 + s.halfRange) / width)).toBeLessThan(32);
  });

  it('a histogram built over batches matches one built in one go (same final range)', () => {
    const x = gaussian(20000, 4);
    const once = new CalibrationCollector({ bins: 128 });
    once.observe('t', x);
    const batched = new CalibrationCollector({ bins: 128 });
    for (let i = 0; i < 20; i++) batched.observe('t', x.subarray(i * 1000, (i + 1) * 1000));
    expect(batched.observed('t')).toEqual(once.observed('t'));
    for (const method of ['percentile', 'mse', 'entropy'] as const) {
      const a = once.range('t', { method })!;
      const b = batched.range('t', { method })!;
      // Ranges of different bin grids agree to within a few bins.
      const tolerance = 4 * ((2 * 5) / 128);
      expect(Math.abs(a.min - b.min)).toBeLessThan(tolerance * 2);
      expect(Math.abs(a.max - b.max)).toBeLessThan(tolerance * 2);
    }
  });

  it('percentile, entropy and MSE clip the tail that min/max keeps', () => {
    // Laplace(0, 1): a heavy tail, as activations often have.
    const r = seededRandom(5);
    const x = Float32Array.from({ length: 200000 }, () => {
      const u = r() - 0.5;
      return -Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
    });
    const c = new CalibrationCollector();
    c.observe('t', x);
    const minmax = c.range('t', { method: 'minmax' })!;
    const percentile = c.range('t', { method: 'percentile', percentile: 99.9 })!;
    // 0.05 % in each tail of Laplace(0, 1) lies beyond ln(1000) ≈ 6.9.
    expect(percentile.max).toBeCloseTo(Math.log(1000), 0);
    expect(percentile.min).toBeCloseTo(-Math.log(1000), 0);
    for (const method of ['entropy', 'mse'] as const) {
      const range = c.range('t', { method })!;
      expect(range.max).toBeLessThan(minmax.max);
      expect(range.max).toBeGreaterThan(percentile.max);
      expect(range.min).toBeGreaterThanOrEqual(minmax.min);
      expect(range.min).toBeLessThan(percentile.min);
    }
  });

  it('non-negative data (ReLU outputs) keep a range starting at 0', () => {
    const x = gaussian(20000, 6).map(Math.abs);
    const c = new CalibrationCollector();
    c.observe('relu', x);
    for (const method of ['minmax', 'percentile', 'entropy', 'mse'] as const) {
      const r = c.range('relu', { method })!;
      expect(r.min).toBeGreaterThanOrEqual(0);
      expect(r.min).toBeLessThan(0.05);
    }
  });

  it('a constant tensor gets its one value as range', () => {
    const c = new CalibrationCollector();
    c.observe('z', new Float32Array(10));
    expect(c.range('z', { method: 'entropy' })).toEqual({ min: 0, max: 0 });
    expect(c.range('missing')).toBeUndefined();
  });
});
