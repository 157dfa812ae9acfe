/**
 * The one way the UI (and tests) talk to the engine. It runs the engine in a Web Worker, or in-process
 * (Vitest, the CLI): same API either way. AbortSignals become `cancel(jobId)` calls (and, in a cross-origin
 * isolated page, a raised shared cancel flag); failures become `EngineError`s carrying the core's stable codes.
 */
import * as Comlink from 'comlink';
import type { ImageDecoder, Recipe } from '../core';
import { newCancelFlag, raiseCancelFlag } from './cancel-flag';
import { editClientOver, type EditClient } from './client-edit';
import type { RunnerFactory } from './evaluate-job';
import {
  isEngineFailure,
  sourceBuffers,
  type CalibrationRequest,
  type CancelFlag,
  type DataPreview,
  type EngineApi,
  type EngineErrorCode,
  type EvaluateRequest,
  type EvaluateResult,
  type InputFile,
  type JobId,
  type LayoutDirection,
  type LayoutResult,
  type ModelId,
  type OpenResult,
  type OutputFile,
  type Progress,
  type QuantizeRequest,
  type QuantizeVariantInfo,
  type RecipeRequest,
  type RecipeVariantInfo,
  type TensorStatsView,
  type VariantInfo,
  type VariantResult,
  type WeightComparison,
  type MemberComparison,
  type AnalysisProgressSink,
  type LayerErrorRequest,
  type LayerErrorResult,
  type SensitivityRequest,
  type SensitivityResult,
  type ExportPreview,
  type ExportRequest,
  type MemoryPlanRequest,
  type MemoryPlanView,
} from './protocol';

export type { EditClient, EditJobOptions } from './client-edit';

/** An engine failure on the client side: `code` is stable and keys the UI's messages table. */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly subject?: string,
  ) {
    super(message);
  }

  /** Any rejection value as an EngineError. */
  static from(error: unknown): EngineError {
    if (error instanceof EngineError) return error;
    if (isEngineFailure(error)) return new EngineError(error.code, error.message, error.subject);
    const message = error instanceof Error ? error.message : String(error);
    return new EngineError('internal', message || 'unexpected error');
  }
}

/** True when a job ended because it was cancelled. */
export function isCancelled(error: unknown): boolean {
  return error instanceof EngineError && error.code === 'cancelled';
}

export interface JobOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: Progress) => void;
}

/** Options of an analysis job: its progress says which layer is being tried. */
export type AnalysisJobOptions = Omit<JobOptions, 'onProgress'> & { readonly onProgress?: AnalysisProgressSink };

/** The engine's calls as the UI makes them (graph editing: client-edit.ts). */
export interface EngineClient extends EditClient {
  /** Opens a model from its files; their buffers are transferred to the engine (unusable afterwards). */
  openModel(files: readonly InputFile[], options?: JobOptions): Promise<OpenResult>;
  layout(modelId: ModelId, direction: LayoutDirection, options?: JobOptions): Promise<LayoutResult>;
  tensorStats(
    modelId: ModelId,
    tensorId: string,
    options?: JobOptions & { readonly bins?: number },
  ): Promise<TensorStatsView>;
  /**
   * Quantizes an open model into a new variant; the calibration file's buffer (if any) is transferred.
   * Aborting the signal cancels it between calibration batches and between phases; no variant is kept.
   */
  quantize(
    modelId: ModelId,
    request: QuantizeRequest,
    options?: JobOptions,
  ): Promise<VariantResult<QuantizeVariantInfo>>;
  /**
   * Runs a recipe on an open model into a new variant; the calibration file's buffer (if any) is
   * transferred. Aborting the signal cancels it between steps and calibration batches, and between layers
   * inside a step when the page is cross-origin isolated; no variant is kept.
   */
  runRecipe(modelId: ModelId, request: RecipeRequest, options?: JobOptions): Promise<VariantResult<RecipeVariantInfo>>;
  /**
   * Evaluates an open model (or variant) on a dataset, optionally against a reference model; the data
   * file's buffer is transferred. Aborting the signal cancels it between batches.
   */
  evaluate(modelId: ModelId, request: EvaluateRequest, options?: JobOptions): Promise<EvaluateResult>;
  /**
   * The first `count` samples of a dataset as the model would get them, and whether it fits the model (a
   * misfit is `problem`, not a failure); the source's buffers are transferred.
   */
  previewData(modelId: ModelId, request: EvaluateRequest, count: number, options?: JobOptions): Promise<DataPreview>;
  /**
   * Per-layer error of `modelId` against `referenceId` (two members of a family) on a dataset; the data
   * file's buffer is transferred. Aborting the signal cancels it between batches.
   */
  layerError(
    modelId: ModelId,
    referenceId: ModelId,
    request: LayerErrorRequest,
    options?: AnalysisJobOptions,
  ): Promise<LayerErrorResult>;
  /**
   * Sensitivity analysis of a float model (one layer quantized at a time); the data and calibration
   * buffers are transferred. Aborting the signal cancels it between batches. No variant is kept.
   */
  sensitivity(modelId: ModelId, request: SensitivityRequest, options?: AnalysisJobOptions): Promise<SensitivityResult>;
  /** The built-in recipes. */
  recipePresets(): Promise<Recipe[]>;
  /** Checks a recipe file's text (an EngineError 'invalid-recipe' names the file, the step and the field). */
  parseRecipe(text: string, fileName: string): Promise<Recipe>;
  /** A recipe as the text of its .json file. */
  recipeToJson(recipe: Recipe): Promise<string>;
  /** A variant node's weight against its parent's, on common bins; null when there is nothing to compare. */
  compareWeights(
    modelId: ModelId,
    nodeId: string,
    options?: JobOptions & { readonly bins?: number },
  ): Promise<WeightComparison | null>;
  /** Model B against model A, layer by layer: weight bytes, sparsity, how far each weight moved. */
  compareMembers(aId: ModelId, bId: ModelId, options?: JobOptions): Promise<MemberComparison>;
  /**
   * Reopens a saved variant of the open model `parentId` from its files (transferred) and the record saved
   * with it: the answer is what making it answered, with new ids (restoring a session or a project).
   */
  adoptVariant(
    parentId: ModelId,
    files: readonly InputFile[],
    variant: VariantInfo,
    options?: JobOptions,
  ): Promise<VariantResult>;
  /** The files of an open model (a variant: its quantized file), as they would be saved. */
  modelFiles(modelId: ModelId): Promise<OutputFile[]>;
  /** An export's preview (header top, flash, arena, files and sizes); the request's chart buffers are transferred. */
  exportPreview(modelId: ModelId, request: ExportRequest, options?: JobOptions): Promise<ExportPreview>;
  /** Files of an export by name, or one .zip of them named `zipAs`; chart buffers are transferred. */
  exportFiles(
    modelId: ModelId,
    request: ExportRequest,
    names: readonly string[],
    zipAs?: string,
    options?: JobOptions,
  ): Promise<OutputFile[]>;
  /**
   * The memory view of an open model (or variant): plan, fit on the board, suggestions, patch estimate.
   * Aborting the signal cancels it between stages.
   */
  memoryPlan(modelId: ModelId, request: MemoryPlanRequest, options?: JobOptions): Promise<MemoryPlanView>;
  /** Forgets a model and its variants. */
  closeModel(modelId: ModelId): Promise<void>;
  openModels(): Promise<ModelId[]>;
  /** False once the worker has died; callers then make a new client. */
  readonly alive: boolean;
  /** Stops the worker (in-process: forgets the engine). */
  dispose(): void;
}

const DEFAULT_BINS = 48;

interface Transport {
  readonly api: EngineApi | Comlink.Remote<EngineApi>;
  /** Marks buffers for transfer / callbacks for proxying; identity in-process. */
  readonly transfer: <T>(value: T, buffers: Transferable[]) => T;
  readonly callback: <F extends (...args: never[]) => unknown>(fn: F) => F;
  /** A job's shared cancel flag, or undefined where cancels go by message only (cancel-flag.ts). */
  readonly cancelFlag: () => CancelFlag | undefined;
  /** Rejects when the transport dies (a crashed worker), so no call waits forever. */
  readonly dead: Promise<never>;
  readonly dispose: () => void;
}

function clientOver(transport: Transport): EngineClient {
  const { api } = transport;
  let nextJob = 1;
  let alive = true;
  transport.dead.catch(() => {
    alive = false;
  });

  /**
   * Runs one job: `start` sends it with its id and, where memory can be shared, its cancel flag. An abort
   * raises the flag (seen by the engine between layers), sends `cancel` (seen at its next checkpoint) and
   * rejects at once.
   */
  async function run<T>(
    options: JobOptions | undefined,
    start: (jobId: JobId, cancelFlag?: CancelFlag) => Promise<T>,
  ): Promise<T> {
    const signal = options?.signal;
    if (signal?.aborted) throw new EngineError('cancelled', 'the operation was cancelled');
    const jobId = `j${nextJob++}`;
    const flag = signal ? transport.cancelFlag() : undefined;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        if (flag) raiseCancelFlag(flag);
        void Promise.resolve(api.cancel(jobId)).catch(() => undefined);
        reject(new EngineError('cancelled', 'the operation was cancelled'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    const job = start(jobId, flag);
    // The job may still settle after an abort won the race; nobody listens then.
    job.catch(() => undefined);
    aborted.catch(() => undefined);
    try {
      return await Promise.race([job, aborted, transport.dead]);
    } catch (error) {
      throw EngineError.from(error);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  const progress = (options: JobOptions | undefined) =>
    options?.onProgress ? transport.callback(options.onProgress) : undefined;
  // A calibration file's buffer is transferred with the request, not copied.
  const withData = <R extends { readonly calibration?: CalibrationRequest }>(request: R): R => {
    const file = request.calibration?.source.file;
    return file ? transport.transfer(request, [file.bytes]) : request;
  };

  const withCharts = (request: ExportRequest): ExportRequest =>
    transport.transfer(
      request,
      (request.charts ?? []).map((c) => c.bytes),
    );

  return {
    ...editClientOver(api, run),
    openModel: (files, options) =>
      run(options, (jobId) =>
        api.openModel(
          jobId,
          transport.transfer(
            files,
            files.map((f) => f.bytes),
          ),
          progress(options),
        ),
      ) as Promise<OpenResult>,
    layout: (modelId, direction, options) =>
      run(options, (jobId) => api.layout(jobId, modelId, direction, progress(options))) as Promise<LayoutResult>,
    tensorStats: (modelId, tensorId, options) =>
      run(options, (jobId) =>
        api.tensorStats(jobId, modelId, tensorId, options?.bins ?? DEFAULT_BINS),
      ) as Promise<TensorStatsView>,
    quantize: (modelId, request, options) =>
      run(options, (jobId, flag) =>
        api.quantize(jobId, modelId, withData(request), progress(options), flag),
      ) as Promise<VariantResult<QuantizeVariantInfo>>,
    runRecipe: (modelId, request, options) =>
      run(options, (jobId, flag) =>
        api.runRecipe(jobId, modelId, withData(request), progress(options), flag),
      ) as Promise<VariantResult<RecipeVariantInfo>>,
    evaluate: (modelId, request, options) =>
      run(options, (jobId, flag) =>
        api.evaluate(
          jobId,
          modelId,
          transport.transfer(request, sourceBuffers(request.source)),
          progress(options),
          flag,
        ),
      ) as Promise<EvaluateResult>,
    previewData: (modelId, request, count, options) =>
      run(options, (jobId) =>
        api.previewData(jobId, modelId, transport.transfer(request, sourceBuffers(request.source)), count),
      ) as Promise<DataPreview>,
    layerError: (modelId, referenceId, request, options) =>
      run({ ...(options?.signal ? { signal: options.signal } : {}) }, (jobId, flag) =>
        api.layerError(
          jobId,
          modelId,
          referenceId,
          transport.transfer(request, sourceBuffers(request.source)),
          options?.onProgress ? transport.callback(options.onProgress) : undefined,
          flag,
        ),
      ) as Promise<LayerErrorResult>,
    sensitivity: (modelId, request, options) =>
      run({ ...(options?.signal ? { signal: options.signal } : {}) }, (jobId, flag) => {
        // The same buffer may hold both the data and the calibration digits: transfer it once.
        const file = request.calibration?.source.file;
        const buffers = [...new Set([...sourceBuffers(request.source), ...(file ? [file.bytes] : [])])];
        return api.sensitivity(
          jobId,
          modelId,
          transport.transfer(request, buffers),
          options?.onProgress ? transport.callback(options.onProgress) : undefined,
          flag,
        );
      }) as Promise<SensitivityResult>,
    recipePresets: () => run(undefined, () => api.recipePresets()) as Promise<Recipe[]>,
    parseRecipe: (text, fileName) => run(undefined, () => api.parseRecipe(text, fileName)) as Promise<Recipe>,
    recipeToJson: (recipe) => run(undefined, () => api.recipeToJson(recipe)) as Promise<string>,
    compareWeights: (modelId, nodeId, options) =>
      run(options, (jobId) =>
        api.compareWeights(jobId, modelId, nodeId, options?.bins ?? DEFAULT_BINS),
      ) as Promise<WeightComparison | null>,
    compareMembers: (aId, bId, options) =>
      run(options, (jobId) => api.compareMembers(jobId, aId, bId)) as Promise<MemberComparison>,
    adoptVariant: (parentId, files, variant, options) =>
      run(options, (jobId) =>
        api.adoptVariant(
          jobId,
          parentId,
          transport.transfer(
            files,
            files.map((f) => f.bytes),
          ),
          variant,
          progress(options),
        ),
      ) as Promise<VariantResult>,
    modelFiles: (modelId) => run(undefined, (jobId) => api.modelFiles(jobId, modelId)) as Promise<OutputFile[]>,
    exportPreview: (modelId, request, options) =>
      run(options, (jobId) => api.exportPreview(jobId, modelId, withCharts(request))) as Promise<ExportPreview>,
    exportFiles: (modelId, request, names, zipAs, options) =>
      run(options, (jobId) => api.exportFiles(jobId, modelId, withCharts(request), names, zipAs)) as Promise<
        OutputFile[]
      >,
    memoryPlan: (modelId, request, options) =>
      run(options, (jobId) => api.memoryPlan(jobId, modelId, request)) as Promise<MemoryPlanView>,
    closeModel: (modelId) => run(undefined, () => api.closeModel(modelId)),
    openModels: () => run(undefined, () => api.openModels()),
    get alive() {
      return alive;
    },
    dispose: () => {
      alive = false;
      transport.dispose();
    },
  };
}

/** An engine in a Web Worker: the app's normal mode. */
export function createWorkerClient(): EngineClient {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
  const dead = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      reject(new EngineError('internal', `the engine stopped unexpectedly (${event.message || 'worker error'})`));
    });
  });
  dead.catch(() => undefined);
  const api = Comlink.wrap<EngineApi>(worker);
  return clientOver({
    api,
    transfer: (value, buffers) => Comlink.transfer(value, buffers),
    callback: (fn) => Comlink.proxy(fn),
    cancelFlag: newCancelFlag,
    dead,
    dispose: () => {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  });
}

/**
 * An engine running on the caller's thread (tests, CLI); loaded on demand so the page bundle stays lean.
 * `runners`: the runtime evaluations use instead of onnxruntime-web (e.g. the reference executor in Node).
 * `decodeImage`: the image decoder image datasets use instead of the browser's.
 */
export async function createInProcessClient(
  runners?: RunnerFactory,
  decodeImage?: ImageDecoder,
): Promise<EngineClient> {
  const { createEngine } = await import('./engine');
  return clientOver({
    api: createEngine(runners, decodeImage),
    transfer: (value) => value,
    callback: (fn) => fn,
    // The engine shares the caller's thread: a cancel reaches it directly, no flag needed.
    cancelFlag: () => undefined,
    dead: new Promise<never>(() => undefined),
    dispose: () => undefined,
  });
}
