import { describe, expect, it } from 'vitest';
import type { QuantizeParams, Rounding } from '../types';
import { jsKernels as k } from './index';

const perTensor = (
  scale: number,
  zeroPoint: number,
  qmin: number,
  qmax: number,
  rounding: Rounding,
): QuantizeParams => ({
  scale: new Float32Array([scale]),
  zeroPoint: new Int32Array([zeroPoint]),
  qmin,
  qmax,
  rounding,
});

describe('quantize (js)', () => {
  const ties = new Float32Array([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999997, -0.49999997]);

  it('rounds ties to even (ONNX)', () => {
    const out = new Int8Array(ties.length);
    expect(k.quantize(ties, perTensor(1, 0, -128, 127, 'half-even'), out)).toBe(0);
    expect([...out]).toEqual([0, 2, 2, 0, -2, -2, 0, 0]);
  });
  it('rounds ties away from zero (TFLite), also just below one half', () => {
    const out = new Int8Array(ties.length);
    k.quantize(ties, perTensor(1, 0, -128, 127, 'half-away'), out);
    expect([...out]).toEqual([1, 2, 3, -1, -2, -3, 0, 0]);
  });
  it('adds the zero point, clamps, counts clamped values, maps NaN to the zero point', () => {
    const out = new Uint8Array(6);
    const x = new Float32Array([0, 1, -100, 1000, Infinity, NaN]);
    expect(k.quantize(x, perTensor(0.5, 10, 0, 255, 'half-even'), out)).toBe(3);
    expect([...out]).toEqual([10, 12, 0, 255, 255, 10]);
  });
  it('divides in float32: x / scale is rounded to float32 before rounding to an integer', () => {
    // 0.3 / 0.2 is 1.4999999999999998 in double but exactly 1.5 in float32, which rounds to 2.
    const out = new Int8Array(1);
    k.quantize(new Float32Array([0.3]), perTensor(0.2, 0, -128, 127, 'half-even'), out);
    expect(out[0]).toBe(2);
  });
  it('quantizes per channel and writes int32 beyond 2^24 exactly', () => {
    // [outer 2, channels 2, inner 1]: channel 0 scale 1, channel 1 scale 0.5 with zero point 1
    const params: QuantizeParams = {
      scale: new Float32Array([1, 0.5]),
      zeroPoint: new Int32Array([0, 1]),
      layout: { outer: 2, channels: 2, inner: 1 },
      qmin: -128,
      qmax: 127,
      rounding: 'half-even',
    };
    const out = new Int8Array(4);
    k.quantize(new Float32Array([3, 3, -3, 100]), params, out);
    expect([...out]).toEqual([3, 7, -3, 127]);
    const bias = new Int32Array(2);
    // 16777218 is a float32 (even above 2^24); divided by 0.5 it is 33554436, which int32 holds exactly.
    k.quantize(new Float32Array([16777218, -3e9]), perTensor(0.5, 0, -(2 ** 31), 2 ** 31 - 1, 'half-even'), bias);
    expect([...bias]).toEqual([33554436, -(2 ** 31)]);
  });
  it('dequantizes and fake-quantizes', () => {
    const out = new Float32Array(3);
    k.dequantize(
      new Int8Array([-128, 0, 127]),
      { scale: new Float32Array([0.5]), zeroPoint: new Int32Array([-1]) },
      out,
    );
    expect([...out]).toEqual([-63.5, 0.5, 64]);
    const fq = new Float32Array(3);
    expect(k.fakeQuantize(new Float32Array([0.26, -10, NaN]), perTensor(0.5, 0, -4, 3, 'half-away'), fq)).toBe(1);
    expect([...fq]).toEqual([0.5, -2, 0]);
  });
  it('rejects mismatched lengths and missing layouts', () => {
    expect(() => k.quantize(new Float32Array(2), perTensor(1, 0, -128, 127, 'half-even'), new Int8Array(3))).toThrow(
      RangeError,
    );
    expect(() =>
      k.quantize(
        new Float32Array(2),
        { ...perTensor(1, 0, -128, 127, 'half-even'), scale: new Float32Array(2), zeroPoint: new Int32Array(2) },
        new Int8Array(2),
      ),
    ).toThrow(/layout/);
  });
});
