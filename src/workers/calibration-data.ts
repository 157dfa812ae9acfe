// Calibration batches for the studio, chosen exactly as `scaledown quantize` chooses them (the shared
// rules live in src/core/data/calibration-feeds.ts), so the same settings give the same file.
import {
  calibrationFeeds as feedsFrom,
  dataInput,
  mnistSplit,
  readDataset,
  readMnistDigits,
  type CalibrationFeeds,
  type Model,
} from '../core';
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
