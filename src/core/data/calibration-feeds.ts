// Calibration batches, chosen the same way by `scaledown quantize` and by the studio, so the same settings
// give the same ranges and the same file:
// - a dataset's samples in a seeded shuffled order (so a class-sorted file gives every class in a small
//   subset), or an explicit order (the MNIST sample's training digits, never the held-out ones);
// - the first `samples` of that order, in batches of CALIBRATION_BATCH.
import { DatasetError } from '../errors';
import type { Model, Tensor } from '../ir/types';
import type { Feed } from '../execute/index';

/** One batch of model inputs by input id. */
type Feeds = Readonly<Record<string, Feed>>;
import { seededOrder } from '../util/random';
import { batches } from './batches';
import type { Dataset } from './dataset';

/** Samples per calibration batch. */
export const CALIBRATION_BATCH = 16;

/** Seed of the shuffled sample order (the MNIST sample's split seed). */
export const CALIBRATION_SEED = 20240607;

/** Feeds for the model's one data input, a batch at a time, and what was adapted on the way. */
export interface CalibrationFeeds {
  /** The data's name ('mnist' or a file name). */
  readonly name: string;
  readonly feeds: Iterable<Feeds>;
  readonly batches: number;
  readonly samples: number;
  /** How the data was fitted to the model (casts, singleton dims, scaling), as sentences. */
  readonly notes: readonly string[];
}

export interface CalibrationFeedOptions {
  /** At most this many samples. */
  readonly samples: number;
  /** Sample order to take them from (default: a seeded shuffle of the whole dataset). */
  readonly order?: Int32Array;
  readonly scale?: number;
  readonly mean?: number;
  readonly std?: number;
}

/** The model's one non-constant input, which calibration data feeds. */
export function dataInput(model: Model, dataName: string): Tensor {
  const constants = new Set(model.graph.tensors.filter((t) => t.data).map((t) => t.id));
  const inputs = model.graph.inputs.filter((id) => !constants.has(id));
  if (inputs.length !== 1)
    throw new DatasetError(
      'shape-mismatch',
      `${dataName}: calibration data feeds one input, but the model has ${inputs.length} (${inputs.join(', ')})`,
      dataName,
    );
  const input = model.graph.tensors.find((t) => t.id === inputs[0]);
  if (!input)
    throw new DatasetError('shape-mismatch', `${dataName}: the model's input "${inputs[0]}" is not declared`, dataName);
  return input;
}

/** Calibration feeds for `model` from `dataset`. Throws a DatasetError when the samples do not fit the input. */
export function calibrationFeeds(model: Model, dataset: Dataset, options: CalibrationFeedOptions): CalibrationFeeds {
  const name = dataset.name;
  const input = dataInput(model, name);
  const order = options.order ?? seededOrder(dataset.count, CALIBRATION_SEED);
  const count = Math.min(order.length, Math.max(1, Math.floor(options.samples)));
  const plan = batches(dataset, input, CALIBRATION_BATCH, {
    indices: order.subarray(0, count),
    ...(options.scale !== undefined ? { scale: options.scale } : {}),
    ...(options.mean !== undefined ? { mean: options.mean } : {}),
    ...(options.std !== undefined ? { std: options.std } : {}),
  });
  const id = input.id;
  const feeds: Iterable<Feeds> = {
    *[Symbol.iterator]() {
      for (const batch of plan) yield { [id]: batch.feed };
    },
  };
  return { name, feeds, batches: plan.batchCount, samples: plan.samples, notes: plan.notes };
}
