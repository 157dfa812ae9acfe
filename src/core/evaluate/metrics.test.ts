import { describe, expect, it } from 'vitest';
import { DatasetError } from '../errors';
import {
  argmax,
  ClassificationAccumulator,
  rankOf,
  ReferenceAccumulator,
  StatisticsAccumulator,
  type ScoreRows,
} from './metrics';

const rows = (values: number[][]): ScoreRows => ({
  data: Float32Array.from(values.flat()),
  rows: values.length,
  per: values[0]!.length,
});

describe('argmax and rankOf', () => {
  it('break ties towards the lower index, so rank 0 means argmax', () => {
    const s = rows([[1, 1, 0]]);
    expect(argmax(s, 0)).toBe(0);
    expect(rankOf(s, 0, 0)).toBe(0);
    expect(rankOf(s, 0, 1)).toBe(1);
    expect(rankOf(s, 0, 2)).toBe(2);
  });
  it('NaN scores never win and a NaN label score ranks last', () => {
    const s = rows([[Number.NaN, 2, 3]]);
    expect(argmax(s, 0)).toBe(2);
    expect(rankOf(s, 0, 0)).toBe(3);
  });
});

describe('ClassificationAccumulator', () => {
  // Hand-worked: row 0 right (label 1 top), row 1 label 2 second, row 2 a tie lost to class 0,
  // row 3 label 0 last of six (outside the top 5).
  const scores = rows([
    [0.1, 0.5, 0.2, 0, 0, 0],
    [3, 1, 2, 0, 0, 0],
    [1, 1, 0, 0, 0, 0],
    [0, 1, 2, 3, 4, 5],
  ]);
  const labels = [1, 2, 1, 0];

  it('gives top-1, top-5, per-class accuracy and the confusion matrix', () => {
    const acc = new ClassificationAccumulator();
    acc.add(scores, labels);
    const r = acc.result();
    expect(r.samples).toBe(4);
    expect(r.classes).toBe(6);
    expect(r.top1).toBe(0.25);
    expect(r.top5).toBe(0.75);
    expect(r.perClass.slice(0, 4)).toEqual([
      { label: 0, samples: 1, correct: 0, top1: 0 },
      { label: 1, samples: 2, correct: 1, top1: 0.5 },
      { label: 2, samples: 1, correct: 0, top1: 0 },
      { label: 3, samples: 0, correct: 0, top1: null },
    ]);
    expect(r.confusion[0]).toEqual([0, 0, 0, 0, 0, 1]);
    expect(r.confusion[1]).toEqual([1, 1, 0, 0, 0, 0]);
    expect(r.confusion[2]).toEqual([1, 0, 0, 0, 0, 0]);
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('streams: two batches give what one does', () => {
    const one = new ClassificationAccumulator();
    one.add(scores, labels);
    const two = new ClassificationAccumulator();
    const data = scores.data as Float32Array;
    two.add({ data: data.subarray(0, 12), rows: 2, per: 6 }, labels.slice(0, 2));
    two.add({ data: data.subarray(12), rows: 2, per: 6 }, labels.slice(2));
    expect(two.result()).toEqual(one.result());
  });

  it('leaves out top-5 with five classes or fewer', () => {
    const acc = new ClassificationAccumulator();
    acc.add(rows([[0, 1]]), [1]);
    expect(acc.result().top5).toBeUndefined();
    expect(acc.result().top1).toBe(1);
  });

  it('refuses a label the model has no score for, naming it', () => {
    const acc = new ClassificationAccumulator();
    expect(() => acc.add(rows([[0, 1, 2]]), [7], 'digits.npz')).toThrow(DatasetError);
    expect(() => acc.add(rows([[0, 1, 2]]), [7], 'digits.npz')).toThrow(/label 7.*3 class scores/);
  });
});

describe('ReferenceAccumulator', () => {
  it('gives agreement, MSE, SQNR, cosine and max error (hand-computed)', () => {
    const acc = new ReferenceAccumulator();
    acc.add(
      rows([
        [1, 0],
        [0, 2],
      ]),
      rows([
        [1, 0],
        [0, 1],
      ]),
    );
    const r = acc.result();
    expect(r.agreement).toBe(1);
    expect(r.mse).toBe(0.25);
    expect(r.sqnr).toBeCloseTo(10 * Math.log10(2), 10);
    expect(r.cosine).toBe(1);
    expect(r.maxAbsError).toBe(1);
  });

  it('orthogonal outputs: cosine 0, no agreement, negative SQNR', () => {
    const acc = new ReferenceAccumulator();
    acc.add(rows([[1, 0]]), rows([[0, 1]]));
    const r = acc.result();
    expect(r).toMatchObject({ agreement: 0, mse: 1, cosine: 0 });
    expect(r.sqnr).toBeCloseTo(-3.0103, 4);
  });

  it('identical outputs: SQNR Infinity, MSE 0', () => {
    const acc = new ReferenceAccumulator();
    acc.add(rows([[0.5, -2, 3]]), rows([[0.5, -2, 3]]));
    expect(acc.result()).toEqual({ samples: 1, agreement: 1, mse: 0, sqnr: Infinity, cosine: 1, maxAbsError: 0 });
  });

  it('refuses outputs of different sizes', () => {
    expect(() => new ReferenceAccumulator().add(rows([[1, 2]]), rows([[1, 2, 3]]))).toThrow(/3 values per sample/);
  });
});

describe('StatisticsAccumulator', () => {
  it('gives min, max, mean and std across batches, counting non-finite values apart', () => {
    const acc = new StatisticsAccumulator();
    acc.add([1, 2]);
    acc.add([3, 4, Number.NaN, Infinity]);
    const r = acc.result();
    expect(r).toMatchObject({ count: 4, nonFinite: 2, min: 1, max: 4, mean: 2.5 });
    expect(r.std).toBeCloseTo(Math.sqrt(1.25), 12);
  });
});
