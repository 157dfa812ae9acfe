// The engine's evaluate path: a model (or variant) in a runtime picked by its format (ONNX: onnxruntime-web,
// TFLite: the tfjs-tflite interpreter, TF.js: TensorFlow.js), fed a dataset batch by batch through the
// core's `evaluate`, optionally against a reference model.
import {
  dataInput,
  evaluate,
  withFixedBatch,
  type ImageDecoder,
  type Model,
  type ModelFile,
  type Runner,
} from '../core';
import type { Report } from './describe';
import { loadData } from './evaluate-data';
import { decodeImageInBrowser } from './runtimes/image-decoder';
import { cancelSignal, pacedRunner, type Job } from './jobs';
import { sourceName, type EvaluateRequest, type EvaluateResult, type ModelId } from './protocol';

/** A model loaded into a runtime. */
export interface LoadedRunner {
  readonly run: Runner;
  /** Shown with the results, e.g. "onnxruntime-web (wasm, 4 threads)". */
  readonly runtime: string;
  /** Samples the runtime takes per call, when it is fixed (TFLite: the model's batch dim). */
  readonly batch?: number;
  close(): Promise<void>;
}

/** Loads an open model into a runtime (the worker: onnxruntime-web; tests may inject another). */
export type RunnerFactory = (model: Model, files: readonly ModelFile[], fileName: string) => Promise<LoadedRunner>;

/** What the engine knows of a model taking part in an evaluation. */
export interface EvaluatedModel {
  readonly modelId: ModelId;
  readonly model: Model;
  readonly files: readonly ModelFile[];
  readonly fileName: string;
}

const DEFAULT_BATCH = 64;

/** The runtimes used unless the engine was given others, by model format, each loaded on first use. */
export const webRunners: RunnerFactory = async (model, files, fileName) => {
  if (model.format === 'tflite') {
    const { loadTfliteRunner } = await import('./runtimes/tflite-runner');
    return loadTfliteRunner(files[0]!.bytes, fileName);
  }
  if (model.format === 'tfjs') {
    const { loadTfjsRunner } = await import('./runtimes/tfjs-runner');
    return loadTfjsRunner(model, files, fileName);
  }
  const { loadOnnxWeb } = await import('./runtimes/onnx-web-runner');
  // The main file comes first; companions hold external data, named as the model names their locations.
  return loadOnnxWeb(files[0]!.bytes, fileName, { externalData: externalDataOf(model, files) });
};

/** The files an ONNX model's external data lives in, under the locations the model gives them. */
export function externalDataOf(model: Model, files: readonly ModelFile[]): { path: string; data: Uint8Array }[] {
  const base = (path: string): string => path.split(/[\\/]/).pop() ?? path;
  const locations = new Set<string>();
  for (const t of model.graph.tensors) if (t.data?.external) locations.add(t.data.external.location);
  return [...locations].flatMap((path) => {
    const file = files.slice(1).find((f) => f.name === path) ?? files.slice(1).find((f) => base(f.name) === base(path));
    return file ? [{ path, data: file.bytes }] : [];
  });
}

/**
 * The loaded runner as the evaluation calls it: split to the runtime's or the ONNX model's fixed batch
 * size, if there is one, and paced so that a `cancel` gets in. Runtimes that block the worker for each
 * call (TFLite: one interpreter run per sample) are paced per call; asynchronous ones (onnxruntime-web)
 * per batch, which costs less.
 */
function prepared(
  model: Model,
  loaded: LoadedRunner,
  input: { name: string; shape?: readonly unknown[] },
  job: Job,
): Runner {
  if (loaded.batch !== undefined) return withFixedBatch(pacedRunner(loaded.run, job), input.name, loaded.batch);
  const fixed = input.shape?.[0];
  const split = typeof fixed === 'number' && fixed > 0 && model.format === 'onnx';
  return pacedRunner(split ? withFixedBatch(loaded.run, input.name, fixed) : loaded.run, job);
}

/**
 * Evaluates `target` (and `reference`, when given, on the same samples) on the request's data. Progress:
 * phase 'read' while images are decoded (per image), then 'evaluate' per batch; a cancel lands between
 * images and between runtime calls.
 */
export async function evaluateModels(
  target: EvaluatedModel,
  reference: EvaluatedModel | undefined,
  request: EvaluateRequest,
  runners: RunnerFactory,
  job: Job,
  report: Report,
  decode: ImageDecoder = decodeImageInBrowser,
): Promise<EvaluateResult> {
  const dataName = sourceName(request.source);
  const started = performance.now();
  const input = dataInput(target.model, dataName);
  const referenceInput = reference ? dataInput(reference.model, dataName) : undefined;
  const data = await loadData(request.source, input, decode, job, (f) => report('read', f), request.samples);
  report('evaluate', 0);
  await job.checkpoint();
  const main = await runners(target.model, target.files, target.fileName);
  let other: LoadedRunner | undefined;
  try {
    other = reference ? await runners(reference.model, reference.files, reference.fileName) : undefined;
    const spec = { ...input, name: input.name || input.id };
    const referenceSpec = referenceInput && { ...referenceInput, name: referenceInput.name || referenceInput.id };
    const loaded = performance.now();
    // Images come preprocessed; scale / mean / std apply to other data.
    const images = request.source.kind === 'images';
    const result = await evaluate(
      prepared(target.model, main, spec, job),
      {
        dataset: data.dataset,
        input: spec,
        preprocess: images
          ? {}
          : {
              ...(request.scale !== undefined ? { scale: request.scale } : {}),
              ...(request.mean !== undefined ? { mean: request.mean } : {}),
              ...(request.std !== undefined ? { std: request.std } : {}),
            },
        ...(request.samples !== undefined && !data.subset ? { samples: request.samples } : {}),
      },
      {
        batchSize: request.batchSize ?? DEFAULT_BATCH,
        ...(other && reference && referenceSpec
          ? {
              reference: prepared(reference.model, other, referenceSpec, job),
              referenceInput: referenceSpec,
            }
          : {}),
        onProgress: (done, total) => report('evaluate', done / total),
        signal: cancelSignal(job),
      },
    );
    const finished = performance.now();
    return {
      modelId: target.modelId,
      ...(reference ? { referenceId: reference.modelId } : {}),
      data: dataName,
      runtime: main.runtime,
      result: data.notes.length ? { ...result, notes: [...data.notes, ...result.notes] } : result,
      timings: { load: loaded - started, run: finished - loaded, total: finished - started },
    };
  } finally {
    await main.close();
    await other?.close();
  }
}
