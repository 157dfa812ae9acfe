// The engine's API, implemented by engine.ts and reached through client.ts.
import type { Recipe } from '../../core';
import type { JobId, CancelFlag, ModelId, LayoutDirection, ProgressSink, InputFile, OutputFile } from './base';
import type { LayoutResult, TensorStatsView, OpenResult } from './model';
import type { QuantizeRequest, QuantizeVariantInfo, RecipeVariantInfo, VariantResult, RecipeRequest } from './variants';
import type { WeightComparison } from './weights';
import type { EvaluateApi, EvaluateRequest, EvaluateResult } from './evaluate';
import type { CompareApi } from './compare';
import type { SessionApi } from './session';
import type { AnalysisApi } from './analysis';
import type { ExportApi } from './export';
import type { MemoryApi } from './memory';
import type { EditApi, EditFilesApi } from './edit';

/**
 * The engine's API. Every long call takes a job id first: `cancel(jobId)` asks it to stop, and it then
 * rejects with code 'cancelled' at its next checkpoint. Calls whose core work checks a cancel signal
 * (quantize, runRecipe, evaluate) also take the job's shared `cancelFlag` last, which stops them mid-step. Failures
 * reject with an `EngineFailure`.
 */
export interface EngineApi
  extends CompareApi, SessionApi, EvaluateApi, AnalysisApi, ExportApi, MemoryApi, EditApi, EditFilesApi {
  /** Parses the files (main model plus companions), infers shapes, analyses, and keeps the model open. */
  openModel(jobId: JobId, files: readonly InputFile[], onProgress?: ProgressSink): Promise<OpenResult>;
  /** Lays out the model's graph in the given direction. */
  layout(jobId: JobId, modelId: ModelId, direction: LayoutDirection, onProgress?: ProgressSink): Promise<LayoutResult>;
  /** Value statistics and a histogram of a constant tensor. */
  tensorStats(jobId: JobId, modelId: ModelId, tensorId: string, bins: number): Promise<TensorStatsView>;
  /**
   * Quantizes an open model into a new variant (calibrating first for static int8), kept open beside its
   * parent, which is never changed. Phases: calibrate (per batch), quantize, write, analysis, graph.
   */
  quantize(
    jobId: JobId,
    modelId: ModelId,
    request: QuantizeRequest,
    onProgress?: ProgressSink,
    cancelFlag?: CancelFlag,
  ): Promise<VariantResult<QuantizeVariantInfo>>;
  /**
   * Runs a recipe on an open model into a new variant, kept open beside its parent (never changed). Phases:
   * step (per step, with its index and the share of it done), write, shapes, analysis, graph.
   */
  runRecipe(
    jobId: JobId,
    modelId: ModelId,
    request: RecipeRequest,
    onProgress?: ProgressSink,
    cancelFlag?: CancelFlag,
  ): Promise<VariantResult<RecipeVariantInfo>>;
  /**
   * Evaluates an open model (or variant) on a dataset in the worker's runtime for its format (ONNX:
   * onnxruntime-web, TFLite: the tfjs-tflite interpreter, TF.js: TensorFlow.js), optionally against a
   * reference model. Phases: read (images decoded, per image), then evaluate (per batch); a cancel lands
   * between images and between batches.
   */
  evaluate(
    jobId: JobId,
    modelId: ModelId,
    request: EvaluateRequest,
    onProgress?: ProgressSink,
    cancelFlag?: CancelFlag,
  ): Promise<EvaluateResult>;
  /** The built-in recipes (presets). */
  recipePresets(): Promise<Recipe[]>;
  /** Checks a recipe file's text; rejects with 'invalid-recipe' naming the file, the step and the field. */
  parseRecipe(text: string, fileName: string): Promise<Recipe>;
  /** A recipe as the text of its .json file. */
  recipeToJson(recipe: Recipe): Promise<string>;
  /**
   * Histograms of a variant node's weight and of the same weight in the variant's parent, on common bins,
   * with the cluster centroids or quantization grid it was restricted to; null when the node has no weight
   * (or no counterpart in the parent).
   */
  compareWeights(jobId: JobId, modelId: ModelId, nodeId: string, bins: number): Promise<WeightComparison | null>;
  /** The files of an open model as the studio would save them (a variant: its quantized file). */
  modelFiles(jobId: JobId, modelId: ModelId): Promise<OutputFile[]>;
  /** Forgets a model and every variant derived from it. */
  closeModel(modelId: ModelId): Promise<void>;
  /** Ids of the models kept open. */
  openModels(): Promise<ModelId[]>;
  /** Asks a running job to stop. Unknown or finished jobs are ignored. */
  cancel(jobId: JobId): Promise<void>;
}
