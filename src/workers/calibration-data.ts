// Calibration batches for the studio, chosen exactly as `scaledown quantize` chooses them (the shared
// rules live in src/core/data/calibration-feeds.ts), so the same settings give the same file.
import {
  calibrationFeeds as feedsFrom,
  dataInput,
  mnistSplit,
  readDataset,
  readMnistDigits,
  unsupportedOps,
  type CalibrationFeeds,
  type Model,
} from '../core';
import { failure } from './failure';
import type { CalibrationRequest } from './protocol';

export type { CalibrationFeeds };

/**
 * Batches of calibration feeds for `model` from the request's data. Throws a DatasetError when the file
 * cannot be read or its samples do not fit the model input (naming the dimension that disagrees).
 */
export function calibrationFeeds(model: Model, request: CalibrationRequest): CalibrationFeeds {
  const { source } = request;
  const name = source.kind === 'mnist' ? 'mnist' : source.file.name;
  dataInput(model, name);
  const bytes = new Uint8Array(source.file.bytes);
  if (source.kind === 'mnist') {
    // The sample model's training digits, never the held-out ones it is scored on.
    const dataset = readMnistDigits(bytes, { unit: source.pixelScale === '0..1' }, 'mnist');
    return feedsFrom(model, dataset, { samples: request.samples, order: mnistSplit().train });
  }
  return feedsFrom(model, readDataset(bytes, source.file.name), { samples: request.samples });
}

/**
 * Refuses static int8 on a model the reference executor cannot run (calibration runs it), naming the
 * operators; `instead` tells what needs no calibration ("Weight-only modes need no calibration.").
 */
export function checkCalibratable(model: Model, fileName: string, instead: string): void {
  const missing = unsupportedOps(model);
  if (missing.length === 0) return;
  const more = missing.length > 6 ? ` and ${missing.length - 6} more` : '';
  throw failure(
    'unsupported-op',
    `${fileName}: calibration runs the model in the studio's reference executor, which cannot run ` +
      `${missing.slice(0, 6).join(', ')}${more} yet. ${instead}`,
    fileName,
  );
}
