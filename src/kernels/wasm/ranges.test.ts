// The calibration range searches: both backends walk the same loops with the same logarithm, so they
// return the very same numbers.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/util/random';
import { jsKernels, wasmKernels } from '../index';

const wasm = wasmKernels();
if (!wasm) throw new Error('These tests need WebAssembly SIMD, which Node 20 has.');

/** A histogram of a bell-shaped |x| with a long thin tail, as activations give. */
function bellCounts(bins: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const counts = new Float64Array(bins);
  for (let i = 0; i < 20000; i++) {
    const v = Math.abs(random() + random() + random() - 1.5) * (random() < 0.01 ? 8 : 1);
    counts[Math.min(bins - 1, Math.floor((v / 12) * bins))]!++;
  }
  return counts;
}

describe('range searches: WebAssembly equals the TypeScript twin', () => {
  const histograms = [
    bellCounts(2048, 1),
    bellCounts(512, 2),
    bellCounts(130, 3),
    new Float64Array(300),
    new Float64Array([5]),
  ];

  it('percentileRange', () => {
    for (const counts of histograms) {
      for (const p of [90, 99, 99.99, 100, 0]) {
        expect(wasm.percentileRange(counts, -6, 6, p)).toEqual(jsKernels.percentileRange(counts, -6, 6, p));
      }
    }
  });

  it('entropyThreshold', () => {
    for (const counts of histograms) {
      for (const levels of [128, 8, 255])
        expect(wasm.entropyThreshold(counts, 12, levels)).toBe(jsKernels.entropyThreshold(counts, 12, levels));
    }
  });

  it('mseRange', () => {
    for (const counts of histograms) {
      for (const [lo, hi] of [
        [-6, 6],
        [0, 12],
        [-1, 11],
      ] as const) {
        expect(wasm.mseRange(counts, lo, hi, 256)).toEqual(jsKernels.mseRange(counts, lo, hi, 256));
        expect(wasm.mseRange(counts, lo, hi, 16)).toEqual(jsKernels.mseRange(counts, lo, hi, 16));
      }
    }
  });

  it('entropyThreshold clips the tail of a bell curve', () => {
    const t = wasm.entropyThreshold(bellCounts(2048, 4), 12, 128);
    expect(t).toBeGreaterThan(1);
    expect(t).toBeLessThan(12);
  });
});
