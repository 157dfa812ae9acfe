// TFLite quantization: the modes of `quantizeModel` for TFLite models, following the TFLite quantization
// specification (tensorflow.org/lite/performance/quantization_spec) and the converter's file layout.
//
// - 'int8': full-integer int8 from calibrated activation ranges (full-int8.ts);
// - 'int8-weights': dynamic-range ("hybrid") int8 weights read by float kernels (weight-only.ts);
// - 'float16': float16 weight buffers with DEQUANTIZE ops (float16.ts);
// - 'int4-weights': refused. The schema has TensorType INT4 (int4 filters of CONV_2D v7 /
//   FULLY_CONNECTED v10, DEQUANTIZE v6), but the interpreter of @tensorflow/tfjs-tflite — the TFLite
//   runtime every exported file is checked with — rejects any model holding an INT4 tensor ("Can't
//   initialize model"), so such a file could not be verified, and most deployed runtimes share that age.
import { TransformError } from '../../../errors';
import type { Model, Node } from '../../../ir/types';
import { makeReport } from '../report';
import type { QuantizeOptions, QuantizeResult } from '../types';
import { convertFloat16 } from './float16';
import { quantizeFullInt8 } from './full-int8';
import { HYBRID_MIN_ELEMENTS, quantizeWeightsInt8 } from './weight-only';

/** TFLite-only options, beside the shared ones. */
/** TFLite's options: the shared ones (ioType, perChannelFullyConnected and allowFloatFallback are TFLite's), plus: */
export interface TfliteQuantizeOptions extends QuantizeOptions {
  /**
   * Record the float min/max in each tensor's quantization as the converter does: default true for
   * 'int8' (the converter's int8 files carry them), false for 'int8-weights' (its hybrid files do not).
   */
  readonly recordRanges?: boolean;
}

// minElements defaults differ from the ONNX modes to mirror the TFLite converter: its dynamic-range mode
// skips weights under 1024 elements; its float16 mode converts every float constant.
const FLOAT16_MIN_ELEMENTS = 1;

function keepFloatPredicate(options: QuantizeOptions): (node: Node) => boolean {
  const overrides = options.overrides ?? {};
  return (node) => {
    const o = overrides[node.id] ?? (node.name ? overrides[node.name] : undefined);
    return o?.keepFloat === true;
  };
}

function checkOverrides(model: Model, options: QuantizeOptions): void {
  const known = new Set(model.graph.nodes.flatMap((n) => [n.id, n.name]).filter((s) => s !== ''));
  for (const [key, o] of Object.entries(options.overrides ?? {})) {
    if (!known.has(key))
      throw new TransformError(
        'invalid-options',
        `the per-layer override names node "${key}", which the model does not have`,
        key,
      );
    if (o.bits !== undefined && o.bits !== 8 && !o.keepFloat)
      throw new TransformError(
        'invalid-options',
        `node "${key}": TFLite layers are quantized to 8 bits here; ${o.bits}-bit weights are not supported for TFLite`,
        key,
      );
  }
}

/** Quantizes a TFLite model (a pure transform: the input model is never modified). */
export function quantizeTflite(model: Model, options: TfliteQuantizeOptions): QuantizeResult {
  if (model.format !== 'tflite')
    throw new TransformError('invalid-options', `the TFLite quantizer was given a ${model.format} model`);
  checkOverrides(model, options);
  switch (options.mode) {
    case 'int8':
      return fullInt8(model, options);
    case 'int8-weights':
      return weightsInt8(model, options);
    case 'float16':
      return float16(model, options);
    case 'int4-weights':
      throw new TransformError(
        'not-applicable',
        'int4 weights are not available for TFLite: the TFLite interpreter this studio verifies models with ' +
          '(@tensorflow/tfjs-tflite) cannot load INT4 tensors. Use int8 weights (int8-weights) or full int8.',
      );
    default:
      throw new TransformError(
        'invalid-options',
        `quantization mode "${String(options.mode)}" is not supported for TFLite`,
      );
  }
}

function fullInt8(model: Model, options: TfliteQuantizeOptions): QuantizeResult {
  const ranges = options.activationRanges;
  if (!ranges || ranges.size === 0)
    throw new TransformError(
      'invalid-options',
      'full-integer int8 needs calibrated activation ranges: give calibration data (a representative dataset)',
    );
  if (options.symmetric === false)
    throw new TransformError(
      'invalid-options',
      'the TFLite int8 specification has symmetric weights only (zero point 0); asymmetric weights are not possible',
    );
  if (options.activationDType === 'uint8')
    throw new TransformError(
      'invalid-options',
      'TFLite int8 activations are int8 (asymmetric uint8 is the legacy TFLite scheme, not supported here)',
    );
  const result = quantizeFullInt8(model, {
    ranges,
    io: options.ioType ?? 'int8',
    keepFloat: keepFloatPredicate(options),
    allowFloatFallback: options.allowFloatFallback ?? false,
    perChannel: (options.granularity ?? 'per-channel') === 'per-channel',
    perChannelFullyConnected: options.perChannelFullyConnected ?? false,
    recordRanges: options.recordRanges ?? true,
  });
  const warnings: string[] = [];
  const kept = result.layers.filter((l) => l.domain === 'float');
  if (kept.length)
    warnings.push(`${kept.length} layer(s) kept in float: ${kept.map((l) => `${l.node} (${l.op})`).join(', ')}`);
  if (result.fallbacks.length) warnings.push(`ops without an int8 rule kept in float: ${result.fallbacks.join(', ')}`);
  const { quantize, dequantize, requantize } = result.inserted;
  if (quantize + dequantize > 0)
    warnings.push(`inserted ${quantize} QUANTIZE and ${dequantize} DEQUANTIZE op(s) at float boundaries`);
  if (requantize > 0)
    warnings.push(
      `inserted ${requantize} requantizing QUANTIZE op(s) so that CONCATENATION-like inputs share one scale`,
    );
  const widened = result.layers.reduce((n, l) => n + l.widenedForBias, 0);
  if (widened > 0)
    warnings.push(
      `${widened} weight channel scale(s) were raised so that their int32 bias fits: channels whose weights are ` +
        'almost all zero, whose bias would otherwise have been clamped',
    );
  const entries = result.layers.flatMap((l) => l.entries);
  return {
    model: result.model,
    report: makeReport(model, result.model, 'int8', entries, result.activations, warnings),
  };
}

function weightsInt8(model: Model, options: TfliteQuantizeOptions): QuantizeResult {
  if (options.symmetric === false)
    throw new TransformError(
      'invalid-options',
      'TFLite hybrid kernels read symmetric int8 weights only (zero point 0); asymmetric weights are not possible',
    );
  if (options.blockSize)
    throw new TransformError('invalid-options', 'TFLite has no block-wise int8 weights; use per-channel or per-tensor');
  const minElements = options.minElements ?? HYBRID_MIN_ELEMENTS;
  const result = quantizeWeightsInt8(model, {
    perChannel: (options.granularity ?? 'per-channel') === 'per-channel',
    // Hybrid FULLY_CONNECTED with per-channel weights is version 12, which the interpreter we verify with
    // refuses to load (measured): per-tensor it is, as in the converter's files.
    perChannelFullyConnected: false,
    minElements,
    keepFloat: keepFloatPredicate(options),
    recordRanges: options.recordRanges ?? false,
  });
  const warnings: string[] = [];
  if (options.perChannelFullyConnected)
    warnings.push(
      'hybrid FULLY_CONNECTED weights are per-tensor: per-channel ones need FULLY_CONNECTED version 12, which the TFLite interpreter (tfjs-tflite) cannot load',
    );
  if (result.skippedSmall)
    warnings.push(
      `${result.skippedSmall} weight tensor(s) under ${minElements} elements kept in float, as the TFLite converter does`,
    );
  if (!result.entries.some((e) => !e.keptFloat))
    warnings.push(
      'no weights were quantized: the model has no CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED weights that qualify',
    );
  return { model: result.model, report: makeReport(model, result.model, 'int8-weights', result.entries, [], warnings) };
}

function float16(model: Model, options: TfliteQuantizeOptions): QuantizeResult {
  const result = convertFloat16(model, {
    minElements: options.minElements ?? FLOAT16_MIN_ELEMENTS,
    keepFloat: keepFloatPredicate(options),
  });
  return { model: result.model, report: makeReport(model, result.model, 'float16', result.entries, [], []) };
}
