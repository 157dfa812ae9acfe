// Evaluation requests and results: a model run on a dataset, optionally against a reference model.
import type { EvaluationResult, ImagePreprocessing } from '../../core';
import type { InputFile, JobId, ModelId } from './base';
import type { CalibrationSource } from './variants';

/**
 * A dataset to evaluate on: the built-in MNIST digits or a .npz / .npy file (as for calibration), a CSV
 * file for tabular models (features → x, `labelColumn` → y), or images with one sub-folder per class —
 * either one .zip, or the files of a dropped folder named by their relative paths ("cat/001.png"),
 * preprocessed as `preprocessing` says (default: fitted to the model's input). Bytes are transferred.
 */
export type EvaluateSource =
  | CalibrationSource
  | { readonly kind: 'csv'; readonly file: InputFile; readonly labelColumn?: string | number }
  | {
      readonly kind: 'images';
      readonly files: readonly InputFile[];
      readonly preprocessing?: ImagePreprocessing;
    };

/** The buffers of a source's files (transferred with the request). */
export function sourceBuffers(source: EvaluateSource): ArrayBuffer[] {
  return 'files' in source ? source.files.map((f) => f.bytes) : [source.file.bytes];
}

/** The name a source goes by in results: 'mnist', the file's name, or the folder's. */
export function sourceName(source: EvaluateSource): string {
  if (source.kind === 'mnist') return 'mnist';
  if ('file' in source) return source.file.name;
  const first = source.files[0]?.name ?? 'images';
  return source.files.length === 1 ? first : (first.split('/')[0] ?? 'images');
}

/** A few samples of a dataset as the model will see them, and whether the dataset fits the model. */
export interface DataPreview {
  /** Samples in the dataset, and its class names when it has them. */
  readonly samples: number;
  readonly classes?: readonly string[];
  /** The model input fed, and one sample's shape after preprocessing, as text ("1×28×28"). */
  readonly input: string;
  readonly sampleShape: string;
  /** The preprocessing used (images: the request's or the default fitted to the model). */
  readonly preprocessing?: ImagePreprocessing;
  /**
   * Up to `count` samples drawn as images (grey or RGB, after preprocessing), with their labels: images,
   * and tensors that look like images (MNIST [N, 1, 28, 28] or [N, 784]); none for other data (CSV).
   * Images come a class at a time (the first of each class, then the second, …).
   */
  readonly images: readonly {
    readonly width: number;
    readonly height: number;
    /** width × height RGBA pixels (transferred). */
    readonly rgba: ArrayBuffer;
    readonly label?: string;
  }[];
  /** Samples not drawn (CSV rows): their first values as fed, with their labels. */
  readonly rows?: readonly { readonly values: readonly number[]; readonly label?: string }[];
  /** How the data is fitted to the input (casts, quantization, singleton dims, scaling), as sentences. */
  readonly notes?: readonly string[];
  /** Why the dataset does not fit the model (naming the dimension), when it does not. */
  readonly problem?: string;
}

/**
 * What to evaluate a model on (all samples, or a seeded subset of `samples`). Non-image values become
 * (x·scale − mean) / std; images follow their own preprocessing.
 */
export interface EvaluateRequest {
  readonly source: EvaluateSource;
  readonly samples?: number;
  readonly scale?: number;
  readonly mean?: number;
  readonly std?: number;
  /** Another open model run on the same samples: agreement, MSE, SQNR, cosine against it. */
  readonly referenceId?: ModelId;
  /** Samples per run (default 64; models with a fixed batch dim are run that many at a time). */
  readonly batchSize?: number;
}

/** An evaluation's results (fractions 0..1) and where the time went, in ms. */
export interface EvaluateResult {
  readonly modelId: ModelId;
  readonly referenceId?: ModelId;
  /** 'mnist' or the data file's name. */
  readonly data: string;
  /** The runtime the model ran in, e.g. "onnxruntime-web (wasm, 4 threads)". */
  readonly runtime: string;
  readonly result: EvaluationResult;
  readonly timings: Readonly<Record<'load' | 'run' | 'total', number>>;
}

/** The evaluation calls of the engine besides `evaluate` (EngineApi extends it). */
export interface EvaluateApi {
  /**
   * The first `count` (at most 64) samples of a dataset as the model would get them, and whether the
   * dataset fits the model: a misfit comes back as `problem` (naming the dimension), not as a failure.
   * Unreadable files still fail. Only the images shown are decoded. Source buffers are transferred.
   */
  previewData(jobId: JobId, modelId: ModelId, request: EvaluateRequest, count: number): Promise<DataPreview>;
}
