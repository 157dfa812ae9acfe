// Magnitude selection, magnitude masks and N:M masks: the WebAssembly backend against the TypeScript twin,
// bit for bit (thresholds, counts and every mask byte).
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/util/random';
import { jsKernels, wasmKernels } from '../index';
import { AWKWARD_LENGTHS, describeDifference, testValues } from '../test-support';

const wasm = wasmKernels();
if (!wasm) throw new Error('These tests need WebAssembly SIMD, which Node 20 has.');

/** Many exact ties, zeros of both signs, subnormals, NaN and infinities. */
function tieHeavy(n: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const pool = [0, -0, 0.5, -0.5, 1e-45, -1e-45, NaN, Infinity, -Infinity, 3e38, 0.25, 2];
  return new Float32Array(n).map(() => (random() < 0.6 ? pool[Math.floor(random() * pool.length)]! : random() - 0.5));
}

describe('selectMagnitude and magnitudeMask: WebAssembly equals the TypeScript twin', () => {
  it('selects the same threshold and below count over awkward lengths and several parts', () => {
    const random = seededRandom(1);
    for (const n of AWKWARD_LENGTHS) {
      const parts = [testValues(n, n + 3), tieHeavy(n >> 1, n), testValues(n >> 2, n + 9, { spread: 1e-30 })];
      const total = parts.reduce((s, p) => s + p.length, 0);
      if (total === 0) continue;
      for (const k of [1, total, 1 + Math.floor(random() * total), Math.ceil(total / 2)]) {
        expect(wasm.selectMagnitude(parts, k)).toEqual(jsKernels.selectMagnitude(parts, k));
      }
    }
    expect(() => wasm.selectMagnitude([new Float32Array(3)], 4)).toThrow(RangeError);
  });

  it('writes the same masks and tie counts, thresholds from selection and arbitrary ones', () => {
    for (const n of AWKWARD_LENGTHS) {
      for (const x of [testValues(n, n + 5, { tieStep: 0.5 }), tieHeavy(n, n + 1)]) {
        const thresholds: [number, number][] = [
          [0.5, 0],
          [0.5, 3],
          [0.5, Infinity],
          [0, 2],
          [-0, 1],
          [Infinity, 5],
          [NaN, 1],
          [-1, 1],
          [0.1, 7], // not a float32: no ties, the first float32 above decides
          [1e39, 4],
          [Math.fround(1e-45), 1],
        ];
        if (n > 0) {
          const { threshold, below } = jsKernels.selectMagnitude([x], Math.ceil(n * 0.7));
          thresholds.push([threshold, Math.ceil(n * 0.7) - below]);
        }
        for (const [t, ties] of thresholds) {
          const a = new Uint8Array(n);
          const b = new Uint8Array(n);
          const pa = jsKernels.magnitudeMask(x, t, ties, a);
          expect(wasm.magnitudeMask(x, t, ties, b), `threshold ${t}, ties ${ties}`).toBe(pa);
          expect(describeDifference(a, b), `threshold ${t}, ties ${ties}`).toBe('same');
        }
      }
    }
  });
});

describe('nmMask: WebAssembly equals the TypeScript twin', () => {
  const layouts: [number, number, number][] = [
    [64, 16, 1], // Gemm [N, K], 2:4 along K: whole groups of four in a row
    [3, 10, 1], // partial last group
    [5, 12, 9], // Conv 3×3: groups across channels, four positions at a time
    [2, 7, 6],
    [1, 4, 40000], // one group bigger than a chunk: sliced along inner
    [2, 9, 5000], // … with a partial last group
    [2, 4099, 5], // groups split across chunks inside a block
    [700, 24, 1],
    [1, 1, 1],
  ];
  const patterns: [number, number][] = [
    [2, 4],
    [1, 4],
    [4, 8],
    [3, 4],
    [0, 4],
    [4, 4],
    [1, 3],
    [5, 16],
  ];
  for (const [outer, channels, inner] of layouts) {
    it(`${outer}×${channels}×${inner}, every pattern, ties and specials`, () => {
      const n = outer * channels * inner;
      for (const x of [testValues(n, n, { tieStep: 0.5, spread: 2 }), tieHeavy(n, n + 2)]) {
        for (const [keep, of] of patterns) {
          const a = new Uint8Array(n);
          const b = new Uint8Array(n);
          const layout = { outer, channels, inner };
          expect(wasm.nmMask(x, layout, keep, of, b)).toBe(jsKernels.nmMask(x, layout, keep, of, a));
          expect(describeDifference(a, b), `${keep}:${of}`).toBe('same');
        }
      }
    });
  }
});
