import { describe, expect, it } from 'vitest';
import { bytesOf } from '../ir/tensor';
import type { DType } from '../ir/dtype';
import type { Tensor } from '../ir/types';
import { tensorStats } from './tensor-stats';

function constant(values: ArrayBufferView, dtype: DType, shape: number[]): Tensor {
  return { id: 't', name: 't', dtype, shape, data: { bytes: bytesOf(values) } };
}

describe('tensorStats', () => {
  it('summarises float values', () => {
    const s = tensorStats(constant(new Float32Array([0, 1, 2, 3, 0, -2]), 'float32', [6]), 4)!;
    expect(s).toMatchObject({ count: 6, min: -2, max: 3, zeros: 2, nonFinite: 0 });
    expect(s.mean).toBeCloseTo(4 / 6, 12);
    const variance = [0, 1, 2, 3, 0, -2].reduce((sum, v) => sum + (v - 4 / 6) ** 2, 0) / 6;
    expect(s.std).toBeCloseTo(Math.sqrt(variance), 12);
    expect(s.sparsity).toBeCloseTo(1 / 3, 12);
    expect(s.histogram.edges).toEqual([-2, -0.75, 0.5, 1.75, 3]);
    // [-2,-0.75): -2 | [-0.75,0.5): 0,0 | [0.5,1.75): 1 | [1.75,3]: 2,3
    expect(s.histogram.counts).toEqual([1, 2, 1, 2]);
  });

  it('reads int8, float16 and packed int4 data', () => {
    expect(tensorStats(constant(new Int8Array([-128, 0, 127]), 'int8', [3]), 2)).toMatchObject({
      min: -128,
      max: 127,
      zeros: 1,
    });
    // 0x3c00 = 1.0, 0xc000 = -2.0 in IEEE half precision
    expect(tensorStats(constant(new Uint16Array([0x3c00, 0xc000]), 'float16', [2]))).toMatchObject({ min: -2, max: 1 });
    // three int4 values (7, -8, 1) packed low nibble first: 0x87, 0x01; the padding nibble is dropped
    const s = tensorStats(constant(new Uint8Array([0x87, 0x01]), 'int4', [3]))!;
    expect(s).toMatchObject({ count: 3, min: -8, max: 7, zeros: 0 });
  });

  it('gives a constant tensor a unit-wide histogram and keeps NaN apart', () => {
    const s = tensorStats(constant(new Float32Array([5, 5, NaN, 5]), 'float32', [4]), 2)!;
    expect(s).toMatchObject({ count: 3, nonFinite: 1, min: 5, max: 5, mean: 5, std: 0 });
    expect(s.histogram).toEqual({ edges: [4.5, 5, 5.5], counts: [0, 3] });
  });

  it('has no statistics for strings or data it does not have', () => {
    expect(tensorStats({ id: 's', name: 's', dtype: 'string', data: { strings: [] } })).toBeUndefined();
    expect(
      tensorStats({ id: 'e', name: 'e', dtype: 'float32', data: { external: { location: 'w.bin' } } }),
    ).toBeUndefined();
  });

  it('bins a million values with counts that add up', () => {
    const values = new Float32Array(1_000_000);
    for (let i = 0; i < values.length; i++) values[i] = Math.sin(i);
    const s = tensorStats(constant(values, 'float32', [values.length]))!;
    expect(s.histogram.counts.reduce((a, b) => a + b, 0)).toBe(1_000_000);
    expect(s.histogram.edges).toHaveLength(65);
    expect(Math.abs(s.mean)).toBeLessThan(1e-3);
  });
});
