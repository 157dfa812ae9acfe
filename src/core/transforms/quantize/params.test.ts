import { describe, expect, it } from 'vitest';
import { channelLayout, chooseParams, effectiveRange, intRange, roundWith, TINY_SCALE } from './params';

describe('integer ranges', () => {
  it.each([
    ['int8', false, -128, 127],
    ['int8', true, -127, 127],
    ['uint8', true, 0, 255],
    ['int4', false, -8, 7],
    ['int4', true, -7, 7],
    ['uint4', false, 0, 15],
    ['int32', false, -2147483648, 2147483647],
  ] as const)('%s (narrow %s) is [%d, %d]', (dtype, narrow, qmin, qmax) => {
    expect(intRange(dtype, narrow)).toEqual({ qmin, qmax });
  });
});

describe('rounding', () => {
  it('half to even (ONNX) and half away from zero (TFLite) differ only on ties', () => {
    const xs = [2.5, 3.5, -2.5, -3.5, 0.5, -0.5, 1.4, -1.6];
    expect(xs.map((x) => roundWith(x, 'half-even'))).toEqual([2, 4, -2, -4, 0, 0, 1, -2]);
    expect(xs.map((x) => roundWith(x, 'half-away'))).toEqual([3, 4, -3, -4, 1, -1, 1, -2]);
  });
});

describe('chooseParams', () => {
  it('symmetric int8 weights: zero point 0 and scale max|x| / 127', () => {
    const p = chooseParams({ min: -0.5, max: 2.54 }, { dtype: 'int8', symmetric: true });
    expect(p.zeroPoint).toBe(0);
    expect(p.scale).toBe(Math.fround(2.54 / 127));
  });

  it('asymmetric ranges are widened to hold 0 and 0 is exactly representable', () => {
    for (const range of [
      { min: 0.3, max: 6 },
      { min: -7.25, max: -1 },
      { min: -1.7, max: 3.1 },
      { min: -1e-3, max: 250 },
    ]) {
      for (const dtype of ['int8', 'uint8', 'int4', 'uint4'] as const) {
        const { scale, zeroPoint } = chooseParams(range, { dtype, symmetric: false });
        const { qmin, qmax } = intRange(dtype);
        expect(Number.isInteger(zeroPoint)).toBe(true);
        expect(zeroPoint).toBeGreaterThanOrEqual(qmin);
        expect(zeroPoint).toBeLessThanOrEqual(qmax);
        // Both ends of the widened range land inside the integer range (within rounding).
        const r = effectiveRange(range, false);
        expect(r.min / scale + zeroPoint).toBeGreaterThanOrEqual(qmin - 0.5);
        expect(r.max / scale + zeroPoint).toBeLessThanOrEqual(qmax + 0.5);
        expect(scale).toBe(Math.fround(scale));
      }
    }
  });

  it('a ReLU range [0, m] puts the zero point at qmin', () => {
    expect(chooseParams({ min: 0, max: 6 }, { dtype: 'int8', symmetric: false }).zeroPoint).toBe(-128);
    expect(chooseParams({ min: 0, max: 6 }, { dtype: 'uint8', symmetric: false }).zeroPoint).toBe(0);
  });

  it('an empty or tiny range gets scale 1 instead of dividing by zero', () => {
    expect(chooseParams({ min: 0, max: 0 }, { dtype: 'int8', symmetric: true })).toEqual({ scale: 1, zeroPoint: 0 });
    const tiny = chooseParams({ min: 0, max: TINY_SCALE }, { dtype: 'uint8', symmetric: false });
    expect(tiny).toEqual({ scale: 1, zeroPoint: 0 });
  });

  it('unsigned symmetric puts the zero point in the middle', () => {
    expect(chooseParams({ min: -1, max: 1 }, { dtype: 'uint8', symmetric: true }).zeroPoint).toBe(128);
  });

  it('non-finite bounds are treated as 0', () => {
    const p = chooseParams({ min: -Infinity, max: 2 }, { dtype: 'uint8', symmetric: false });
    expect(p.zeroPoint).toBe(0);
    expect(p.scale).toBe(Math.fround(2 / 255));
  });
});

describe('channelLayout', () => {
  it('cuts a shape into [outer, channels, inner] around the axis', () => {
    expect(channelLayout([16, 8, 3, 3], 0)).toEqual({ outer: 1, channels: 16, inner: 72 });
    expect(channelLayout([400, 10], 1)).toEqual({ outer: 400, channels: 10, inner: 1 });
    expect(channelLayout([2, 3, 4], -2)).toEqual({ outer: 2, channels: 3, inner: 4 });
    expect(() => channelLayout([2, 3], 2)).toThrow(RangeError);
  });
});
