// The calibration driver: runs the reference executor over the data batch by batch, streams every
// observed activation into a CalibrationCollector, and turns the statistics into ranges.
import type { Feed } from '../../../execute/index';
import { TransformError } from '../../../errors';
import { isFloatDType } from '../../../ir/dtype';
import type { Model } from '../../../ir/types';
import type { CalibrationOptions, CancelSignal, TensorRange } from '../types';
import { CalibrationCollector } from './collector';

/** One batch of model inputs by input id (a sample, or several along the batch axis; see runModel). */
export type Feeds = Readonly<Record<string, Feed>>;

/** Options of `calibrate`. */
export interface CalibrateOptions extends CalibrationOptions {
  /** Tensor ids to observe (default: every float activation of the main graph, inputs included). */
  readonly tensors?: readonly string[];
  /** Batches the data holds, for progress (arrays give their length themselves). */
  readonly total?: number;
  /** Called after each batch with the share done, 0..1 (only when the total is known). */
  readonly onProgress?: (fraction: number) => void;
  readonly signal?: CancelSignal;
  /** Integer levels the ranges will be quantized into (256 for 8 bits, the default). */
  readonly levels?: number;
}

/** Ranges by tensor id, with the statistics they came from. */
export interface CalibrationResult {
  readonly ranges: Map<string, TensorRange>;
  readonly collector: CalibrationCollector;
  /** Batches run. */
  readonly batches: number;
}

/** Ids of the float activations of the main graph: its inputs and every node output not typed otherwise. */
export function activationTensors(model: Model): string[] {
  const graph = model.graph;
  const declared = new Map(graph.tensors.map((t) => [t.id, t]));
  const ids = new Set<string>();
  const floatOrUnknown = (id: string): boolean => {
    const t = declared.get(id);
    if (t?.data) return false;
    return !t || t.dtype === 'undefined' || isFloatDType(t.dtype);
  };
  for (const id of graph.inputs) if (floatOrUnknown(id)) ids.add(id);
  for (const node of graph.nodes) for (const out of node.outputs) if (out !== '' && floatOrUnknown(out)) ids.add(out);
  return [...ids];
}

function cancelled(): TransformError {
  return new TransformError('cancelled', 'calibration was cancelled');
}

/**
 * Runs `model` on every batch of `data` and returns the calibrated range of each observed tensor.
 * Statistics are gathered per batch; no activation outlives its batch.
 */
export async function calibrate(
  model: Model,
  data: Iterable<Feeds> | AsyncIterable<Feeds>,
  options: CalibrateOptions = {},
): Promise<CalibrationResult> {
  const method = options.method ?? 'minmax';
  const collector = new CalibrationCollector({
    histogram: method !== 'minmax',
    ...(options.bins !== undefined ? { bins: options.bins } : {}),
  });
  const observe = new Set(options.tensors ?? activationTensors(model));
  const total = options.total ?? (Array.isArray(data) ? data.length : undefined);
  // Loaded on first use: quantizing without calibration never pulls the executor in.
  const { runModel } = await import('../../../execute/index');
  let batches = 0;
  for await (const feeds of data) {
    if (options.signal?.aborted) throw cancelled();
    // The executor reports graph inputs too, as float32 whatever they were fed as.
    await runModel(model, feeds, {
      observe,
      // The executor holds every tensor as float32; only the ones that really are float get ranges.
      onTensor: (id, values, tensor) => {
        if (isFloatDType(tensor.dtype) || tensor.dtype === 'undefined') collector.observe(id, values);
      },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    batches++;
    if (total && options.onProgress) options.onProgress(Math.min(1, batches / total));
  }
  if (options.signal?.aborted) throw cancelled();
  if (batches === 0) throw new TransformError('invalid-options', 'calibration needs at least one batch of data');
  return { ranges: collector.ranges(options, options.levels ?? 256), collector, batches };
}
