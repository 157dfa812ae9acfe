// What the engine tests share: the project's MNIST sample model and digits as the studio hands them to the
// engine (standalone buffers), and the typed failure a job ends with.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { EngineError } from '../workers/client';
import type { CalibrationRequest, InputFile } from '../workers/protocol';
import { copy } from '../workers/test-models';
import { REPO_ROOT } from './corpus';

/** Path of the project's MNIST sample model. */
export const MNIST_SAMPLE = join(REPO_ROOT, 'public/samples/mnist-cnn.onnx');
const DIGITS = join(REPO_ROOT, 'public/samples/mnist-digits.npz');

/** public/samples/mnist-cnn.onnx as an input file. */
export const mnistSampleFile = (): InputFile => ({ name: 'mnist-cnn.onnx', bytes: copy(readFileSync(MNIST_SAMPLE)) });

/** Calibration on `samples` of the built-in MNIST digits, scaled to 0..1, min-max. */
export const mnistCalibration = (samples: number): CalibrationRequest => ({
  source: { kind: 'mnist', pixelScale: '0..1', file: { name: 'mnist-digits.npz', bytes: copy(readFileSync(DIGITS)) } },
  samples,
  method: 'minmax',
});

/** The EngineError `promise` rejects with (fails the test when it resolves or rejects otherwise). */
export async function failureOf(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError);
    return error as EngineError;
  }
  throw new Error('expected a failure');
}
