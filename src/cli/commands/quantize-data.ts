// Calibration data for `scaledown quantize`: a .npz/.npy file, or `mnist` for the built-in digits
// (public/samples/mnist-digits.npz), cut to a seeded subset and turned into feeds for the model's input.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Model } from '../../core/index';
import {
  calibrationFeeds,
  dataInput,
  mnistSplit,
  MNIST_DIGITS_FILE,
  readDataset,
  readMnistDigits,
  type CalibrationFeeds,
  type Dataset,
} from '../../core/data/index';
import { FileError } from '../command';
import { readFileBytes } from '../load-model';

/** Where the built-in MNIST digits live in the repository. */
export const MNIST_PATH = fileURLToPath(new URL(`../../../public/samples/${MNIST_DIGITS_FILE}`, import.meta.url));

/** Calibration batches for a model, with what was adapted on the way. */
export type CalibrationData = CalibrationFeeds;

export interface CalibrationDataOptions {
  /** At most this many samples (a seeded random subset; MNIST: the sample model's training digits). */
  readonly samples: number;
  readonly scale?: number;
  readonly mean?: number;
  readonly std?: number;
}

function loadDataset(source: string, cwd: string): { dataset: Dataset; order?: Int32Array } {
  if (source === 'mnist') {
    if (!existsSync(MNIST_PATH))
      throw new FileError(MNIST_PATH, 'missing-file', 'the built-in MNIST digits are missing');
    // Calibrate on the digits the sample model was trained on, never on the held-out ones it is scored on.
    return { dataset: readMnistDigits(readFileBytes(MNIST_PATH), { unit: true }, 'mnist'), order: mnistSplit().train };
  }
  return { dataset: readDataset(readFileBytes(resolve(cwd, source), source), source) };
}

/** Feeds for `model`'s one data input from `source` (`mnist` or a dataset file path). */
export function calibrationData(
  model: Model,
  source: string,
  cwd: string,
  options: CalibrationDataOptions,
): CalibrationData {
  // Fail on a model with several inputs before reading a possibly large file.
  dataInput(model, source);
  const { dataset, order } = loadDataset(source, cwd);
  return calibrationFeeds(model, dataset, { ...options, ...(order ? { order } : {}) });
}
