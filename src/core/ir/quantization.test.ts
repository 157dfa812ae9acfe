import { describe, expect, it } from 'vitest';
import { bytesOf } from './tensor';
import { dequantize, realValues } from './quantization';
import type { Tensor } from './types';

describe('dequantize', () => {
  it('applies one scale and zero point to every element', () => {
    const out = dequantize(Float64Array.from([-128, 0, 127]), [3], { scale: [0.5], zeroPoint: [-128] });
    expect([...out]).toEqual([0, 64, 127.5]);
  });

  it('applies per-channel parameters along the axis', () => {
    // Shape [2, 3] quantized along axis 0: rows use scales 1 and 10; along axis 1: columns use 1, 2, 3.
    const q = Float64Array.from([1, 2, 3, 4, 5, 6]);
    expect([...dequantize(q, [2, 3], { scale: [1, 10], zeroPoint: [0, 0], axis: 0 })]).toEqual([1, 2, 3, 40, 50, 60]);
    expect([...dequantize(q, [2, 3], { scale: [1, 2, 3], zeroPoint: [0, 0, 1], axis: 1 })]).toEqual([
      1, 4, 6, 4, 10, 15,
    ]);
  });
});

describe('realValues', () => {
  it('dequantizes int8 weights and leaves float weights as stored', () => {
    const int8: Tensor = {
      id: 'w',
      name: 'w',
      dtype: 'int8',
      shape: [2],
      data: { bytes: bytesOf(Int8Array.from([-2, 4])) },
      quant: { scale: [0.25], zeroPoint: [0] },
    };
    expect(realValues(int8)).toEqual({ values: Float64Array.from([-0.5, 1]), dequantized: true });
    const f32: Tensor = {
      id: 'f',
      name: 'f',
      dtype: 'float32',
      shape: [1],
      data: { bytes: bytesOf(Float32Array.from([3])) },
    };
    expect(realValues(f32)).toEqual({ values: Float64Array.from([3]), dequantized: false });
  });
});
