// Making variants: quantize settings, calibration, recipes, and the record each variant keeps.
import type {
  CalibrationMethod,
  Granularity,
  LayerOverride,
  OnnxQuantFormat,
  QuantizeMode,
  QuantizeReport,
  Recipe,
  StepReport,
} from '../../core';
import type { ModelId, InputFile } from './base';
import type { OpenResult } from './model';

/** The quantization settings a user picks (the core's QuantizeOptions without calibrated ranges). */
export interface QuantizeSettings {
  readonly mode: QuantizeMode;
  readonly granularity?: Granularity;
  readonly symmetric?: boolean;
  readonly blockSize?: number;
  readonly activationDType?: 'int8' | 'uint8';
  /** int8 static on ONNX: QDQ (default) or QOperator form. */
  readonly onnxFormat?: OnnxQuantFormat;
  /** int8 static on TFLite: int8 (default) or float inputs and outputs. */
  readonly ioType?: 'int8' | 'float';
  /** Per-layer overrides by node id of the model being quantized. */
  readonly overrides?: Readonly<Record<string, LayerOverride>>;
}

/** Pixel range the built-in MNIST digits are fed in: the package's 0..1 values, or the raw 0..255 grey levels. */
export type PixelScale = '0..1' | '0..255';

/**
 * Where calibration data comes from: the built-in MNIST digits (the UI fetches public/samples/mnist-digits.npz
 * and hands its bytes over), or a .npz / .npy file the user chose. Either way the bytes are transferred.
 */
export type CalibrationSource =
  | { readonly kind: 'mnist'; readonly file: InputFile; readonly pixelScale: PixelScale }
  | { readonly kind: 'file'; readonly file: InputFile };

export interface CalibrationRequest {
  readonly source: CalibrationSource;
  /** Calibrate on at most this many samples (MNIST: the sample model's training digits, in split order). */
  readonly samples: number;
  readonly method: CalibrationMethod;
  /** For 'percentile': the share of values kept, in percent. */
  readonly percentile?: number;
}

/** One quantization: the settings, and calibration data for static int8. */
export interface QuantizeRequest {
  readonly settings: QuantizeSettings;
  readonly calibration?: CalibrationRequest;
}

/** How calibration went, as a recipe records it (data named, never carried). */
export interface CalibrationRecord {
  /** 'mnist' or the data file's name. */
  readonly data: string;
  readonly pixelScale?: PixelScale;
  readonly samples: number;
  readonly batches: number;
  readonly method: CalibrationMethod;
  readonly percentile?: number;
  /** How the data was fitted to the model input (casts, singleton dims), as sentences. */
  readonly notes: readonly string[];
}

/**
 * One step of a variant's lineage (DESIGN.md, "Definitions"): how it was derived from its parent — a
 * quantization from the quantize panel, or a whole recipe run from the recipe editor.
 */
export type RecipeStep =
  | {
      readonly kind: 'quantize';
      readonly options: QuantizeSettings;
      readonly calibration?: Omit<CalibrationRecord, 'notes' | 'batches'>;
    }
  | {
      readonly kind: 'recipe';
      readonly recipe: Recipe;
      readonly calibration?: Omit<CalibrationRecord, 'notes' | 'batches'>;
    };

interface VariantBase {
  readonly modelId: ModelId;
  /** The model it was made from. */
  readonly parentId: ModelId;
  /** Short name for the variants switcher, e.g. "int8 static" or a recipe's name. */
  readonly label: string;
  /** Every step from the original model to this one, in order. */
  readonly recipe: readonly RecipeStep[];
  readonly calibration?: CalibrationRecord;
  /** Stored bytes of the variant's file(s) and of its parent's. */
  readonly fileBytes: number;
  readonly parentFileBytes: number;
}

/** A variant made by the quantize panel. */
export interface QuantizeVariantInfo extends VariantBase {
  readonly kind: 'quantize';
  readonly report: QuantizeReport;
  /** Time spent in the engine, in ms. */
  readonly timings: Readonly<Record<'calibrate' | 'quantize' | 'write' | 'total', number>>;
}

/** A layer's weight in a variant: how sparse it is, and what pruning did to its channels. */
export interface WeightLayerView {
  /** The compute node reading the weight, in the variant's graph. */
  readonly nodeId: string;
  readonly name: string;
  readonly op: string;
  /** The weight's tensor id in the variant (behind a DequantizeLinear for quantized ONNX). */
  readonly tensorId: string;
  readonly elements: number;
  readonly zeros: number;
  /** zeros / elements (of the real values: a quantized zero is the zero point). */
  readonly sparsity: number;
  /** Output channels before and after structured pruning, when a step removed some. */
  readonly channelsBefore?: number;
  readonly channelsAfter?: number;
  /** Clusters its values were shared into, when a cluster step clustered it. */
  readonly clusters?: number;
}

/** A variant made by running a recipe. */
export interface RecipeVariantInfo extends VariantBase {
  readonly kind: 'recipe';
  /** The recipe as it ran. */
  readonly recipeRun: Recipe;
  /** What each step did (a skipped step says why), in recipe order. */
  readonly steps: readonly StepReport[];
  /** The weights of the variant's layers, in node order. */
  readonly layers: readonly WeightLayerView[];
  /** Time spent in the engine, in ms: per step (recipe order; 0 for steps that did not run), writing, total. */
  readonly timings: { readonly steps: readonly number[]; readonly write: number; readonly total: number };
}

/** A model derived from another one; the engine keeps it open like any model. */
export type VariantInfo = QuantizeVariantInfo | RecipeVariantInfo;

/** A new variant: what opening it would have returned, and how it was made. */
export interface VariantResult<V extends VariantInfo = VariantInfo> extends OpenResult {
  readonly variant: V;
}

/** A recipe run: the recipe, and calibration data when it has a static int8 quantize step. */
export interface RecipeRequest {
  readonly recipe: Recipe;
  readonly calibration?: CalibrationRequest;
}
