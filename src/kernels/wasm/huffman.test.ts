// Symbol counts and Huffman code lengths: the WebAssembly backend against the TypeScript twin, exactly.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/util/random';
import { jsKernels, wasmKernels } from '../index';
import { AWKWARD_LENGTHS, describeDifference } from '../test-support';

const wasm = wasmKernels();
if (!wasm) throw new Error('These tests need WebAssembly SIMD, which Node 20 has.');

describe('countSymbols and huffmanLengths: WebAssembly equals the TypeScript twin', () => {
  it('counts the same symbols, accumulating', () => {
    for (const n of AWKWARD_LENGTHS) {
      const random = seededRandom(n);
      const symbols = new Uint8Array(n).map(() => (random() < 0.5 ? 255 : Math.floor(random() ** 2 * 256)));
      const a = new Float64Array(256).fill(2);
      const b = new Float64Array(256).fill(2);
      jsKernels.countSymbols(symbols, a);
      wasm.countSymbols(symbols, b);
      expect(describeDifference(a, b)).toBe('same');
    }
  });

  it('builds the same code lengths: random, equal, tied, single, empty and Fibonacci counts', () => {
    const random = seededRandom(8);
    const cases: Float64Array[] = [new Float64Array(0), new Float64Array(256), new Float64Array([0, 7, 0])];
    cases.push(new Float64Array(256).fill(3), new Float64Array([1, 1, 2, 2, 4, 4, 8, 8]));
    const fib = new Float64Array(60);
    fib[0] = fib[1] = 1;
    for (let i = 2; i < 60; i++) fib[i] = fib[i - 1]! + fib[i - 2]!;
    cases.push(fib.reverse());
    for (let t = 0; t < 40; t++) {
      const size = 1 + Math.floor(random() * 256);
      cases.push(new Float64Array(size).map(() => (random() < 0.3 ? 0 : Math.floor(random() * (t % 2 ? 5 : 1e6)))));
    }
    for (const counts of cases) {
      const a = new Uint8Array(counts.length);
      const b = new Uint8Array(counts.length);
      expect(wasm.huffmanLengths(counts, b)).toBe(jsKernels.huffmanLengths(counts, a));
      expect(describeDifference(a, b)).toBe('same');
    }
    expect(() => wasm.huffmanLengths(new Float64Array([-1]), new Uint8Array(1))).toThrow(RangeError);
  });
});
