import { describe, expect, it } from 'vitest';
import { jsKernels as k } from './index';

const half = (values: number[]): number[] => {
  const out = new Uint16Array(values.length);
  k.float32ToFloat16(new Float32Array(values), out);
  return [...out];
};

describe('float16 (js)', () => {
  it('converts normal values, rounding to nearest even', () => {
    expect(half([1, -2, 0.5, 65504, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 0, -0])).toEqual([
      0x3c00, 0xc000, 0x3800, 0x7bff, 0x3c00, 0x3c02, 0, 0x8000,
    ]);
  });
  it('overflows to infinity, keeps NaN and infinities', () => {
    expect(half([65519, 65520, 1e10, -Infinity, NaN])).toEqual([0x7bff, 0x7c00, 0x7c00, 0xfc00, 0x7e00]);
  });
  it('makes subnormals and rounds the smallest ones to even', () => {
    // 2^−24 is the smallest subnormal; 2^−25 ties to 0, 3·2^−25 ties to 2·2^−24; 2^−14 − 2^−25 rounds up to normal.
    expect(half([2 ** -24, 2 ** -25, 3 * 2 ** -25, 2 ** -14 - 2 ** -25, 1e-10, 1e-45])).toEqual([1, 0, 2, 0x400, 0, 0]);
  });
  it('converts back exactly', () => {
    const out = new Float32Array(6);
    k.float16ToFloat32(new Uint16Array([0x3c00, 0xc000, 0x0001, 0x7bff, 0xfc00, 0x7e00]), out);
    expect([...out]).toEqual([1, -2, 2 ** -24, 65504, -Infinity, NaN]);
  });
});
