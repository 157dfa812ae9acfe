import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../util/random';
import { quantizeTensor, quantizeWith } from './quantize-tensor';

function randomTensor(n: number, seed = 1, scaleOf: (i: number) => number = () => 1): Float32Array {
  const r = seededRandom(seed);
  return Float32Array.from({ length: n }, (_, i) => (r() * 2 - 1) * scaleOf(i));
}

describe('quantizeTensor', () => {
  it('per tensor: every value comes back within half a step', () => {
    const x = randomTensor(1000);
    const q = quantizeTensor(x, [10, 100], { dtype: 'int8', symmetric: true, rounding: 'half-even' });
    expect(q.scaleDims).toEqual([]);
    expect(q.zeroPoint[0]).toBe(0);
    const s = q.scale[0]!;
    x.forEach((v, i) => expect(Math.abs(v - s * q.values[i]!)).toBeLessThanOrEqual(s / 2 + 1e-7));
    expect(q.clipped).toBe(0);
    expect(q.error.sqnrDb).toBeGreaterThan(35);
  });

  it('per channel gives each output channel its own scale (better SQNR on uneven channels)', () => {
    // Channel c (axis 0 of [4, 50]) has magnitude 10^-c.
    const x = randomTensor(200, 2, (i) => 10 ** -Math.floor(i / 50));
    const perTensor = quantizeTensor(x, [4, 50], { dtype: 'int8', symmetric: true, rounding: 'half-even' });
    const perChannel = quantizeTensor(x, [4, 50], { dtype: 'int8', symmetric: true, axis: 0, rounding: 'half-even' });
    expect(perChannel.scaleDims).toEqual([4]);
    expect(perChannel.scale[0]! / perChannel.scale[3]!).toBeGreaterThan(100);
    expect(perChannel.error.sqnrDb).toBeGreaterThan(perTensor.error.sqnrDb);
  });

  it('block-wise: scale has the tensor rank with the axis cut into blocks', () => {
    const x = randomTensor(70 * 6, 3);
    const q = quantizeTensor(x, [70, 6], {
      dtype: 'int4',
      symmetric: true,
      axis: 0,
      blockSize: 32,
      rounding: 'half-even',
    });
    expect(q.scaleDims).toEqual([3, 6]);
    expect(q.scale.length).toBe(18);
    // Element (k, n) uses scale (floor(k / 32), n).
    for (const [k, n] of [
      [0, 0],
      [31, 5],
      [32, 2],
      [69, 4],
    ] as const) {
      const s = q.scale[Math.floor(k / 32) * 6 + n]!;
      expect(Math.abs(x[k * 6 + n]! - s * q.values[k * 6 + n]!)).toBeLessThanOrEqual(s / 2 + 1e-7);
    }
    for (const v of q.values) expect(Math.abs(v)).toBeLessThanOrEqual(7);
  });

  it('asymmetric uint8 keeps zero exact', () => {
    const x = Float32Array.from([0, 0.5, 1, 2, 3]);
    const q = quantizeTensor(x, [5], { dtype: 'uint8', symmetric: false, rounding: 'half-even' });
    expect(q.scale[0]! * (q.values[0]! - q.zeroPoint[0]!)).toBe(0);
  });

  it('quantizeWith counts values that overflow the integer range', () => {
    const x = Float32Array.from([1, -1, 3e9]);
    const q = quantizeWith(x, { scale: Float32Array.of(1), zeroPoint: Int32Array.of(0) }, [], {
      dtype: 'int32',
      rounding: 'half-even',
      symmetric: true,
      narrow: false,
    });
    expect(q.clipped).toBe(1);
    expect(Array.from(q.values.subarray(0, 2))).toEqual([1, -1]);
  });
});
