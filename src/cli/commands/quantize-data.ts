// Calibration data for `scaledown quantize` and `scaledown optimize`: a .npz/.npy file, or `mnist` for the
// built-in digits (public/samples/mnist-digits.npz), cut to a seeded subset and turned into feeds for the
// model's input; and the command-line options both commands read it with.
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
import { DatasetError } from '../../core/errors';
import { FileError, stringOption, type ParsedArgs } from '../command';
import { readFileBytes } from '../load-model';
import { numberOption } from './transform-io';

/** Where the built-in MNIST digits live in the repository. */
export const MNIST_PATH = fileURLToPath(new URL(`../../../public/samples/${MNIST_DIGITS_FILE}`, import.meta.url));

/** Samples calibrated on when `--samples` is not given. */
export const DEFAULT_SAMPLES = 500;

/** `--calibration`, `--samples`, `--scale`, `--mean` and `--std`, as `quantize` and `optimize` take them. */
export const CALIBRATION_OPTIONS = {
  calibration: { type: 'string' },
  samples: { type: 'string' },
  scale: { type: 'string' },
  mean: { type: 'string' },
  std: { type: 'string' },
} as const;

/** Help lines for `--samples` and the preprocessing (each command words `--calibration` itself). */
export const CALIBRATION_HELP: readonly string[] = [
  `  --samples N                calibrate on at most N samples (default ${DEFAULT_SAMPLES})`,
  '  --scale S, --mean M, --std D   preprocess calibration data: (x × S − M) / D',
];

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

/** The calibration options given on the command line, checked before any file is read. */
export function calibrationArgs(args: ParsedArgs): { source?: string; options: CalibrationDataOptions } {
  const samples = numberOption(args, 'samples', (n) => Number.isInteger(n) && n > 0, 'a positive whole number');
  const scale = numberOption(args, 'scale', (n) => n !== 0, 'a non-zero number');
  const mean = numberOption(args, 'mean', () => true, 'a number');
  const std = numberOption(args, 'std', (n) => n !== 0, 'a non-zero number');
  const source = stringOption(args, 'calibration');
  return {
    ...(source !== undefined ? { source } : {}),
    options: {
      samples: samples ?? DEFAULT_SAMPLES,
      ...(scale !== undefined ? { scale } : {}),
      ...(mean !== undefined ? { mean } : {}),
      ...(std !== undefined ? { std } : {}),
    },
  };
}

/**
 * Feeds for `model`'s one data input from `source` (`mnist` or a dataset file path). A dataset problem is
 * reported against the dataset file, not the model.
 */
export function calibrationData(
  model: Model,
  source: string,
  cwd: string,
  options: CalibrationDataOptions,
): CalibrationData {
  try {
    // Fail on a model with several inputs before reading a possibly large file.
    dataInput(model, source);
    const { dataset, order } = loadDataset(source, cwd);
    return calibrationFeeds(model, dataset, { ...options, ...(order ? { order } : {}) });
  } catch (error) {
    if (error instanceof DatasetError) {
      const message = error.message.startsWith(`${source}: `) ? error.message.slice(source.length + 2) : error.message;
      throw new FileError(source, error.code, message);
    }
    throw error;
  }
}
