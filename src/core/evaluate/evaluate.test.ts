import { describe, expect, it } from 'vitest';
import { datasetFromArrays } from '../data/dataset';
import { DatasetError, ExecutionError } from '../errors';
import { evaluate, evaluationOrder, withFixedBatch, type Runner } from './evaluate';

// Five samples of three values; the "model" returns its input as class scores, so the hand-checked
// predictions are the argmax of each row: 0, 1, 2, 2, 0 against labels 0, 1, 2, 0, 1 → top-1 3/5.
const X = [
  [3, 1, 0],
  [0, 5, 1],
  [0, 1, 9],
  [1, 0, 4],
  [2, 1, 1],
];
const dataset = datasetFromArrays('toy.npz', {
  x: { dtype: 'float32', shape: [5, 3], data: Float32Array.from(X.flat()) },
  y: { dtype: 'int32', shape: [5], data: Int32Array.from([0, 1, 2, 0, 1]) },
});
const input = { name: 'x', dtype: 'float32' as const, shape: [null, 3] };

function identity(seen: number[][] = []): Runner {
  return async (feeds) => {
    const feed = feeds['x'] as { data: Float32Array; shape: number[] };
    seen.push([...feed.shape]);
    return { scores: { data: Float32Array.from(feed.data), shape: feed.shape } };
  };
}

describe('evaluate', () => {
  it('scores every sample in batches and reports progress', async () => {
    const seen: number[][] = [];
    const progress: number[] = [];
    const r = await evaluate(identity(seen), { dataset, input }, { batchSize: 2, onProgress: (d) => progress.push(d) });
    expect(seen).toEqual([
      [2, 3],
      [2, 3],
      [1, 3],
    ]);
    expect(progress).toEqual([2, 4, 5]);
    expect(r).toMatchObject({ samples: 5, batches: 3, output: 'scores', valuesPerSample: 3 });
    expect(r.classification?.top1).toBeCloseTo(3 / 5, 12);
    expect(r.classification?.confusion).toEqual([
      [1, 0, 1],
      [1, 1, 0],
      [0, 0, 1],
    ]);
    expect(r.statistics).toMatchObject({ count: 15, min: 0, max: 9 });
    expect(r.reference).toBeUndefined();
  });

  it('compares with a reference runner: the model against itself is exact', async () => {
    const r = await evaluate(identity(), { dataset, input }, { reference: identity() });
    expect(r.reference).toMatchObject({ agreement: 1, mse: 0, sqnr: Infinity, cosine: 1 });
  });

  it('feeds the reference its own input: name and dtype', async () => {
    const seen: string[] = [];
    const other: Runner = async (feeds) => {
      const feed = feeds['r'] as { data: Int32Array; shape: number[] };
      seen.push(feed.data.constructor.name);
      return { out: { data: Float32Array.from(feed.data), shape: feed.shape } };
    };
    const referenceInput = { name: 'r', dtype: 'int32' as const, shape: [null, 3] };
    const r = await evaluate(identity(), { dataset, input }, { batchSize: 2, reference: other, referenceInput });
    expect(seen).toEqual(['Int32Array', 'Int32Array', 'Int32Array']);
    expect(r.reference).toMatchObject({ samples: 5, agreement: 1, sqnr: Infinity });
  });

  it('preprocesses and takes a seeded subset', async () => {
    const r = await evaluate(identity(), { dataset, input, samples: 3, preprocess: { scale: 2, mean: 1 } });
    expect(r.samples).toBe(3);
    expect(r.statistics.min).toBe(-1);
    expect(r.statistics.max).toBe(17);
    expect(evaluationOrder(5, 3)).toHaveLength(3);
    expect(evaluationOrder(5)).toBeUndefined();
    expect(evaluationOrder(5, 9)).toBeUndefined();
  });

  it('without labels gives output statistics only', async () => {
    const r = await evaluate(identity(), { dataset, input }, { labels: false });
    expect(r.classification).toBeUndefined();
    expect(r.statistics.count).toBe(15);
  });

  it('refuses data that does not fit the input, naming the dimension', async () => {
    const wrong = { ...input, shape: [null, 4] };
    await expect(evaluate(identity(), { dataset, input: wrong })).rejects.toThrow(DatasetError);
    await expect(evaluate(identity(), { dataset, input: wrong })).rejects.toThrow(
      /dimension 0: the data has 3, the model wants 4/,
    );
  });

  it('stops when cancelled', async () => {
    const signal = { aborted: false };
    const cancelling: Runner = async (feeds) => {
      signal.aborted = true;
      return identity()(feeds);
    };
    const run = evaluate(cancelling, { dataset, input }, { batchSize: 2, signal });
    await expect(run).rejects.toThrow(ExecutionError);
    await expect(evaluate(cancelling, { dataset, input }, { signal })).rejects.toThrow(/cancelled/);
  });
});

describe('withFixedBatch', () => {
  it('runs a batch row by row for a model with batch 1 and joins the outputs', async () => {
    const shapes: number[][] = [];
    const single: Runner = async (feeds) => {
      const feed = feeds['x'] as { data: Float32Array; shape: number[] };
      shapes.push([...feed.shape]);
      return { y: { data: Float32Array.from(feed.data, (v) => v * 10), shape: [1, 3] } };
    };
    const out = await withFixedBatch(single, 'x', 1)({ x: { data: Float32Array.from(X.flat()), shape: [5, 3] } });
    expect(shapes).toHaveLength(5);
    expect(shapes.every((s) => s[0] === 1)).toBe(true);
    expect(out['y']!.shape).toEqual([5, 3]);
    expect(Array.from(out['y']!.data)).toEqual(X.flat().map((v) => v * 10));
  });
});
