// The engine's evaluate path: a model (or variant) in a runtime, fed the built-in MNIST digits or a
// .npz / .npy file batch by batch through the core's `evaluate`, optionally against a reference model.
import {
  dataInput,
  evaluate,
  FORMAT_NAMES,
  readDataset,
  readMnistDigits,
  withFixedBatch,
  type Dataset,
  type Model,
  type ModelFile,
  type Runner,
} from '../core';
import type { Report } from './describe';
import { failure } from './failure';
import { cancelSignal, type Job } from './jobs';
import { sourceName, type EvaluateRequest, type EvaluateResult, type ModelId } from './protocol';

/** A model loaded into a runtime. */
export interface LoadedRunner {
  readonly run: Runner;
  /** Shown with the results, e.g. "onnxruntime-web (wasm, 4 threads)". */
  readonly runtime: string;
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

// A `cancel` message needs the worker's event loop; batches run back to back, so it is let in this often.
const YIELD_EVERY_MS = 30;
const DEFAULT_BATCH = 64;

/** The runtime used unless the engine was given another: onnxruntime-web for ONNX, loaded on first use. */
export const webRunners: RunnerFactory = async (model, files, fileName) => {
  if (model.format !== 'onnx')
    throw failure(
      'unsupported-case',
      `${fileName}: evaluating ${FORMAT_NAMES[model.format]} models in the studio is not supported yet`,
      fileName,
    );
  const { loadOnnxWeb } = await import('./runtimes/onnx-web-runner');
  // The main file comes first; a model with external data is not supported by this path yet.
  return loadOnnxWeb(files[0]!.bytes, fileName);
};

function datasetOf(request: EvaluateRequest): Dataset {
  const { source } = request;
  if (source.kind === 'images' || source.kind === 'csv')
    throw failure('unsupported-case', `${sourceName(source)}: ${source.kind} datasets are not supported yet`);
  const bytes = new Uint8Array(source.file.bytes);
  if (source.kind === 'mnist') return readMnistDigits(bytes, { unit: source.pixelScale === '0..1' }, 'mnist');
  return readDataset(bytes, source.file.name);
}

/** `runner` split to the model's fixed batch dim, if it has one. */
function batched(model: Model, runner: Runner, input: { name: string; shape?: readonly unknown[] }): Runner {
  const fixed = input.shape?.[0];
  return typeof fixed === 'number' && fixed > 0 && model.format === 'onnx'
    ? withFixedBatch(runner, input.name, fixed)
    : runner;
}

/** Lets a `cancel` message in every YIELD_EVERY_MS of running, and stops there when the job was cancelled. */
function paced(runner: Runner, job: Job): Runner {
  let last = performance.now();
  return async (feeds) => {
    if (performance.now() - last >= YIELD_EVERY_MS) {
      await job.checkpoint();
      last = performance.now();
    }
    return runner(feeds);
  };
}

/**
 * Evaluates `target` (and `reference`, when given, on the same samples) on the request's data. Progress
 * is reported per batch; a cancel lands between batches.
 */
export async function evaluateModels(
  target: EvaluatedModel,
  reference: EvaluatedModel | undefined,
  request: EvaluateRequest,
  runners: RunnerFactory,
  job: Job,
  report: Report,
): Promise<EvaluateResult> {
  const dataName = sourceName(request.source);
  const started = performance.now();
  report('evaluate', 0);
  const dataset = datasetOf(request);
  const input = dataInput(target.model, dataName);
  const referenceInput = reference ? dataInput(reference.model, dataName) : undefined;
  await job.checkpoint();
  const main = await runners(target.model, target.files, target.fileName);
  let other: LoadedRunner | undefined;
  try {
    other = reference ? await runners(reference.model, reference.files, reference.fileName) : undefined;
    const spec = { ...input, name: input.name || input.id };
    const referenceSpec = referenceInput && { ...referenceInput, name: referenceInput.name || referenceInput.id };
    const loaded = performance.now();
    const result = await evaluate(
      paced(batched(target.model, main.run, spec), job),
      {
        dataset,
        input: spec,
        preprocess: {
          ...(request.scale !== undefined ? { scale: request.scale } : {}),
          ...(request.mean !== undefined ? { mean: request.mean } : {}),
          ...(request.std !== undefined ? { std: request.std } : {}),
        },
        ...(request.samples !== undefined ? { samples: request.samples } : {}),
      },
      {
        batchSize: request.batchSize ?? DEFAULT_BATCH,
        ...(other && reference && referenceSpec
          ? { reference: batched(reference.model, other.run, referenceSpec), referenceInput: referenceSpec }
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
      result,
      timings: { load: loaded - started, run: finished - loaded, total: finished - started },
    };
  } finally {
    await main.close();
    await other?.close();
  }
}
