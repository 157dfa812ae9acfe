import { describe, expect, it } from 'vitest';
import { alignedChange, MAX_ALIGN_WORK } from './compare-align';

const w = (shape: number[], values: number[]) => ({ shape, values: Float64Array.from(values) });
const changeOf = (r: ReturnType<typeof alignedChange>): number => {
  if (r.change === undefined) throw new Error(r.note);
  return r.change;
};

describe('alignedChange', () => {
  it('is ‖B − A‖ / ‖A‖ for weights of one shape', () => {
    // ‖A‖ = 5; B − A = (0, 1) → 1 / 5.
    expect(changeOf(alignedChange(w([2], [3, 4]), w([2], [3, 5])))).toBeCloseTo(0.2, 12);
    expect(changeOf(alignedChange(w([2, 2], [1, 2, 3, 4]), w([2, 2], [1, 2, 3, 4])))).toBe(0);
    expect(changeOf(alignedChange(w([2], [0, 0]), w([2], [0, 1])))).toBe(Infinity);
  });

  it('lines up the output channels channel pruning kept and counts the dropped ones as zeroed', () => {
    // Four filters of two weights; B kept filters 0, 2 and 3 unchanged.
    const a = w([4, 2], [1, 1, 5, 5, 2, 0, 0, 3]);
    const b = w([3, 2], [1, 1, 2, 0, 0, 3]);
    const r = alignedChange(a, b);
    // ‖A‖² = 2 + 50 + 4 + 9 = 65; the removed filter holds 50 of it.
    expect(r).toMatchObject({ squaredDiff: 50, squaredNorm: 65 });
    expect(changeOf(r)).toBeCloseTo(Math.sqrt(50 / 65), 12);
  });

  it('lines up input channels (a later axis) too, and picks the best in-order match', () => {
    // Two filters over three input channels; B dropped input channel 0 and slightly moved one value.
    const a = w([2, 3], [1, 2, 3, 4, 5, 6]);
    const b = w([2, 2], [2, 3, 5, 6.5]);
    const r = alignedChange(a, b);
    expect(r).toMatchObject({ squaredDiff: 1 + 16 + 0.25, squaredNorm: 91 });
  });

  it('says why when the shapes cannot be lined up', () => {
    expect(alignedChange(w([2, 2], [1, 2, 3, 4]), w([1, 1], [1]))).toHaveProperty('note');
    expect(alignedChange(w([2, 2], [1, 2, 3, 4]), w([2, 3], [1, 2, 3, 4, 5, 6]))).toHaveProperty('note');
    expect(alignedChange(w([4], [1, 2, 3, 4]), w([2, 2], [1, 2, 3, 4]))).toEqual({
      change: 0,
      squaredDiff: 0,
      squaredNorm: 30,
    });
    expect(alignedChange(w([4], [1, 2, 3, 4]), w([2, 1], [1, 2]))).toHaveProperty('note');
  });

  it('takes the least squared difference when no in-order match is exact (pruned, then quantized)', () => {
    // B kept filters 0 and 2, each moved a little: the exact pass fails, the alignment still finds them.
    const a = w([3, 2], [1, 1, 0.1, 0.1, 2, 0]);
    const b = w([2, 2], [1.1, 1, 2, 0.1]);
    expect(alignedChange(a, b)).toMatchObject({
      squaredDiff: expect.closeTo(0.01 + 0.02 + 0.01, 12),
      squaredNorm: 6.02,
    });
  });

  it('estimates from the norms when channels went along two axes', () => {
    const a = w([2, 2], [3, 0, 0, 4]);
    const b = w([1, 1], [4]);
    // ‖A‖² = 25, ‖B‖² = 16: 9 of 25 removed.
    expect(alignedChange(a, b)).toMatchObject({ change: 0.6, note: expect.stringMatching(/Estimated.*2 axes/) });
  });

  it('does not attempt an alignment past the work limit', () => {
    const n = 4096;
    const per = Math.ceil(MAX_ALIGN_WORK / (n * (n / 2))) + 1;
    const a = { shape: [n, per], values: new Float64Array(n * per) };
    // Slices that are not zero, so the exact pass fails at once.
    a.values.fill(1);
    const b = { shape: [n / 2, per], values: new Float64Array((n / 2) * per).fill(2) };
    expect(alignedChange(a, b)).toMatchObject({ note: expect.stringMatching(/too many channels/) });
  });
});
