// The engine's quantize path: calibrate (static int8), quantize, write the file, read it back. The parent
// model is only read; what comes out is a new model the engine keeps as a variant.
import {
  calibrate,
  checkQuantizeOptions,
  quantizableFormats,
  quantizeModel,
  type Model,
  type QuantizeMode,
  type QuantizeReport,
  type TensorRange,
} from '../core';
import { calibrationFeeds, checkCalibratable } from './calibration-data';
import type { Report } from './describe';
import { failure } from './failure';
import { cancelSignal, paced, type Job } from './jobs';
import type { CalibrationRecord, QuantizeRequest, QuantizeSettings, QuantizeVariantInfo, RecipeStep } from './protocol';
import { writeVariant, type VariantFile, type VariantParent } from './variant-file';

/** Short names of the modes, for the variants switcher and file names. */
export const MODE_LABELS: Readonly<Record<QuantizeMode, { label: string; suffix: string }>> = {
  int8: { label: 'int8 static', suffix: 'int8' },
  'int8-weights': { label: 'int8 weights', suffix: 'w8' },
  'int4-weights': { label: 'int4 weights', suffix: 'w4' },
  float16: { label: 'float16', suffix: 'fp16' },
};

/** What the model being quantized brings along. */
export type QuantizeParent = VariantParent;

/** A quantized model, read back from the file written for it. */
export interface QuantizedVariant extends VariantFile {
  readonly report: QuantizeReport;
  readonly recipe: readonly RecipeStep[];
  readonly calibration?: CalibrationRecord;
  readonly timings: QuantizeVariantInfo['timings'];
}

/** The core's options from the panel's settings, keeping only what is set (as the CLI passes them). */
export function coreOptions(settings: QuantizeSettings) {
  return {
    mode: settings.mode,
    ...(settings.granularity ? { granularity: settings.granularity } : {}),
    ...(settings.symmetric === false ? { symmetric: false } : {}),
    ...(settings.blockSize ? { blockSize: settings.blockSize } : {}),
    ...(settings.activationDType ? { activationDType: settings.activationDType } : {}),
    ...(settings.onnxFormat ? { onnxFormat: settings.onnxFormat } : {}),
    ...(settings.ioType ? { ioType: settings.ioType } : {}),
    ...(settings.overrides && Object.keys(settings.overrides).length ? { overrides: settings.overrides } : {}),
  };
}

function checkRequest(parent: QuantizeParent, request: QuantizeRequest): void {
  const { model } = parent;
  if (!quantizableFormats().includes(model.format))
    throw failure(
      'not-applicable',
      `quantizing ${parent.format.name} models is not supported yet (${parent.fileName})`,
      parent.fileName,
    );
  checkQuantizeOptions(coreOptions(request.settings));
  if (request.settings.mode === 'int8' && !request.calibration)
    throw failure(
      'invalid-options',
      'static int8 needs calibration data: choose the built-in MNIST digits or a .npz / .npy file',
      parent.fileName,
    );
  if (request.settings.mode === 'int8')
    checkCalibratable(model, parent.fileName, 'Weight-only modes need no calibration.');
}

/**
 * Static int8's activation ranges, measured on the request's calibration data (per batch, cancellable;
 * phase 'calibrate'), and the record of what they were measured on; undefined for the other modes.
 */
export async function calibrateFor(
  model: Model,
  request: Pick<QuantizeRequest, 'settings' | 'calibration'>,
  job: Job,
  report: Report,
): Promise<{ ranges: ReadonlyMap<string, TensorRange>; record: CalibrationRecord } | undefined> {
  const calibration = request.calibration;
  if (request.settings.mode !== 'int8' || !calibration) return undefined;
  report('calibrate', 0);
  await job.checkpoint();
  const data = calibrationFeeds(model, calibration);
  const percentile = calibration.method === 'percentile' ? calibration.percentile : undefined;
  const result = await calibrate(model, paced(data.feeds, job), {
    method: calibration.method,
    ...(percentile !== undefined ? { percentile } : {}),
    total: data.batches,
    onProgress: (f) => report('calibrate', f),
    signal: cancelSignal(job),
  });
  const source = calibration.source;
  const record: CalibrationRecord = {
    data: data.name,
    ...(source.kind === 'mnist' ? { pixelScale: source.pixelScale } : {}),
    samples: data.samples,
    batches: result.batches,
    method: calibration.method,
    ...(percentile !== undefined ? { percentile } : {}),
    notes: data.notes,
  };
  return { ranges: result.ranges, record };
}

/** `mnist-cnn.onnx` → `mnist-cnn.int8` (the variant's file base name). */
function variantBaseName(fileName: string, mode: QuantizeMode): string {
  const stem = fileName.replace(/\.[^.]+$/, '') || 'model';
  return `${stem}.${MODE_LABELS[mode].suffix}`;
}

/**
 * Quantizes `parent` as `request` asks: checks, calibrates (per batch, cancellable), quantizes, writes the
 * file and reads it back, so the variant is exactly what its file holds.
 */
export async function quantizeParent(
  parent: QuantizeParent,
  request: QuantizeRequest,
  job: Job,
  report: Report,
): Promise<QuantizedVariant> {
  const started = performance.now();
  checkRequest(parent, request);
  const calibration = await calibrateFor(parent.model, request, job, report);
  const calibrated = performance.now();
  report('quantize', 0);
  await job.checkpoint();
  const options = coreOptions(request.settings);
  const result = quantizeModel(parent.model, {
    ...options,
    ...(calibration ? { activationRanges: calibration.ranges } : {}),
  });
  const quantized = performance.now();
  const { writeMs, ...file } = await writeVariant(
    parent,
    result.model,
    variantBaseName(parent.fileName, options.mode),
    job,
    report,
  );
  const done = performance.now();
  const step: RecipeStep = {
    kind: 'quantize',
    options: request.settings,
    ...(calibration
      ? {
          calibration: {
            data: calibration.record.data,
            ...(calibration.record.pixelScale ? { pixelScale: calibration.record.pixelScale } : {}),
            samples: calibration.record.samples,
            method: calibration.record.method,
            ...(calibration.record.percentile !== undefined ? { percentile: calibration.record.percentile } : {}),
          },
        }
      : {}),
  };
  return {
    ...file,
    report: result.report,
    recipe: [...parent.recipe, step],
    ...(calibration ? { calibration: calibration.record } : {}),
    timings: {
      calibrate: calibrated - started,
      quantize: quantized - calibrated,
      write: writeMs,
      total: done - started,
    },
  };
}
