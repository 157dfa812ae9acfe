import { describe, expect, it } from 'vitest';
import { jsKernels as k } from './index';

describe('minMax (js)', () => {
  it('finds the finite extremes and skips NaN and infinities', () => {
    expect(k.minMax(new Float32Array([3, -2, NaN, Infinity, 7.5, -Infinity, 0]))).toEqual({ min: -2, max: 7.5 });
  });
  it('gives 0, 0 for an empty or all-NaN input and +0 for −0', () => {
    expect(k.minMax(new Float32Array([]))).toEqual({ min: 0, max: 0 });
    expect(k.minMax(new Float32Array([NaN, Infinity]))).toEqual({ min: 0, max: 0 });
    expect(Object.is(k.minMax(new Float32Array([-0, 1])).min, 0)).toBe(true);
  });
  it('works per channel with the channel axis in the middle', () => {
    // [outer 2, channels 3, inner 2]
    const x = new Float32Array([1, 2, -5, 6, NaN, NaN, 0, -1, 9, 3, 4, 4]);
    const { min, max } = k.minMaxPerChannel(x, { outer: 2, channels: 3, inner: 2 });
    expect([...min]).toEqual([-1, -5, 4]);
    expect([...max]).toEqual([2, 9, 4]);
  });
  it('handles inner = 1 and rejects a layout that does not cover the tensor', () => {
    const x = new Float32Array([1, -1, 2, -2]);
    expect(k.minMaxPerChannel(x, { outer: 2, channels: 2, inner: 1 })).toEqual({
      min: new Float32Array([1, -2]),
      max: new Float32Array([2, -1]),
    });
    expect(() => k.minMaxPerChannel(x, { outer: 1, channels: 3, inner: 1 })).toThrow(RangeError);
  });
});
