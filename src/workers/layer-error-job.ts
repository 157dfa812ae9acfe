// The engine's per-layer error: two members of a family run side by side on the same samples with their
// layers' tensors exposed (layer-runtime.ts), compared layer by layer by the core.
import { dataInput, matchLayers, measureLayerError, observedTensors, type ImageDecoder, type Tensor } from '../core';
import type { Report } from './describe';
import { loadData } from './evaluate-data';
import type { EvaluatedModel, RunnerFactory } from './evaluate-job';
import { failure } from './failure';
import { cancelSignal, type Job } from './jobs';
import { observingRunner, type AnalysisRunner } from './layer-runtime';
import { sourceName, type AnalysisData, type LayerErrorRequest, type LayerErrorResult } from './protocol';
import { decodeImageInBrowser } from './runtimes/image-decoder';

/** Samples compared when the request says nothing: enough for stable figures, quick on MCU-sized models. */
export const DEFAULT_LAYER_SAMPLES = 64;
// Every exposed tensor of a batch is held at once; small batches keep that bounded on bigger models.
const LAYER_BATCH = 16;

/** A model input as feeds name it. */
export const feedSpec = (input: Tensor) => ({ ...input, name: input.name || input.id });

/** Scale / mean / std of a request (images carry their own preprocessing). */
export function preprocessOf(request: AnalysisData) {
  if (request.source.kind === 'images') return {};
  return {
    ...(request.scale !== undefined ? { scale: request.scale } : {}),
    ...(request.mean !== undefined ? { mean: request.mean } : {}),
    ...(request.std !== undefined ? { std: request.std } : {}),
  };
}

/**
 * Measures the error of every layer of `target` against its counterpart in `reference` (see
 * core/evaluate/layers). Progress: 'read' while images are decoded, then 'evaluate' per batch.
 */
export async function layerErrorOf(
  target: EvaluatedModel,
  reference: EvaluatedModel,
  request: LayerErrorRequest,
  runners: RunnerFactory,
  job: Job,
  report: Report,
  decode: ImageDecoder = decodeImageInBrowser,
): Promise<LayerErrorResult> {
  const started = performance.now();
  const dataName = sourceName(request.source);
  const input = dataInput(target.model, dataName);
  const referenceInput = dataInput(reference.model, dataName);
  const matching = matchLayers(target.model, reference.model);
  if (matching.pairs.length === 0)
    throw failure(
      'not-applicable',
      `${target.fileName} and ${reference.fileName} have no layer in common (no tensor or node names match), so their layers cannot be compared`,
      target.fileName,
    );
  const data = await loadData(request.source, input, decode, job, (f) => report('read', f));
  report('evaluate', 0);
  await job.checkpoint();
  const opened: AnalysisRunner[] = [];
  try {
    const own = await observingRunner(target, observedTensors(matching, 'model'), runners, job);
    opened.push(own);
    const other = await observingRunner(reference, observedTensors(matching, 'reference'), runners, job);
    opened.push(other);
    const loaded = performance.now();
    const measured = await measureLayerError(
      own.run,
      other.run,
      matching,
      {
        dataset: data.dataset,
        input: feedSpec(input),
        referenceInput: feedSpec(referenceInput),
        preprocess: preprocessOf(request),
        samples: request.samples ?? DEFAULT_LAYER_SAMPLES,
      },
      {
        batchSize: LAYER_BATCH,
        onProgress: (done, total) => report('evaluate', done / total),
        signal: cancelSignal(job),
      },
    );
    const finished = performance.now();
    return {
      modelId: target.modelId,
      referenceId: reference.modelId,
      data: dataName,
      samples: measured.samples,
      rows: measured.rows,
      unmatched: measured.unmatched,
      output: measured.output,
      runtimes: { model: own.runtime, reference: other.runtime },
      notes: [...data.notes, ...measured.notes],
      timings: { load: loaded - started, run: finished - loaded, total: finished - started },
    };
  } finally {
    for (const r of opened) await r.close();
  }
}
