// Models loaded for per-layer analysis: ONNX in the engine's runtime (onnxruntime-web in the worker) with
// the tensors to observe made graph outputs, TFLite in the reference executor, which reports any tensor it
// computes (the TFLite interpreter returns only outputs). Every runner answers by tensor id.
import {
  FORMAT_NAMES,
  formatById,
  observingExecutor,
  withFixedBatch,
  withGraphOutputs,
  type Model,
  type ModelFile,
  type Runner,
} from '../core';
import type { EvaluatedModel, LoadedRunner, RunnerFactory } from './evaluate-job';
import { failure } from './failure';
import { cancelSignal, pacedRunner, YIELD_EVERY_MS, type Job } from './jobs';

/** A model behind a runner that answers by tensor id. */
export interface AnalysisRunner {
  readonly run: Runner;
  readonly runtime: string;
  close(): Promise<void>;
}

/** `model` written as its format writes it (what a runtime loads). */
export function writtenFiles(model: Model, fileName: string): ModelFile[] {
  const baseName = fileName.replace(/\.[^.]+$/, '') || 'model';
  return formatById(model.format)
    .write(model, { baseName })
    .map((f) => ({ name: f.name, bytes: f.bytes }));
}

/**
 * `model` in the engine's runtime, answering by tensor id, split to the runtime's (or the ONNX model's)
 * fixed batch size and paced for cancellation. `files` are the model's own files when it is not changed.
 */
export async function loadInRuntime(
  model: Model,
  files: readonly ModelFile[] | undefined,
  fileName: string,
  runners: RunnerFactory,
  job: Job,
): Promise<AnalysisRunner> {
  const loaded: LoadedRunner = await runners(model, files ?? writtenFiles(model, fileName), fileName);
  // Runtimes answer by tensor name; the analysis asks by id.
  const idOf = new Map<string, string>();
  for (const t of model.graph.tensors) if (!idOf.has(t.name || t.id)) idOf.set(t.name || t.id, t.id);
  const byId: Runner = async (feeds) => {
    const out = await loaded.run(feeds);
    return Object.fromEntries(Object.entries(out).map(([name, t]) => [idOf.get(name) ?? name, t]));
  };
  const inputId = model.graph.inputs.find((id) => !model.graph.tensors.find((t) => t.id === id)?.data);
  const input = model.graph.tensors.find((t) => t.id === inputId);
  const fixed = input?.shape?.[0];
  const size = loaded.batch ?? (typeof fixed === 'number' && fixed > 0 && model.format === 'onnx' ? fixed : undefined);
  const paced = pacedRunner(byId, job);
  return {
    run: size === undefined || !input ? paced : withFixedBatch(paced, input.name || input.id, size),
    runtime: loaded.runtime,
    close: () => loaded.close(),
  };
}

/**
 * A member of the family loaded so that the tensors `observe` come back with its outputs: ONNX in the
 * engine's runtime with them as extra graph outputs, TFLite in the reference executor.
 */
export async function observingRunner(
  member: EvaluatedModel,
  observe: readonly string[],
  runners: RunnerFactory,
  job: Job,
): Promise<AnalysisRunner> {
  const { model, fileName } = member;
  if (model.format === 'onnx')
    return loadInRuntime(withGraphOutputs(model, observe), undefined, fileName, runners, job);
  if (model.format === 'tflite') {
    const run = observingExecutor(model, observe, { signal: cancelSignal(job), yieldEveryMs: YIELD_EVERY_MS });
    return { run, runtime: 'reference executor', close: async () => {} };
  }
  throw failure(
    'unsupported-case',
    `${fileName}: per-layer error of ${FORMAT_NAMES[model.format]} models is not supported yet (convert it to ONNX or TFLite first)`,
    fileName,
  );
}
