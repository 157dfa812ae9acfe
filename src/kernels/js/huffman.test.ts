import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/util/random';
import { jsKernels as k } from './index';

/** Kraft sum Σ 2^−len over the present symbols: exactly 1 for a full binary (Huffman) tree. */
function kraft(lengths: Uint8Array): number {
  return lengths.reduce((s, l) => (l > 0 ? s + 2 ** -l : s), 0);
}

/** The optimal total cost by the classic merge-two-smallest sum (order-independent). */
function optimalBits(counts: number[]): number {
  const q = counts.filter((c) => c > 0).sort((a, b) => a - b);
  if (q.length === 1) return q[0]!;
  let total = 0;
  while (q.length > 1) {
    const s = q.shift()! + q.shift()!;
    total += s;
    let i = 0;
    while (i < q.length && q[i]! < s) i++;
    q.splice(i, 0, s);
  }
  return total;
}

describe('countSymbols (js)', () => {
  it('adds byte frequencies to the counts', () => {
    const counts = new Float64Array(256);
    counts[7] = 2;
    k.countSymbols(new Uint8Array([7, 7, 0, 255, 7]), counts);
    expect(counts[7]).toBe(5);
    expect(counts[0]).toBe(1);
    expect(counts[255]).toBe(1);
    expect(counts.reduce((a, b) => a + b)).toBe(7);
    expect(() => k.countSymbols(new Uint8Array(1), new Float64Array(16))).toThrow(RangeError);
  });
});

describe('huffmanLengths (js)', () => {
  it('gives the textbook lengths and the coded size', () => {
    const counts = new Float64Array([45, 13, 12, 16, 9, 5]);
    const out = new Uint8Array(6);
    expect(k.huffmanLengths(counts, out)).toBe(224);
    expect([...out]).toEqual([1, 3, 3, 3, 4, 4]);
  });

  it('is optimal with a full tree on random counts, 0 for absent symbols', () => {
    const random = seededRandom(3);
    for (let trial = 0; trial < 30; trial++) {
      const size = 1 + Math.floor(random() * 256);
      const counts = new Float64Array(size).map(() => (random() < 0.2 ? 0 : Math.floor(random() ** 3 * 1e5)));
      const out = new Uint8Array(size);
      const bits = k.huffmanLengths(counts, out);
      const present = counts.filter((c) => c > 0).length;
      if (present > 1) expect(kraft(out)).toBe(1);
      counts.forEach((c, s) => expect(out[s] === 0).toBe(c === 0));
      if (present > 0) expect(bits).toBe(optimalBits([...counts]));
    }
  });

  it('handles one symbol, none, equal counts and a deep Fibonacci tree', () => {
    const out = new Uint8Array(4);
    expect(k.huffmanLengths(new Float64Array([0, 9, 0, 0]), out)).toBe(9);
    expect([...out]).toEqual([0, 1, 0, 0]);
    expect(k.huffmanLengths(new Float64Array(4), out)).toBe(0);
    expect([...out]).toEqual([0, 0, 0, 0]);
    expect(k.huffmanLengths(new Float64Array([5, 5, 5, 5]), out)).toBe(40);
    expect([...out]).toEqual([2, 2, 2, 2]);
    const fib = new Float64Array(40);
    fib[0] = 1;
    fib[1] = 1;
    for (let i = 2; i < 40; i++) fib[i] = fib[i - 1]! + fib[i - 2]!;
    const deep = new Uint8Array(40);
    k.huffmanLengths(fib, deep);
    expect(Math.max(...deep)).toBe(39);
    expect(kraft(deep)).toBe(1);
  });

  it('rejects negative or non-finite counts and more than 256 symbols', () => {
    expect(() => k.huffmanLengths(new Float64Array([1, -1]), new Uint8Array(2))).toThrow(RangeError);
    expect(() => k.huffmanLengths(new Float64Array([1, NaN]), new Uint8Array(2))).toThrow(RangeError);
    expect(() => k.huffmanLengths(new Float64Array(257), new Uint8Array(257))).toThrow(RangeError);
    expect(() => k.huffmanLengths(new Float64Array(3), new Uint8Array(2))).toThrow(RangeError);
  });
});
