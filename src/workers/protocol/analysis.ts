// Per-layer analysis of the family: the error of each layer of one member against another (float vs
// quantized, side by side with intermediates exposed), and sensitivity analysis (one layer quantized at a
// time). The variants sensitivity builds are measured and dropped, never added to the family.
import type {
  LayerErrorRow,
  LayerRef,
  ReferenceMetrics,
  SensitivityMetric,
  SensitivityRow,
  SensitivityScore,
} from '../../core';
import type { CancelFlag, JobId, ModelId, Progress } from './base';
import type { EvaluateSource } from './evaluate';
import type { CalibrationRequest, QuantizeSettings } from './variants';

/** The samples an analysis runs on (as for an evaluation: values become (x·scale − mean) / std). */
export interface AnalysisData {
  readonly source: EvaluateSource;
  /** A seeded subset of this many samples (default: 64 for per-layer error, 128 for sensitivity). */
  readonly samples?: number;
  readonly scale?: number;
  readonly mean?: number;
  readonly std?: number;
}

/** Per-layer error of a model against a reference member of its family. */
export type LayerErrorRequest = AnalysisData;

/** Each matched layer's error, and the outputs compared, on the same samples. */
export interface LayerErrorResult {
  readonly modelId: ModelId;
  readonly referenceId: ModelId;
  /** 'mnist' or the data file's name. */
  readonly data: string;
  readonly samples: number;
  /** Matched layers in the model's node order (figures NaN where `problem` says why they are missing). */
  readonly rows: readonly LayerErrorRow[];
  /** Layers of the model with no counterpart in the reference. */
  readonly unmatched: readonly LayerRef[];
  /** The first outputs compared (agreement of top-1 classes, SQNR…). */
  readonly output: ReferenceMetrics;
  /** How each model ran, e.g. "onnxruntime-web (wasm, 4 threads)" or "reference executor". */
  readonly runtimes: { readonly model: string; readonly reference: string };
  /** How the data was fitted to the models, as sentences. */
  readonly notes: readonly string[];
  readonly timings: Readonly<Record<'load' | 'run' | 'total', number>>;
}

/**
 * Quantize each weighted layer of a model on its own with `settings` (static int8 calibrates once on
 * `calibration`), and score each one-layer model against the float model on `data`.
 */
export interface SensitivityRequest extends AnalysisData {
  readonly settings: QuantizeSettings;
  readonly calibration?: CalibrationRequest;
}

export interface SensitivityResult {
  /** The float model the layers were quantized in. */
  readonly modelId: ModelId;
  readonly data: string;
  readonly samples: number;
  /** The settings each layer was quantized with (what "keep the worst k in float" quantizes with too). */
  readonly settings: QuantizeSettings;
  /** What the layers are ranked by: accuracy lost (labelled data) or output SQNR. */
  readonly metric: SensitivityMetric;
  readonly floatTop1?: number;
  /** Every layer quantized at once, for comparison. */
  readonly full?: SensitivityScore;
  /** The layers, most costly first. */
  readonly rows: readonly SensitivityRow[];
  readonly runtime: string;
  readonly timings: Readonly<Record<'calibrate' | 'run' | 'total', number>>;
}

/** Progress of an analysis: for sensitivity, the layer being tried (index into the layers tried). */
export interface AnalysisProgress extends Progress {
  readonly layer?: LayerRef & { readonly index: number; readonly count: number };
}

/** Receives analysis progress (through the worker boundary it is a Comlink proxy). */
export type AnalysisProgressSink = (progress: AnalysisProgress) => void;

/** The engine calls of per-layer analysis (implemented by engine.ts, delegating to layer-*.ts / sensitivity-*.ts). */
export interface AnalysisApi {
  /**
   * Runs `modelId` and `referenceId` (two open members of a family) on the same samples with every
   * layer's tensor exposed and compares them layer by layer. Phase 'evaluate' per batch; cancel between batches.
   */
  layerError(
    jobId: JobId,
    modelId: ModelId,
    referenceId: ModelId,
    request: LayerErrorRequest,
    onProgress?: AnalysisProgressSink,
    cancelFlag?: CancelFlag,
  ): Promise<LayerErrorResult>;
  /**
   * Sensitivity analysis of an open float model: phase 'calibrate', then 'evaluate' with the layer being
   * tried; cancel between batches. Nothing is added to the family.
   */
  sensitivity(
    jobId: JobId,
    modelId: ModelId,
    request: SensitivityRequest,
    onProgress?: AnalysisProgressSink,
    cancelFlag?: CancelFlag,
  ): Promise<SensitivityResult>;
}
