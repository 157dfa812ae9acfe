// The engine's sensitivity analysis: calibrate once, then quantize each weighted layer of the float model
// on its own (every other node kept in float) and score each one-layer model in the engine's runtime
// against the float model on the same samples. The one-layer models are dropped; the family is unchanged.
import {
  checkQuantizeOptions,
  dataInput,
  measureSensitivity,
  onlyLayerOverrides,
  quantizableFormats,
  quantizedLayers,
  quantizeModel,
  type ImageDecoder,
  type LayerOverride,
  type LayerRef,
  type Model,
  type QuantizeOptions,
} from '../core';
import { checkCalibratable } from './calibration-data';
import { loadData } from './evaluate-data';
import type { EvaluatedModel, RunnerFactory } from './evaluate-job';
import { failure } from './failure';
import { cancelSignal, type Job } from './jobs';
import { feedSpec, preprocessOf } from './layer-error-job';
import { loadInRuntime } from './layer-runtime';
import {
  sourceName,
  type AnalysisProgress,
  type AnalysisProgressSink,
  type ProgressPhase,
  type SensitivityRequest,
  type SensitivityResult,
} from './protocol';
import { calibrateFor, coreOptions } from './quantize-job';
import { decodeImageInBrowser } from './runtimes/image-decoder';

/** Samples each one-layer model is scored on when the request says nothing. */
export const DEFAULT_SENSITIVITY_SAMPLES = 128;
const BATCH = 64;
// Progress crosses the worker boundary: a report per 2 % (and every new layer) is smooth enough.
const STEP = 0.02;

/** Progress reports, thinned out; a new phase or layer always goes out. */
function emitter(sink: AnalysisProgressSink | undefined, fileName: string) {
  let last: { phase: ProgressPhase; fraction: number; layer?: string } | undefined;
  return (phase: ProgressPhase, fraction: number, layer?: AnalysisProgress['layer']): void => {
    if (!sink) return;
    const same = last && last.phase === phase && last.layer === layer?.nodeId;
    if (same && fraction < 1 && fraction - last!.fraction < STEP) return;
    last = { phase, fraction, ...(layer ? { layer: layer.nodeId } : {}) };
    void sink({ phase, fraction: Math.min(1, Math.max(0, fraction)), fileName, ...(layer ? { layer } : {}) });
  };
}

function check(base: EvaluatedModel, request: SensitivityRequest): QuantizeOptions {
  const { model, fileName } = base;
  if (!quantizableFormats().includes(model.format))
    throw failure('not-applicable', `${fileName}: the studio cannot quantize models of this format yet`, fileName);
  // Each layer is tried on its own: the user's own per-layer choices do not apply here.
  const options: QuantizeOptions = coreOptions({ ...request.settings, overrides: {} });
  checkQuantizeOptions(options);
  if (options.mode === 'int8') {
    if (!request.calibration)
      throw failure(
        'invalid-options',
        'static int8 needs calibration data: choose the built-in MNIST digits or a .npz / .npy file',
        fileName,
      );
    checkCalibratable(model, fileName, 'Weight-only modes need no calibration.');
  }
  // TFLite models keep float inputs and outputs, so every one-layer model takes what the float model takes.
  return model.format === 'tflite' && options.mode === 'int8' ? { ...options, ioType: 'float' } : options;
}

/**
 * Ranks the weighted layers of the float model `base` by what quantizing each alone costs (see
 * core/evaluate/layers/sensitivity.ts). Progress: 'calibrate', then 'evaluate' with the layer tried.
 */
export async function sensitivityOf(
  base: EvaluatedModel,
  request: SensitivityRequest,
  runners: RunnerFactory,
  job: Job,
  onProgress: AnalysisProgressSink | undefined,
  decode: ImageDecoder = decodeImageInBrowser,
): Promise<SensitivityResult> {
  const started = performance.now();
  const emit = emitter(onProgress, base.fileName);
  const options = check(base, request);
  const dataName = sourceName(request.source);
  const input = dataInput(base.model, dataName);
  const ranges = (await calibrateFor(base.model, request, job, emit))?.ranges;
  const calibrated = performance.now();
  const quantize = (overrides?: Record<string, LayerOverride>): Model =>
    quantizeModel(base.model, {
      ...options,
      ...(ranges ? { activationRanges: ranges } : {}),
      ...(overrides ? { overrides } : {}),
    }).model;
  const full = quantizeModel(base.model, { ...options, ...(ranges ? { activationRanges: ranges } : {}) });
  const layers = quantizedLayers(full.report);
  if (layers.length === 0)
    throw failure(
      'not-applicable',
      `${base.fileName}: no layer has weights this quantization would change`,
      base.fileName,
    );
  const data = await loadData(request.source, input, decode, job, (f) => emit('read', f));
  emit('evaluate', 0);
  await job.checkpoint();
  let runtime = '';
  const count = layers.length;
  const measured = await measureSensitivity(
    base.model,
    {
      layers,
      variant: (layer: LayerRef) => quantize(onlyLayerOverrides(base.model.graph, layer.nodeId)),
      full: full.model,
      load: async (model) => {
        const own = model === base.model;
        const loaded = await loadInRuntime(model, own ? base.files : undefined, base.fileName, runners, job);
        runtime ||= loaded.runtime;
        return loaded;
      },
    },
    {
      dataset: data.dataset,
      input: feedSpec(input),
      preprocess: preprocessOf(request),
      samples: request.samples ?? DEFAULT_SENSITIVITY_SAMPLES,
    },
    {
      batchSize: BATCH,
      signal: cancelSignal(job),
      onProgress: (done, total, layer) => {
        const index = layer ? layers.findIndex((l) => l.nodeId === layer.nodeId) : -1;
        emit('evaluate', done / total, layer && index >= 0 ? { ...layer, index, count } : undefined);
      },
    },
  );
  const finished = performance.now();
  return {
    modelId: base.modelId,
    data: dataName,
    samples: measured.samples,
    settings: request.settings,
    metric: measured.metric,
    ...(measured.floatTop1 !== undefined ? { floatTop1: measured.floatTop1 } : {}),
    ...(measured.full ? { full: measured.full } : {}),
    rows: measured.rows,
    runtime,
    timings: { calibrate: calibrated - started, run: finished - calibrated, total: finished - started },
  };
}
