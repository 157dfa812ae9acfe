import { describe, expect, it } from 'vitest';
import { jsKernels as k } from './index';

describe('errorStats (js)', () => {
  it('computes MSE, SQNR, cosine and the largest error', () => {
    const s = k.errorStats(new Float32Array([1, 2, 3, 4]), new Float32Array([1, 2, 3, 2]));
    expect(s.mse).toBe(1); // (4 − 2)² / 4
    expect(s.sqnrDb).toBeCloseTo(10 * Math.log10(30 / 4), 12);
    expect(s.cosine).toBeCloseTo(22 / Math.sqrt(30 * 18), 12);
    expect(s.maxAbsError).toBe(2);
  });
  it('handles equal, zero and empty inputs', () => {
    expect(k.errorStats(new Float32Array([1, -1]), new Float32Array([1, -1]))).toEqual({
      mse: 0,
      sqnrDb: Infinity,
      cosine: 1,
      maxAbsError: 0,
    });
    expect(k.errorStats(new Float32Array([]), new Float32Array([]))).toEqual({
      mse: 0,
      sqnrDb: Infinity,
      cosine: 1,
      maxAbsError: 0,
    });
    expect(k.errorStats(new Float32Array([0, 0]), new Float32Array([1, 0])).cosine).toBe(0);
  });
  it('skips NaN pairs', () => {
    expect(k.errorStats(new Float32Array([NaN, 2]), new Float32Array([5, 1])).mse).toBe(1);
  });
});
