import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/util/random';
import { testValues } from '../test-support';
import { jsKernels as k } from './index';

/** |x| with NaN as +Infinity, sorted: the brute-force oracle of selectMagnitude. */
function sortedMagnitudes(parts: Float32Array[]): number[] {
  const all: number[] = [];
  for (const p of parts) for (const v of p) all.push(v === v ? Math.abs(v) : Infinity);
  return all.sort((a, b) => a - b);
}

describe('selectMagnitude (js)', () => {
  it('finds the k-th smallest magnitude over several tensors and counts the values below it', () => {
    const parts = [testValues(3000, 1), testValues(17, 2), new Float32Array(0), testValues(900, 3, { spread: 1e-3 })];
    const sorted = sortedMagnitudes(parts);
    for (const kth of [1, 2, 17, 500, 1999, 2000, 3916, sorted.length]) {
      const { threshold, below } = k.selectMagnitude(parts, kth);
      expect(threshold).toBe(sorted[kth - 1]);
      expect(below).toBe(sorted.findIndex((v) => v >= threshold));
    }
  });

  it('handles ties, zeros of both signs, subnormals and NaN as +Infinity', () => {
    const x = new Float32Array([0.5, -0.5, 0, -0, 1e-45, NaN, Infinity, -2, 0.5, NaN]);
    expect(k.selectMagnitude([x], 1)).toEqual({ threshold: 0, below: 0 });
    expect(k.selectMagnitude([x], 2)).toEqual({ threshold: 0, below: 0 });
    expect(k.selectMagnitude([x], 3)).toEqual({ threshold: Math.fround(1e-45), below: 2 });
    expect(k.selectMagnitude([x], 5)).toEqual({ threshold: 0.5, below: 3 });
    expect(k.selectMagnitude([x], 7)).toEqual({ threshold: 2, below: 6 });
    expect(k.selectMagnitude([x], 10)).toEqual({ threshold: Infinity, below: 7 });
  });

  it('rejects k outside 1..total', () => {
    const x = new Float32Array([1, 2]);
    expect(() => k.selectMagnitude([x], 0)).toThrow(RangeError);
    expect(() => k.selectMagnitude([x], 3)).toThrow(RangeError);
    expect(() => k.selectMagnitude([], 1)).toThrow(RangeError);
    expect(() => k.selectMagnitude([x], 1.5)).toThrow(RangeError);
  });
});

describe('magnitudeMask (js)', () => {
  it('prunes exactly k values with the threshold and ties of selectMagnitude', () => {
    const x = testValues(5000, 9, { tieStep: 0.25 });
    for (const kth of [1, 100, 2500, 4999, 5000]) {
      const { threshold, below } = k.selectMagnitude([x], kth);
      const out = new Uint8Array(x.length);
      expect(k.magnitudeMask(x, threshold, kth - below, out)).toBe(kth - below);
      expect(out.reduce((s, v) => s + (1 - v), 0)).toBe(kth);
    }
  });

  it('prunes the first ties in index order and reports fewer when there are fewer', () => {
    const x = new Float32Array([1, -1, 0.5, 1, 3, NaN]);
    const out = new Uint8Array(6);
    expect(k.magnitudeMask(x, 1, 1, out)).toBe(1);
    expect([...out]).toEqual([0, 1, 0, 1, 1, 1]);
    expect(k.magnitudeMask(x, 1, 10, out)).toBe(3);
    expect([...out]).toEqual([0, 0, 0, 0, 1, 1]);
    expect(k.magnitudeMask(x, Infinity, 1, out)).toBe(1); // NaN is a tie at +Infinity
    expect([...out]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => k.magnitudeMask(x, 1, -1, out)).toThrow(RangeError);
    expect(() => k.magnitudeMask(x, 1, 0, new Uint8Array(2))).toThrow(RangeError);
  });
});

/** The N:M oracle: sort each group by (magnitude desc, index asc) and keep the first n. */
function nmOracle(x: Float32Array, outer: number, channels: number, inner: number, n: number, m: number): Uint8Array {
  const out = new Uint8Array(x.length);
  for (let o = 0; o < outer; o++) {
    for (let c0 = 0; c0 < channels; c0 += m) {
      for (let p = 0; p < inner; p++) {
        const at = [];
        for (let c = c0; c < Math.min(c0 + m, channels); c++) at.push((o * channels + c) * inner + p);
        const mag = (i: number): number => (x[i]! === x[i]! ? Math.abs(x[i]!) : Infinity);
        at.sort((a, b) => mag(b) - mag(a) || a - b);
        for (const i of at.slice(0, n)) out[i] = 1;
      }
    }
  }
  return out;
}

describe('nmMask (js)', () => {
  it('keeps the n largest of every m along the channel axis, ties to the lower index', () => {
    const random = seededRandom(5);
    for (const [outer, channels, inner, n, m] of [
      [3, 8, 1, 2, 4],
      [2, 10, 3, 2, 4], // a partial last group of 2
      [4, 7, 5, 1, 4], // partial group of 3 keeps 1
      [1, 16, 9, 4, 8],
      [2, 5, 2, 3, 4], // partial group of 1 keeps 1
      [2, 6, 2, 0, 3],
      [2, 6, 2, 3, 3],
    ] as const) {
      const x = testValues(outer * channels * inner, Math.floor(random() * 1000), { tieStep: 0.5, spread: 2 });
      const out = new Uint8Array(x.length);
      const kept = k.nmMask(x, { outer, channels, inner }, n, m, out);
      expect([...out]).toEqual([...nmOracle(x, outer, channels, inner, n, m)]);
      expect(kept).toBe(out.reduce((s, v) => s + v, 0));
    }
  });

  it('keeps two of four in the textbook example and rejects bad patterns', () => {
    const x = new Float32Array([0.1, -3, 2, 0.5, 1, 1, 1, 1]);
    const out = new Uint8Array(8);
    expect(k.nmMask(x, { outer: 2, channels: 4, inner: 1 }, 2, 4, out)).toBe(4);
    expect([...out]).toEqual([0, 1, 1, 0, 1, 1, 0, 0]);
    expect(() => k.nmMask(x, { outer: 2, channels: 4, inner: 1 }, 5, 4, out)).toThrow(RangeError);
    expect(() => k.nmMask(x, { outer: 2, channels: 4, inner: 1 }, 1, 0, out)).toThrow(RangeError);
    expect(() => k.nmMask(x, { outer: 3, channels: 4, inner: 1 }, 2, 4, out)).toThrow(RangeError);
  });
});
