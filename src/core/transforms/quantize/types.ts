// Options and reports of quantization, shared by every format (ONNX here, TFLite in ./tflite).
import type { FormatId, Model } from '../../ir/types';

/**
 * What to quantize:
 * - 'int8': full-integer static int8 — weights, biases (int32) and activations (calibrated ranges);
 * - 'int8-weights': weight-only int8 (dynamic range): activations stay float;
 * - 'int4-weights': weight-only 4-bit weights (packed), per channel or block-wise;
 * - 'float16': weights stored as IEEE half precision.
 */
export type QuantizeMode = 'int8' | 'int8-weights' | 'int4-weights' | 'float16';

/** One scale for a whole tensor, or one per output channel. */
export type Granularity = 'per-channel' | 'per-tensor';

/** How calibrated activation ranges are chosen from the observed statistics. */
export type CalibrationMethod = 'minmax' | 'percentile' | 'entropy' | 'mse';

/** Integer element types quantized tensors are stored in. */
export type QuantDType = 'int4' | 'uint4' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32';

/** A float range [min, max]. */
export interface TensorRange {
  readonly min: number;
  readonly max: number;
}

/** Per-layer choice, by node id: keep the layer in float, or quantize its weights to other bits. */
export interface LayerOverride {
  readonly keepFloat?: boolean;
  readonly bits?: 4 | 8;
}

/** Something that can be asked whether the work was cancelled (an AbortSignal fits). */
export interface CancelSignal {
  readonly aborted: boolean;
}

/** Options of the calibration method that turns statistics into ranges. */
export interface CalibrationOptions {
  /** Default 'minmax'. */
  readonly method?: CalibrationMethod;
  /** For 'percentile': the share of values the range keeps, in percent (default 99.99). */
  readonly percentile?: number;
  /** Histogram bins per tensor (default 2048). */
  readonly bins?: number;
}

/**
 * How static int8 is written into an ONNX file:
 * - 'qdq': float operators between QuantizeLinear / DequantizeLinear pairs, with integer constants behind
 *   DequantizeLinear (onnxruntime fuses each group into an integer kernel);
 * - 'qoperator': the integer operators of the standard domain themselves (QLinearConv, QLinearMatMul,
 *   int8 MaxPool / Reshape / …), float only where an op has no standard integer form. Smaller files.
 */
export type OnnxQuantFormat = 'qdq' | 'qoperator';

/** Options of `quantizeModel`. Everything but `mode` has a default. */
export interface QuantizeOptions {
  readonly mode: QuantizeMode;
  /** Weights: one scale per output channel (default) or per tensor. */
  readonly granularity?: Granularity;
  /** Weights: symmetric around zero (default true; zero point 0). Asymmetric weights use unsigned types. */
  readonly symmetric?: boolean;
  /** 'int4-weights': quantize in blocks of this many elements along the input axis (0 or absent: per channel). */
  readonly blockSize?: number;
  /**
   * 'int8': calibrated float ranges of activation tensors by tensor id (from `calibrate`). Required for
   * static int8 — a tensor with no range is left in float.
   */
  readonly activationRanges?: ReadonlyMap<string, TensorRange>;
  /**
   * How `quantizeWithData` calibrates static int8 when no `activationRanges` are given (quantizeModel
   * itself never calibrates: it takes ranges).
   */
  readonly calibration?: CalibrationOptions;
  /** Per-layer overrides by node id. */
  readonly overrides?: Readonly<Record<string, LayerOverride>>;
  /**
   * 'int8' on ONNX: the integer type of activations. Default 'int8' (onnxruntime's recommended S8S8:
   * int8 activations, int8 weights). 'uint8' gives U8S8.
   */
  readonly activationDType?: 'int8' | 'uint8';
  /** 'int8' on ONNX: QDQ (default) or QOperator form (see OnnxQuantFormat). Other modes and formats ignore it. */
  readonly onnxFormat?: OnnxQuantFormat;
  /**
   * 'int8' on TFLite: the element type of the model's inputs and outputs. 'int8' (default, what TFLM wants,
   * like the converter's inference_input_type = int8) retypes them; 'float' keeps them float32 and adds
   * QUANTIZE / DEQUANTIZE at the edges.
   */
  readonly ioType?: 'int8' | 'float';
  /**
   * 'int8' on TFLite: per-axis FULLY_CONNECTED weights when the granularity is per-channel. Off by default:
   * the converter's files (and older runtimes) use per-tensor FULLY_CONNECTED weights.
   */
  readonly perChannelFullyConnected?: boolean;
  /** 'int8' on TFLite: keep ops without an int8 rule in float instead of refusing the model (default false). */
  readonly allowFloatFallback?: boolean;
  /**
   * ONNX: give the tensors quantization adds (scales, zero points, integer copies) short opaque names
   * (`s0`, `z0`, `q0`, …) instead of `<tensor>_s` etc., for deployments where every byte counts. The
   * model's own names are kept either way. Default false.
   */
  readonly compactNames?: boolean;
  /**
   * Constants with fewer elements than this are left alone by the weight-only and float16 modes (the
   * scale, zero point and extra node would cost more than they save). Default 16.
   */
  readonly minElements?: number;
}

/** How one quantized (or deliberately skipped) tensor was stored. */
export interface LayerReport {
  /** The node the tensor belongs to (its first consumer for shared weights). */
  readonly nodeId: string;
  /** The node's name as stored in the file (may be ''). */
  readonly name: string;
  readonly op: string;
  /** Tensor id in the input model. */
  readonly tensor: string;
  /** What the tensor is to its node. */
  readonly role: 'weight' | 'bias' | 'constant';
  /** Stored type after quantization ('float32' when it was kept in float). */
  readonly dtype: QuantDType | 'float16' | 'float32';
  readonly granularity: Granularity | 'per-block';
  /** Channel axis of per-channel / block-wise parameters. */
  readonly axis?: number;
  /** Smallest and largest scale (undefined for float16 and kept-float tensors). */
  readonly scaleRange?: TensorRange;
  readonly zeroPointRange?: TensorRange;
  /** Signal-to-quantization-noise ratio of the stored values against the float ones, in dB. */
  readonly sqnrDb: number;
  /** Mean squared error of the stored values against the float ones, and how many elements. */
  readonly mse: number;
  readonly elements: number;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
  /** Values clamped to the integer range (symmetric weights: none; overflowing biases). */
  readonly clipped: number;
  /** True when the tensor stayed in float (an override, or a bias that did not fit int32). */
  readonly keptFloat: boolean;
}

/** The quantization parameters an activation tensor got (static int8). */
export interface ActivationReport {
  readonly tensor: string;
  readonly dtype: QuantDType;
  /** The calibrated range and the one actually used (widened to hold 0, shared with tied tensors). */
  readonly calibrated: TensorRange;
  readonly range: TensorRange;
  readonly scale: number;
  readonly zeroPoint: number;
}

/** Whole-model figures. */
export interface QuantizeTotals {
  /** Stored bytes of every constant tensor, before and after. */
  readonly bytesBefore: number;
  readonly bytesAfter: number;
  /** bytesAfter / bytesBefore. */
  readonly ratio: number;
  /** SQNR over all quantized weights together (Σ signal² / Σ noise²), in dB; Infinity when none changed. */
  readonly weightSqnrDb: number;
  /** The worst layer's weight SQNR, in dB. */
  readonly minWeightSqnrDb: number;
  /** Tensors quantized and tensors deliberately kept in float. */
  readonly quantizedTensors: number;
  readonly keptFloatTensors: number;
}

/** What a quantization did. */
export interface QuantizeReport {
  readonly format: FormatId;
  readonly mode: QuantizeMode;
  readonly layers: readonly LayerReport[];
  readonly activations: readonly ActivationReport[];
  readonly totals: QuantizeTotals;
  /** Things the user should know (layers left in float and why, opset upgrades, graph rewrites). */
  readonly warnings: readonly string[];
}

/** The result of every quantization transform: a new model and its report. */
export interface QuantizeResult {
  readonly model: Model;
  readonly report: QuantizeReport;
}

/** A format's quantization transform, as the dispatcher calls it. */
export type FormatQuantizer = (model: Model, options: QuantizeOptions) => QuantizeResult;
