// Dataset → feeds: shapes fitted through singleton dims (and refused with a clear message when they do
// not fit), values cast or quantized to the input's dtype, batches in order with their labels.
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../errors';
import type { Tensor } from '../ir/types';
import { batches } from './batches';
import { classLabels, datasetFromArrays, readDataset } from './dataset';
import { writeNpy, type NpyArray } from './npy';
import { writeNpz } from './npz';

const ramp = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i);

function dataset(x: NpyArray, y?: NpyArray) {
  return datasetFromArrays('data.npz', y ? { x, y } : { x });
}

function input(shape: Tensor['shape'], dtype: Tensor['dtype'] = 'float32', quant?: Tensor['quant']): Tensor {
  return { id: 'input', name: 'input', dtype, shape, ...(quant ? { quant } : {}) };
}

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DatasetError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'no error';
}

describe('batches', () => {
  const x28 = { dtype: 'float64', shape: [5, 28, 28], data: ramp(5 * 784) } as const;

  it('adds singleton dims, casts, and batches in order with the labels', () => {
    const y: NpyArray = { dtype: 'int64', shape: [5], data: BigInt64Array.of(3n, 1n, 4n, 1n, 5n) };
    const plan = batches(dataset(x28, y), input([1, 1, 28, 28]), 2);
    expect(plan.notes).toEqual([
      "x's samples [28, 28] are fed as [1, 28, 28] (singleton dimensions added or removed; the data is unchanged)",
      'x (float64) is cast to float32',
    ]);
    expect([plan.samples, plan.batchCount, plan.batchSize]).toEqual([5, 3, 2]);
    const all = [...plan];
    expect(all.map((b) => b.feed.shape)).toEqual([
      [2, 1, 28, 28],
      [2, 1, 28, 28],
      [1, 1, 28, 28],
    ]);
    expect(all[1]!.feed.data).toBeInstanceOf(Float32Array);
    expect(all[1]!.feed.data[0]).toBe(2 * 784);
    expect(all[2]!.feed.data[783]).toBe(5 * 784 - 1);
    expect(classLabels(all[1]!.y!)).toEqual(Int32Array.of(4, 1));
  });

  it('says which dimension disagrees', () => {
    const x = { dtype: 'float32', shape: [2, 28, 27], data: new Float32Array(2 * 28 * 27) } as const;
    expect(message(() => batches(dataset(x), input([1, 1, 28, 28]), 4))).toBe(
      'shape-mismatch: data.npz: x has samples of shape [28, 27] but the model input "input" wants [1, 28, 28] ' +
        '(the data has 27 where the model wants 28); a sample holds 756 values, the model takes 784 ' +
        '(input shape [1, 1, 28, 28], batch first)',
    );
    // A CSV's feature columns against a tabular input: the counts say it all.
    const wide = { dtype: 'float32', shape: [2, 5], data: new Float32Array(10) } as const;
    expect(message(() => batches(dataset(wide), input(['N', 4]), 4))).toBe(
      'shape-mismatch: data.npz: x has samples of shape [5] but the model input "input" wants [4] ' +
        '(dimension 0: the data has 5, the model wants 4); a sample holds 5 values, the model takes 4 ' +
        '(input shape [N, 4], batch first)',
    );
    expect(message(() => batches(dataset(x), input([1, 28, 28]), 4))).toMatch(
      /\(dimension 1: the data has 27, the model wants 28\); a sample holds 756 values, the model takes 784 \(input shape \[1, 28, 28\], batch first\)$/,
    );
    const flat = { dtype: 'float32', shape: [2, 784], data: new Float32Array(2 * 784) } as const;
    expect(message(() => batches(dataset(flat), input([1, 1, 28, 28]), 4))).toMatch(
      /wants \[1, 28, 28\] \(both hold 784 values: reshape x to \[N, 1, 28, 28\]\)$/,
    );
  });

  it('fits named batch dims and scalar samples (hello world: [N, 1])', () => {
    const x = { dtype: 'float32', shape: [3], data: Float32Array.of(0, 1.5, 3) } as const;
    const [b] = [...batches(dataset(x), input(['N', 1]), 8)];
    expect(b!.feed.shape).toEqual([3, 1]);
    expect(Array.from(b!.feed.data as Float32Array)).toEqual([0, 1.5, 3]);
  });

  it('feeds one sample per run when the input has no batch dim', () => {
    const x = { dtype: 'float32', shape: [3, 640], data: new Float32Array(3 * 640) } as const;
    const plan = batches(dataset(x), input([640]), 16);
    expect(plan.notes).toEqual(['the model input "input" has no batch dimension: each run gets one sample']);
    expect([...plan].map((b) => b.feed.shape)).toEqual([[640], [640], [640]]);
  });

  it('quantizes float data for an int8 input with the input scale and zero point', () => {
    const x = { dtype: 'float32', shape: [1, 4], data: Float32Array.of(0, 0.5, -1, 100) } as const;
    const plan = batches(dataset(x), input([1, 4], 'int8', { scale: [0.25], zeroPoint: [-3] }), 1);
    expect(plan.notes).toEqual(["x (float32) is quantized to int8 with the input's scale 0.25 and zero point -3"]);
    expect(Array.from([...plan][0]!.feed.data as Int8Array)).toEqual([-3, -1, -7, 127]);
  });

  it('scales values and follows a chosen order, gathering y', () => {
    const x = { dtype: 'uint8', shape: [4, 2], data: Uint8Array.of(0, 255, 51, 102, 10, 20, 30, 40) } as const;
    const y = { dtype: 'uint8', shape: [4], data: Uint8Array.of(7, 8, 9, 6) } as const;
    const plan = batches(dataset(x, y), input([1, 2]), 2, { scale: 1 / 255, indices: [1, 3, 0] });
    const [first, second] = [...plan];
    expect(Array.from(first!.samples)).toEqual([1, 3]);
    expect(Array.from(first!.feed.data as Float32Array)).toEqual([0.2, 0.4, 30 / 255, 40 / 255].map(Math.fround));
    expect(Array.from(first!.y!.data as Uint8Array)).toEqual([8, 6]);
    expect(Array.from(second!.y!.data as Uint8Array)).toEqual([7]);
    expect(plan.notes).toContain('values are scaled: (v × 0.00392156862745098 − 0) / 1');
  });
});

describe('datasets', () => {
  it('reads x and y from .npz and x from .npy', () => {
    const x: NpyArray = { dtype: 'float32', shape: [2, 3], data: new Float32Array(6) };
    const y: NpyArray = { dtype: 'float32', shape: [2, 3], data: Float32Array.of(0, 1, 0, 0.2, 0.1, 0.7) };
    const d = readDataset(writeNpz({ x, y }), 'd.npz');
    expect(d.count).toBe(2);
    expect(classLabels(d.y!)).toEqual(Int32Array.of(1, 2));
    expect(readDataset(writeNpy(x), 'd.npy').y).toBeUndefined();
  });

  it('refuses archives without x, or with a y of another length', () => {
    const a: NpyArray = { dtype: 'float32', shape: [2, 3], data: new Float32Array(6) };
    const b: NpyArray = { dtype: 'uint8', shape: [3], data: new Uint8Array(3) };
    expect(message(() => readDataset(writeNpz({ images: a, labels: b }), 'd.npz'))).toBe(
      'missing-array: d.npz: has no array named "x" (it has "images", "labels")',
    );
    expect(message(() => readDataset(writeNpz({ x: a, y: b }), 'd.npz'))).toBe(
      'shape-mismatch: d.npz: x has 2 samples but y has 3 entries',
    );
  });
});
