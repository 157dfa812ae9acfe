import { describe, expect, it } from 'vitest';
import { jsKernels as k } from './index';

describe('histograms (js)', () => {
  it('bins values over [lo, hi], outliers in the end bins, NaN skipped', () => {
    const counts = new Float64Array(4); // bins of width 1 over [0, 4]
    k.histogram(new Float32Array([0, 0.5, 1, 3.99, 4, 10, -3, NaN, -Infinity, Infinity]), 0, 4, counts);
    expect([...counts]).toEqual([4, 1, 0, 4]);
  });
  it('accumulates batch by batch', () => {
    const counts = new Float64Array(2);
    k.histogram(new Float32Array([0.1]), 0, 1, counts);
    k.histogram(new Float32Array([0.9, 0.2]), 0, 1, counts);
    expect([...counts]).toEqual([2, 1]);
  });
  it('puts everything at the edges of an empty range', () => {
    const counts = new Float64Array(3);
    k.histogram(new Float32Array([1, 1, 0, 2]), 1, 1, counts);
    expect([...counts]).toEqual([3, 0, 1]);
  });
  it('bins |x| over [0, hi]', () => {
    const counts = new Float64Array(2);
    k.absHistogram(new Float32Array([-0.2, 0.2, -0.7, 5]), 1, counts);
    expect([...counts]).toEqual([2, 2]);
  });
  it('keeps one histogram per channel', () => {
    // [outer 2, channels 2, inner 1]; channel 0 over [0, 2], channel 1 over [−1, 1], 2 bins each
    const counts = new Float64Array(4);
    k.histogramPerChannel(
      new Float32Array([0.5, -0.5, 1.5, 0.5]),
      { outer: 2, channels: 2, inner: 1 },
      new Float32Array([0, -1]),
      new Float32Array([2, 1]),
      2,
      counts,
    );
    expect([...counts]).toEqual([1, 1, 1, 1]);
    expect(() =>
      k.histogramPerChannel(
        new Float32Array(4),
        { outer: 2, channels: 2, inner: 1 },
        new Float32Array(2),
        new Float32Array(2),
        3,
        counts,
      ),
    ).toThrow(RangeError);
  });
});
