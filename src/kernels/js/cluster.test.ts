import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/util/random';
import { testValues } from '../test-support';
import { jsKernels as k } from './index';

/** Brute force: the nearest centroid of v (ties to the lower index), NaN and −∞ to 0, +∞ to the last. */
function nearest(v: number, c: Float32Array): number {
  if (v !== v) return 0;
  if (v === Infinity) return nearest(c[c.length - 1]!, c);
  let best = 0;
  for (let j = 1; j < c.length; j++) if (Math.abs(v - c[j]!) < Math.abs(v - c[best]!)) best = j;
  return best;
}

/** Checks the contract's promises about a converged result. */
function expectFixedPoint(x: Float32Array, c: Float32Array, indices: Uint8Array, inertia: number, means = true): void {
  const counts = new Float64Array(c.length);
  const sums = new Float64Array(c.length);
  let sq = 0;
  let wrong = -1;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (wrong < 0 && indices[i] !== nearest(v, c)) wrong = i;
    if (!Number.isFinite(v)) continue;
    counts[indices[i]!]!++;
    sums[indices[i]!]! += v;
    sq += (v - c[indices[i]!]!) ** 2;
  }
  expect(wrong < 0 ? 'all nearest' : `x[${wrong}] = ${x[wrong]} has index ${indices[wrong]}`).toBe('all nearest');
  for (let j = 0; j < c.length; j++) {
    if (j > 0) expect(c[j]!).toBeGreaterThanOrEqual(c[j - 1]!);
    if (means && counts[j]! > 0) expect(c[j]).toBe(Math.fround(sums[j]! / counts[j]!));
  }
  expect(inertia).toBeCloseTo(sq, 6);
}

describe('kmeans1d (js)', () => {
  it('finds well-separated clusters and returns a Lloyd fixed point', () => {
    const random = seededRandom(11);
    const truth = [-3, -1, 0.5, 4];
    const x = new Float32Array(20000).map((_, i) => truth[i % 4]! + (random() - 0.5) * 0.2);
    const c = new Float32Array([-3.5, -0.5, 1, 5]);
    const indices = new Uint8Array(x.length);
    const { iterations, inertia } = k.kmeans1d(x, c, indices, 100);
    expect(iterations).toBeGreaterThan(1);
    expect(iterations).toBeLessThan(100);
    for (let j = 0; j < 4; j++) expect(c[j]).toBeCloseTo(truth[j]!, 2);
    expectFixedPoint(x, c, indices, inertia);
  });

  it('converges on awkward data: specials, ties, duplicates and empty clusters', () => {
    for (const [n, kk, seed] of [
      [1, 1, 1],
      [5, 4, 2],
      [1000, 16, 3],
      [40000, 16, 4],
      [30000, 256, 5],
      [3000, 7, 6],
    ] as const) {
      for (const specials of [false, true]) {
        const x = testValues(n, seed, { tieStep: 0.25, specials });
        const c = new Float32Array(kk).map((_, j) => -4 + (8 * j) / kk);
        const indices = new Uint8Array(n);
        const { inertia } = k.kmeans1d(x, c, indices, 2000);
        // ±3e38 among the values make the bins useless, so Lloyd may stop before the means settle.
        expectFixedPoint(x, c, indices, inertia, !specials);
      }
    }
  });

  it('keeps duplicate and out-of-range centroids, assigning ties to the lower index', () => {
    const x = new Float32Array([1, 1, 1, 2, 2, NaN, -Infinity, Infinity]);
    const c = new Float32Array([1, 1, 2, 50]);
    const indices = new Uint8Array(x.length);
    const { inertia } = k.kmeans1d(x, c, indices, 10);
    expect([...c]).toEqual([1, 1, 2, 50]);
    expect([...indices]).toEqual([0, 0, 0, 2, 2, 0, 0, 3]);
    expect(inertia).toBe(0);
  });

  it('survives clusters that start on a sliver of one bin', () => {
    const random = seededRandom(9);
    const x = new Float32Array(100000).map(() => random() + random() - 1);
    const c = new Float32Array([-0.9, 0.01, Math.fround(0.01) + 2 ** -30, 0.0100001, 0.9]);
    const indices = new Uint8Array(x.length);
    const { inertia } = k.kmeans1d(x, c, indices, 5000);
    expectFixedPoint(x, c, indices, inertia);
  });

  it('stops at maxIterations with the nearest indices of the last centroids', () => {
    const random = seededRandom(4);
    const x = new Float32Array(50000).map(() => random() + random() + random());
    const c = new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 2.9]);
    const indices = new Uint8Array(x.length);
    expect(k.kmeans1d(x, c, indices, 3).iterations).toBe(3);
    expectFixedPoint(x, c, indices, k.kmeans1d(x, c.slice(), indices, 0).inertia, false);
  });

  it('only assigns when maxIterations is 0 and handles constant and empty inputs', () => {
    const x = new Float32Array([0.1, 0.9, 0.4]);
    const c = new Float32Array([0, 1]);
    const indices = new Uint8Array(3);
    expect(k.kmeans1d(x, c, indices, 0)).toEqual({ iterations: 0, inertia: expect.closeTo(0.01 + 0.01 + 0.16, 6) });
    expect([...c]).toEqual([0, 1]);
    expect([...indices]).toEqual([0, 1, 0]);
    const same = new Float32Array(100).fill(3);
    const c2 = new Float32Array([-1, 7]);
    k.kmeans1d(same, c2, new Uint8Array(100), 10);
    expect([...c2]).toEqual([3, 7]);
    expect(k.kmeans1d(new Float32Array(0), new Float32Array([1, 2]), new Uint8Array(0), 5).inertia).toBe(0);
  });

  it('rejects bad centroids, k and lengths', () => {
    const x = new Float32Array(4);
    expect(() => k.kmeans1d(x, new Float32Array([1, 0]), new Uint8Array(4), 5)).toThrow(RangeError);
    expect(() => k.kmeans1d(x, new Float32Array([NaN]), new Uint8Array(4), 5)).toThrow(RangeError);
    expect(() => k.kmeans1d(x, new Float32Array(257), new Uint8Array(4), 5)).toThrow(RangeError);
    expect(() => k.kmeans1d(x, new Float32Array(0), new Uint8Array(4), 5)).toThrow(RangeError);
    expect(() => k.kmeans1d(x, new Float32Array([0]), new Uint8Array(3), 5)).toThrow(RangeError);
    expect(() => k.kmeans1d(x, new Float32Array([0]), new Uint8Array(4), -1)).toThrow(RangeError);
  });
});
