// minMax, histograms and error statistics: the WebAssembly backend against the TypeScript twin.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/util/random';
import { jsKernels, wasmKernels } from '../index';
import { AWKWARD_LENGTHS, describeDifference, testValues } from '../test-support';
import type { ChannelLayout, ErrorStats } from '../types';

const wasm = wasmKernels();
if (!wasm) throw new Error('These tests need WebAssembly SIMD, which Node 20 has.');

const LAYOUTS: ChannelLayout[] = [
  { outer: 1, channels: 6, inner: 9 },
  { outer: 50, channels: 8, inner: 1 },
  { outer: 700, channels: 24, inner: 1 },
  { outer: 11, channels: 5, inner: 3 },
  { outer: 2, channels: 3, inner: 7001 },
  { outer: 3, channels: 2, inner: 16 },
];
const size = (l: ChannelLayout): number => l.outer * l.channels * l.inner;

function expectCloseStats(a: ErrorStats, b: ErrorStats): void {
  // Sums in a different order: equal up to float rounding.
  for (const key of ['mse', 'sqnrDb', 'cosine'] as const) {
    if (Number.isFinite(a[key])) expect(b[key]).toBeCloseTo(a[key], 9);
    else expect(b[key]).toBe(a[key]);
  }
  expect(b.maxAbsError).toBe(a.maxAbsError);
}

describe('statistics: WebAssembly equals the TypeScript twin', () => {
  it('minMax over awkward lengths with NaN, ±Infinity and ±0', () => {
    for (const n of AWKWARD_LENGTHS) {
      const x = testValues(n, 10 + n);
      expect(wasm.minMax(x)).toEqual(jsKernels.minMax(x));
    }
    expect(wasm.minMax(new Float32Array([NaN, NaN, Infinity, -Infinity, NaN]))).toEqual({ min: 0, max: 0 });
    expect(Object.is(wasm.minMax(new Float32Array([-0, 0, -0, 0, -0, 0, 0, 0, -0])).min, 0)).toBe(true);
  });

  it('minMaxPerChannel over layouts with inner = 1, small inner and chunk-crossing runs', () => {
    for (const layout of LAYOUTS) {
      const x = testValues(size(layout), size(layout));
      const a = jsKernels.minMaxPerChannel(x, layout);
      const b = wasm.minMaxPerChannel(x, layout);
      expect(describeDifference(a.min, b.min)).toBe('same');
      expect(describeDifference(a.max, b.max)).toBe('same');
    }
    // A channel of NaN only, and a constant (zero-range) channel.
    const x = new Float32Array([NaN, 2, NaN, 2, NaN, 2, NaN, 2]);
    expect(wasm.minMaxPerChannel(x, { outer: 4, channels: 2, inner: 1 })).toEqual({
      min: new Float32Array([0, 2]),
      max: new Float32Array([0, 2]),
    });
  });

  it('histogram and absHistogram, accumulating, with outliers, NaN and empty ranges', () => {
    for (const n of AWKWARD_LENGTHS) {
      const x = testValues(n, 20 + n);
      for (const [lo, hi, bins] of [
        [-2, 2, 64],
        [0, 1, 7],
        [1, 1, 5],
        [-3e38, 3e38, 2048],
      ] as const) {
        const a = new Float64Array(bins).fill(1);
        const b = new Float64Array(bins).fill(1);
        jsKernels.histogram(x, lo, hi, a);
        wasm.histogram(x, lo, hi, b);
        expect(describeDifference(a, b)).toBe('same');
        jsKernels.absHistogram(x, hi, a);
        wasm.absHistogram(x, hi, b);
        expect(describeDifference(a, b)).toBe('same');
      }
    }
  });

  it('histogramPerChannel, including a zero-range channel', () => {
    for (const layout of LAYOUTS) {
      const x = testValues(size(layout), 30 + size(layout));
      const { min, max } = jsKernels.minMaxPerChannel(x, layout);
      max[0] = min[0]!; // zero range
      const bins = 33;
      const a = new Float64Array(layout.channels * bins);
      const b = new Float64Array(layout.channels * bins);
      jsKernels.histogramPerChannel(x, layout, min, max, bins, a);
      wasm.histogramPerChannel(x, layout, min, max, bins, b);
      expect(describeDifference(a, b)).toBe('same');
    }
  });

  it('errorStats on noisy copies, with NaN pairs and equal infinities', () => {
    for (const n of AWKWARD_LENGTHS) {
      const reference = testValues(n, 40 + n, { specials: false });
      const random = seededRandom(n);
      const test = reference.map((v) => v + (random() - 0.5) * 0.01);
      if (n > 10) {
        reference[3] = NaN;
        test[7] = NaN;
        reference[9] = Infinity;
        test[9] = Infinity;
      }
      expectCloseStats(jsKernels.errorStats(reference, test), wasm.errorStats(reference, test));
    }
    expect(wasm.errorStats(new Float32Array(5).fill(1), new Float32Array(5).fill(1))).toEqual({
      mse: 0,
      sqnrDb: Infinity,
      cosine: 1,
      maxAbsError: 0,
    });
  });
});
