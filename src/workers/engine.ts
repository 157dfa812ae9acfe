import { parseRecipe, RECIPE_PRESETS, recipeToJson, type ImageDecoder, type OperatorSpec, type Recipe } from '../core';
import { openFiles } from './engine-open';
import { OpenModels, totalBytes, type OpenedModel } from './engine-models';
import { reporter } from './engine-progress';
import { tensorStatsOf } from './engine-tensor-stats';
import { makeVariant, type MakeVariant } from './engine-variants';
import { evaluateModels, webRunners, type RunnerFactory } from './evaluate-job';
import { previewDataset } from './evaluate-preview';
import { decodeImageInBrowser } from './runtimes/image-decoder';
import { toFailure } from './failure';
import { JobRegistry, type Job } from './jobs';
import { layoutGraph } from './layout';
import type {
  CancelFlag,
  DataPreview,
  EngineApi,
  EvaluateRequest,
  EvaluateResult,
  InputFile,
  JobId,
  LayoutDirection,
  LayoutResult,
  ModelId,
  OpenResult,
  OutputFile,
  ProgressSink,
  QuantizeRequest,
  QuantizeVariantInfo,
  RecipeRequest,
  RecipeVariantInfo,
  TensorStatsView,
  VariantInfo,
  VariantResult,
  WeightComparison,
  MemberComparison,
} from './protocol';
import { quantizeMaking, recipeMaking } from './engine-variant-kinds';
import { compareWeights } from './weight-compare';
import { adoptVariantFiles } from './session-adopt';
import { compareMembers } from './compare-members';
import { layerErrorOf } from './layer-error-job';
import { sensitivityOf } from './sensitivity-job';
import { exportFilesOf, exportPreviewOf } from './export-job';
import { memoryPlanOf } from './memory-plan-job';
import type { MemoryPlanRequest, MemoryPlanView } from './protocol/memory';
import type { EditApi, EditFilesApi } from './protocol/edit';
import { ModelEditor } from './edit-models';
import type { ExportPreview, ExportRequest } from './protocol/export';
import type {
  AnalysisProgressSink,
  LayerErrorRequest,
  LayerErrorResult,
  SensitivityRequest,
  SensitivityResult,
} from './protocol/analysis';

/**
 * The engine: runs the core on files and keeps the opened models (IR, graph view, layouts) in memory by
 * id, variants included (each with its parent and recipe). It runs inside the engine worker, or
 * in-process for the CLI and tests; it never touches the DOM.
 */
export class Engine implements EngineApi {
  private readonly models = new OpenModels();
  private readonly jobs = new JobRegistry();
  private readonly editor = new ModelEditor(this.models);

  /**
   * `runners`: the runtimes models are evaluated in (default: the browser's, for the worker);
   * `decodeImage`: how image datasets are decoded (default: the browser's decoders).
   */
  constructor(
    private readonly runners: RunnerFactory = webRunners,
    private readonly decodeImage: ImageDecoder = decodeImageInBrowser,
  ) {}

  async openModel(jobId: JobId, files: readonly InputFile[], onProgress?: ProgressSink): Promise<OpenResult> {
    return this.jobs.run(jobId, (job) => openFiles(this.models, files, job, onProgress));
  }

  async quantize(
    jobId: JobId,
    modelId: ModelId,
    request: QuantizeRequest,
    onProgress?: ProgressSink,
    cancelFlag?: CancelFlag,
  ): Promise<VariantResult<QuantizeVariantInfo>> {
    return this.makeVariant(jobId, modelId, onProgress, cancelFlag, quantizeMaking(request));
  }

  async runRecipe(
    jobId: JobId,
    modelId: ModelId,
    request: RecipeRequest,
    onProgress?: ProgressSink,
    cancelFlag?: CancelFlag,
  ): Promise<VariantResult<RecipeVariantInfo>> {
    return this.makeVariant(jobId, modelId, onProgress, cancelFlag, recipeMaking(request));
  }

  async evaluate(
    jobId: JobId,
    modelId: ModelId,
    request: EvaluateRequest,
    onProgress?: ProgressSink,
    cancelFlag?: CancelFlag,
  ): Promise<EvaluateResult> {
    return this.jobs.run(
      jobId,
      async (job) => {
        const target = this.models.get(modelId);
        const reference = request.referenceId === undefined ? undefined : this.models.get(request.referenceId);
        try {
          return await evaluateModels(
            { ...target, modelId },
            reference && { ...reference, modelId: request.referenceId! },
            request,
            this.runners,
            job,
            reporter(onProgress, target.fileName),
            this.decodeImage,
          );
        } catch (error) {
          // A data file at fault is named by the core (DatasetError subject); anything else is the model.
          throw toFailure(error, target.fileName);
        }
      },
      cancelFlag,
    );
  }

  async previewData(jobId: JobId, modelId: ModelId, request: EvaluateRequest, count: number): Promise<DataPreview> {
    return this.jobs.run(jobId, async () => {
      const opened = this.models.get(modelId);
      try {
        return await previewDataset(opened.model, request, count, this.decodeImage);
      } catch (error) {
        throw toFailure(error, opened.fileName);
      }
    });
  }

  async layerError(
    jobId: JobId,
    modelId: ModelId,
    referenceId: ModelId,
    request: LayerErrorRequest,
    onProgress?: AnalysisProgressSink,
    cancelFlag?: CancelFlag,
  ): Promise<LayerErrorResult> {
    return this.jobs.run(
      jobId,
      async (job) => {
        const target = { ...this.models.get(modelId), modelId };
        const reference = { ...this.models.get(referenceId), modelId: referenceId };
        try {
          const report = reporter(onProgress, target.fileName);
          return await layerErrorOf(target, reference, request, this.runners, job, report, this.decodeImage);
        } catch (error) {
          throw toFailure(error, target.fileName);
        }
      },
      cancelFlag,
    );
  }

  async sensitivity(
    jobId: JobId,
    modelId: ModelId,
    request: SensitivityRequest,
    onProgress?: AnalysisProgressSink,
    cancelFlag?: CancelFlag,
  ): Promise<SensitivityResult> {
    return this.jobs.run(
      jobId,
      async (job) => {
        const base = { ...this.models.get(modelId), modelId };
        try {
          return await sensitivityOf(base, request, this.runners, job, onProgress, this.decodeImage);
        } catch (error) {
          throw toFailure(error, base.fileName);
        }
      },
      cancelFlag,
    );
  }

  async recipePresets(): Promise<Recipe[]> {
    return [...RECIPE_PRESETS];
  }

  async parseRecipe(text: string, fileName: string): Promise<Recipe> {
    try {
      return parseRecipe(text, fileName);
    } catch (error) {
      throw toFailure(error, fileName);
    }
  }

  async recipeToJson(recipe: Recipe): Promise<string> {
    try {
      return recipeToJson(recipe);
    } catch (error) {
      throw toFailure(error, recipe.name);
    }
  }

  async compareWeights(jobId: JobId, modelId: ModelId, nodeId: string, bins: number): Promise<WeightComparison | null> {
    return this.jobs.run(jobId, async (job) => {
      const opened = this.models.get(modelId);
      if (opened.parentId === undefined) return null;
      const parent = this.models.get(opened.parentId);
      await job.checkpoint();
      return compareWeights({
        modelId,
        parentId: opened.parentId,
        graph: opened.model.graph,
        parentGraph: parent.model.graph,
        nodeId,
        bins,
        ...(opened.variant?.kind === 'recipe' ? { steps: opened.variant.steps } : {}),
      });
    });
  }

  async compareMembers(jobId: JobId, aId: ModelId, bId: ModelId): Promise<MemberComparison> {
    return this.jobs.run(jobId, async (job) => {
      const a = this.models.get(aId);
      const b = this.models.get(bId);
      await job.checkpoint();
      return compareMembers({ modelId: aId, graph: a.model.graph }, { modelId: bId, graph: b.model.graph });
    });
  }

  async modelFiles(jobId: JobId, modelId: ModelId): Promise<OutputFile[]> {
    return this.jobs.run(jobId, async () => {
      const opened = this.models.get(modelId);
      // Copies: the open model's IR keeps viewing the originals.
      return opened.files.map((f) => ({ name: f.name, bytes: f.bytes.slice().buffer as ArrayBuffer }));
    });
  }

  async exportPreview(jobId: JobId, modelId: ModelId, request: ExportRequest): Promise<ExportPreview> {
    return this.onModel(jobId, modelId, (source, job) => exportPreviewOf(source, request, job));
  }

  async exportFiles(
    jobId: JobId,
    modelId: ModelId,
    request: ExportRequest,
    names: readonly string[],
    zipAs?: string,
  ): Promise<OutputFile[]> {
    return this.onModel(jobId, modelId, (source, job) => exportFilesOf(source, request, names, zipAs, job));
  }

  async memoryPlan(jobId: JobId, modelId: ModelId, request: MemoryPlanRequest): Promise<MemoryPlanView> {
    return this.onModel(jobId, modelId, (source, job) => memoryPlanOf(source, request, job));
  }

  async layout(
    jobId: JobId,
    modelId: ModelId,
    direction: LayoutDirection,
    onProgress?: ProgressSink,
  ): Promise<LayoutResult> {
    return this.jobs.run(jobId, async (job) => {
      const opened = this.models.get(modelId);
      const cached = opened.layouts.get(direction);
      // Positions are transferred to the caller, so each answer gets its own copy.
      if (cached) return { ...cached, positions: cached.positions.slice() };
      const report = reporter(onProgress, opened.fileName);
      report('layout', 0);
      await job.checkpoint();
      const result = await layoutGraph(opened.view, direction);
      await job.checkpoint();
      opened.layouts.set(direction, result);
      report('layout', 1);
      return { ...result, positions: result.positions.slice() };
    });
  }

  async tensorStats(jobId: JobId, modelId: ModelId, tensorId: string, bins: number): Promise<TensorStatsView> {
    return this.jobs.run(jobId, async (job: Job) => {
      const { model } = this.models.get(modelId);
      await job.checkpoint();
      return tensorStatsOf(model, modelId, tensorId, bins);
    });
  }

  async adoptVariant(
    jobId: JobId,
    parentId: ModelId,
    files: readonly InputFile[],
    variant: VariantInfo,
    onProgress?: ProgressSink,
  ): Promise<VariantResult> {
    return this.jobs.run(jobId, async (job) => {
      const parent = this.models.get(parentId);
      try {
        const modelId = this.models.newId();
        const input = { modelId, parentId, parentFileBytes: totalBytes(parent.files), files, variant };
        const { kept, result } = await adoptVariantFiles(input, job, reporter(onProgress, files[0]?.name ?? ''));
        this.models.set(modelId, { ...kept, layouts: new Map(), parentId });
        return result;
      } catch (error) {
        throw toFailure(error, files[0]?.name);
      }
    });
  }

  // Graph editing (edit-models.ts): each call is a job on the model, failures naming its file.
  readonly editModel: EditApi['editModel'] = (jobId, modelId, op) =>
    this.onModel(jobId, modelId, (_, job) => this.editor.edit(modelId, op, job));
  readonly undoEdit: EditApi['undoEdit'] = (jobId, modelId) =>
    this.onModel(jobId, modelId, (_, job) => this.editor.undo(modelId, job));
  readonly redoEdit: EditApi['redoEdit'] = (jobId, modelId) =>
    this.onModel(jobId, modelId, (_, job) => this.editor.redo(modelId, job));
  readonly replayEdits: EditApi['replayEdits'] = (jobId, modelId, done, undone) =>
    this.onModel(jobId, modelId, (_, job) => this.editor.replay(modelId, done, undone, job));
  readonly extractModel: EditApi['extractModel'] = (jobId, modelId, inputs, outputs) =>
    this.onModel(jobId, modelId, (_, job) => this.editor.extract(modelId, inputs, outputs, job));
  readonly originalFiles: EditFilesApi['originalFiles'] = (jobId, modelId) =>
    this.onModel(jobId, modelId, async () => this.editor.originalFiles(modelId));

  async operatorPalette(modelId: ModelId): Promise<OperatorSpec[]> {
    try {
      return this.editor.palette(modelId);
    } catch (error) {
      throw toFailure(error, modelId);
    }
  }

  async closeModel(modelId: ModelId): Promise<void> {
    this.models.close(modelId);
    this.editor.forgetClosed();
  }

  async openModels(): Promise<ModelId[]> {
    return this.models.ids();
  }

  async cancel(jobId: JobId): Promise<void> {
    this.jobs.cancel(jobId);
  }

  /** Runs job `jobId` making a variant of `modelId` with `make` (engine-variants.ts). */
  private makeVariant<V extends VariantInfo>(
    jobId: JobId,
    modelId: ModelId,
    onProgress: ProgressSink | undefined,
    cancelFlag: CancelFlag | undefined,
    make: MakeVariant<V>,
  ): Promise<VariantResult<V>> {
    return makeVariant({ models: this.models, jobs: this.jobs, jobId, modelId, onProgress, cancelFlag }, make);
  }

  /** Runs a job reading an open model (export, memory plan); failures name its file. */
  private onModel<T>(
    jobId: JobId,
    modelId: ModelId,
    work: (source: OpenedModel & { modelId: ModelId }, job: Job) => Promise<T>,
  ): Promise<T> {
    return this.jobs.run(jobId, async (job) => {
      const opened = this.models.get(modelId);
      try {
        return await work({ ...opened, modelId }, job);
      } catch (error) {
        throw toFailure(error, opened.fileName);
      }
    });
  }
}

/** A fresh engine with no models open; `runners` and `decodeImage` replace the browser's (tests). */
export function createEngine(runners?: RunnerFactory, decodeImage?: ImageDecoder): Engine {
  return new Engine(runners, decodeImage);
}
