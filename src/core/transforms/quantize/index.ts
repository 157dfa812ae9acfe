// Quantization of a model, whatever its format: `quantizeModel` checks the options and hands the model to
// the format's own quantizer (ONNX in ./onnx, TFLite in ./tflite; other formats can be added with
// `registerQuantizer`). Calibration (./calibration) is shared: it runs the reference executor and
// returns activation ranges by tensor id, which the static int8 modes take as `activationRanges`.
import { TransformError } from '../../errors';
import type { FormatId, Model } from '../../ir/types';
import { quantizeOnnx } from './onnx/index';
import { quantizeTflite } from './tflite/index';
import { calibrate, type CalibrationResult, type Feeds } from './calibration/calibrate';
import type { CancelSignal, FormatQuantizer, QuantizeOptions, QuantizeResult } from './types';

const NAMES: Readonly<Record<FormatId, string>> = { onnx: 'ONNX', tflite: 'TFLite', tfjs: 'TF.js' };

const quantizers = new Map<FormatId, FormatQuantizer>([
  ['onnx', quantizeOnnx],
  ['tflite', quantizeTflite],
]);

/** Installs (or replaces) the quantizer of a format. */
export function registerQuantizer(format: FormatId, quantizer: FormatQuantizer): void {
  quantizers.set(format, quantizer);
}

/** Formats a quantizer is registered for. */
export function quantizableFormats(): FormatId[] {
  return [...quantizers.keys()];
}

const MODES = new Set(['int8', 'int8-weights', 'int4-weights', 'float16']);

/** Throws TransformError('invalid-options') naming the first option that makes no sense. */
export function checkQuantizeOptions(options: QuantizeOptions): void {
  const bad = (message: string): never => {
    throw new TransformError('invalid-options', message);
  };
  if (!MODES.has(options.mode))
    bad(`unknown quantization mode "${options.mode}" (int8, int8-weights, int4-weights or float16)`);
  if (
    options.granularity !== undefined &&
    options.granularity !== 'per-channel' &&
    options.granularity !== 'per-tensor'
  )
    bad(`unknown granularity "${String(options.granularity)}" (per-channel or per-tensor)`);
  if (options.blockSize !== undefined && (!Number.isInteger(options.blockSize) || options.blockSize < 0))
    bad(`block size must be a positive whole number, not ${options.blockSize}`);
  if (options.blockSize && options.mode !== 'int4-weights') bad('a block size applies to int4-weights only');
  if (
    options.activationDType !== undefined &&
    options.activationDType !== 'int8' &&
    options.activationDType !== 'uint8'
  )
    bad(`activations are int8 or uint8, not "${String(options.activationDType)}"`);
  for (const [id, o] of Object.entries(options.overrides ?? {}))
    if (o.bits !== undefined && o.bits !== 4 && o.bits !== 8)
      bad(`layer "${id}": bits must be 4 or 8, not ${String(o.bits)}`);
}

/**
 * Quantizes `model` as `options` ask and reports what changed. Pure: the input is never modified, and the
 * result has been validated. Throws TransformError: 'invalid-options', 'not-applicable' (the format or the
 * model cannot be quantized that way, with the reason), 'invalid-result'.
 */
export function quantizeModel(model: Model, options: QuantizeOptions): QuantizeResult {
  checkQuantizeOptions(options);
  const quantizer = quantizers.get(model.format);
  if (!quantizer)
    throw new TransformError('not-applicable', `quantizing ${NAMES[model.format]} models is not supported yet`);
  return quantizer(model, options);
}

/** What `quantizeWithData` adds to the quantization options. */
export interface DataDriverOptions {
  /** Calibration batches, for progress. */
  readonly total?: number;
  /** Share done, 0..1 (calibration is the slow part: it takes 0 … 0.95). */
  readonly onProgress?: (fraction: number) => void;
  readonly signal?: CancelSignal;
}

/**
 * Calibrates when static int8 needs it (no `activationRanges` given) on `data`, then quantizes: what a
 * worker or a recipe runs. Resolves to the result and, when it calibrated, the calibration.
 */
export async function quantizeWithData(
  model: Model,
  data: Iterable<Feeds> | AsyncIterable<Feeds> | undefined,
  options: QuantizeOptions & DataDriverOptions,
): Promise<QuantizeResult & { readonly calibration?: CalibrationResult }> {
  checkQuantizeOptions(options);
  const { onProgress, signal, total, ...quantizeOptions } = options;
  let calibration: CalibrationResult | undefined;
  if (options.mode === 'int8' && !options.activationRanges?.size) {
    if (!data)
      throw new TransformError('invalid-options', 'static int8 needs calibration data (a representative dataset)');
    calibration = await calibrate(model, data, {
      ...options.calibration,
      ...(total !== undefined ? { total } : {}),
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress: (f: number) => onProgress(0.95 * f) } : {}),
    });
  }
  if (signal?.aborted) throw new TransformError('cancelled', 'quantization was cancelled');
  const result = quantizeModel(model, {
    ...quantizeOptions,
    ...(calibration ? { activationRanges: calibration.ranges } : {}),
  });
  onProgress?.(1);
  return calibration ? { ...result, calibration } : result;
}

export type * from './types';
export {
  calibrate,
  activationTensors,
  type CalibrateOptions,
  type CalibrationResult,
  type Feeds,
} from './calibration/calibrate';
export { CalibrationCollector, type CollectorOptions, type ObservedTensor } from './calibration/collector';
export {
  channelLayout,
  chooseParams,
  chooseParamsFor,
  chooseChannelParams,
  chooseTensorParams,
  effectiveRange,
  intRange,
  isSignedQuant,
  roundWith,
  TINY_SCALE,
  type ChannelParams,
  type IntRange,
  type ParamOptions,
} from './params';
export {
  quantizeTensor,
  quantizeWith,
  quantArrayFor,
  type QuantizedTensor,
  type TensorQuantSpec,
} from './quantize-tensor';
export { constantBytes, makeReport, totals } from './report';
export { upgradeOpset, defaultOpset, type UpgradeResult } from './onnx/opset';
