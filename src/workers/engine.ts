import {
  detectFormat,
  formatShape,
  parseRecipe,
  RECIPE_PRESETS,
  realValues,
  recipeToJson,
  statsOf,
  type ImageDecoder,
  type Model,
  type ModelFile,
  type ModelFormat,
  type Recipe,
} from '../core';
import { describeModel } from './describe';
import { evaluateModels, webRunners, type RunnerFactory } from './evaluate-job';
import { previewDataset } from './evaluate-preview';
import { decodeImageInBrowser } from './runtimes/image-decoder';
import { failure, toFailure } from './failure';
import { constantTensor, withBadges } from './graph-view';
import { JobRegistry, type Job } from './jobs';
import { layoutGraph } from './layout';
import type {
  CalibrationRecord,
  CancelFlag,
  DataPreview,
  EngineApi,
  EvaluateRequest,
  EvaluateResult,
  GraphView,
  InputFile,
  JobId,
  LayoutDirection,
  LayoutResult,
  ModelId,
  OpenResult,
  OutputFile,
  ProgressPhase,
  ProgressSink,
  QuantizeRequest,
  QuantizeVariantInfo,
  RecipeRequest,
  RecipeStep,
  RecipeVariantInfo,
  StepProgress,
  TensorStatsView,
  VariantInfo,
  VariantResult,
  WeightComparison,
  MemberComparison,
} from './protocol';
import { MODE_LABELS, quantizeParent } from './quantize-job';
import { runRecipeOn } from './recipe-job';
import { layerBadges, weightLayerViews, zeroedWeights } from './variant-weights';
import { compareWeights } from './weight-compare';
import { adoptVariantFiles } from './session-adopt';
import { compareMembers } from './compare-members';
import { layerErrorOf } from './layer-error-job';
import { sensitivityOf } from './sensitivity-job';
import { exportFilesOf, exportPreviewOf } from './export-job';
import type { ExportPreview, ExportRequest } from './protocol/export';
import type {
  AnalysisProgressSink,
  LayerErrorRequest,
  LayerErrorResult,
  SensitivityRequest,
  SensitivityResult,
} from './protocol/analysis';

interface OpenedModel {
  readonly model: Model;
  readonly format: ModelFormat;
  readonly fileName: string;
  /** The files the model was read from (its IR views their bytes). */
  readonly files: readonly ModelFile[];
  readonly view: GraphView;
  readonly layouts: Map<LayoutDirection, LayoutResult>;
  /** For a variant: the model it was derived from, and how. */
  readonly parentId?: ModelId;
  readonly recipe: readonly RecipeStep[];
  readonly variant?: VariantInfo;
}

// Progress messages cross the worker boundary; a handful per stage is enough for a smooth bar.
const PROGRESS_STEP = 0.02;

function reporter(onProgress: ProgressSink | undefined, fileName: string) {
  let last: { phase: ProgressPhase; fraction: number; step?: number } | undefined;
  return (phase: ProgressPhase, fraction: number, step?: StepProgress): void => {
    if (!onProgress) return;
    // A new recipe step is a new stage: its first report always goes out.
    const same = last && last.phase === phase && last.step === step?.index;
    if (same && fraction < 1 && fraction - last!.fraction < PROGRESS_STEP) return;
    last = { phase, fraction, ...(step ? { step: step.index } : {}) };
    void onProgress({ phase, fraction: Math.min(1, Math.max(0, fraction)), fileName, ...(step ? { step } : {}) });
  };
}

/** The fields every variant has, whatever made it. */
type VariantCommon = Pick<
  VariantInfo,
  'modelId' | 'parentId' | 'label' | 'recipe' | 'calibration' | 'fileBytes' | 'parentFileBytes'
>;

/** What a variant-making job hands back: the model it wrote and read back, and how to describe it. */
interface VariantMaking<V extends VariantInfo> {
  readonly made: {
    readonly model: Model;
    readonly files: ModelFile[];
    readonly fileName: string;
    readonly parseMs: number;
    readonly calibration?: CalibrationRecord;
  };
  readonly label: string;
  readonly lineage: readonly RecipeStep[];
  readonly finish: (base: VariantCommon, graph: GraphView) => { graph: GraphView; variant: V };
}

const totalBytes = (files: readonly { readonly bytes: { readonly byteLength: number } }[]): number =>
  files.reduce((sum, f) => sum + f.bytes.byteLength, 0);

/**
 * The engine: runs the core on files and keeps the opened models (IR, graph view, layouts) in memory by
 * id, variants included (each with its parent and recipe). It runs inside the engine worker, or
 * in-process for the CLI and tests; it never touches the DOM.
 */
export class Engine implements EngineApi {
  private readonly models = new Map<ModelId, OpenedModel>();
  private readonly jobs = new JobRegistry();
  private nextModel = 1;

  /**
   * `runners`: the runtimes models are evaluated in (default: the browser's, for the worker);
   * `decodeImage`: how image datasets are decoded (default: the browser's decoders).
   */
  constructor(
    private readonly runners: RunnerFactory = webRunners,
    private readonly decodeImage: ImageDecoder = decodeImageInBrowser,
  ) {}

  async openModel(jobId: JobId, files: readonly InputFile[], onProgress?: ProgressSink): Promise<OpenResult> {
    const first = files[0]?.name;
    return this.jobs.run(jobId, async (job) => {
      try {
        const modelFiles: ModelFile[] = files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }));
        const { format, main, companions } = detectFormat(modelFiles);
        const report = reporter(onProgress, main.name);
        report('parse', 0);
        await job.checkpoint();
        const started = performance.now();
        const ordered = [main, ...companions];
        const model = format.read(ordered, { onProgress: (f) => report('parse', f) });
        const parseMs = performance.now() - started;
        const modelId = `m${this.nextModel++}`;
        const result = await describeModel(
          { modelId, format, model, mainFile: main.name, files: modelFiles, parseMs },
          job,
          report,
        );
        this.models.set(modelId, {
          model,
          format,
          fileName: main.name,
          files: ordered,
          view: result.graph,
          layouts: new Map(),
          recipe: [],
        });
        return result;
      } catch (error) {
        throw toFailure(error, first);
      }
    });
  }

  async quantize(
    jobId: JobId,
    modelId: ModelId,
    request: QuantizeRequest,
    onProgress?: ProgressSink,
    cancelFlag?: CancelFlag,
  ): Promise<VariantResult<QuantizeVariantInfo>> {
    return this.makeVariant(jobId, modelId, onProgress, cancelFlag, async (parent, job, report) => {
      const made = await quantizeParent(parent, request, job, report);
      return {
        made,
        label: MODE_LABELS[request.settings.mode].label,
        lineage: made.recipe,
        finish: (base, graph) => ({
          graph,
          variant: { ...base, kind: 'quantize', report: made.report, timings: made.timings },
        }),
      };
    });
  }

  async runRecipe(
    jobId: JobId,
    modelId: ModelId,
    request: RecipeRequest,
    onProgress?: ProgressSink,
    cancelFlag?: CancelFlag,
  ): Promise<VariantResult<RecipeVariantInfo>> {
    return this.makeVariant(jobId, modelId, onProgress, cancelFlag, async (parent, job, report) => {
      const made = await runRecipeOn(parent, request, job, report);
      return {
        made,
        label: made.recipe.name.trim() || 'Recipe',
        lineage: made.lineage,
        finish: (base, described) => {
          const layers = weightLayerViews(made.model.graph, made.steps);
          return {
            // Badges go on before the layout, which sizes the nodes.
            graph: withBadges(described, layerBadges(layers, zeroedWeights(made.steps))),
            variant: {
              ...base,
              kind: 'recipe',
              recipeRun: made.recipe,
              steps: made.steps,
              layers,
              timings: made.timings,
            },
          };
        },
      };
    });
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
        const target = this.get(modelId);
        const reference = request.referenceId === undefined ? undefined : this.get(request.referenceId);
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
      const opened = this.get(modelId);
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
        const target = { ...this.get(modelId), modelId };
        const reference = { ...this.get(referenceId), modelId: referenceId };
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
        const base = { ...this.get(modelId), modelId };
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
      const opened = this.get(modelId);
      if (opened.parentId === undefined) return null;
      const parent = this.get(opened.parentId);
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
      const a = this.get(aId);
      const b = this.get(bId);
      await job.checkpoint();
      return compareMembers({ modelId: aId, graph: a.model.graph }, { modelId: bId, graph: b.model.graph });
    });
  }

  async modelFiles(jobId: JobId, modelId: ModelId): Promise<OutputFile[]> {
    return this.jobs.run(jobId, async () => {
      const opened = this.get(modelId);
      // Copies: the open model's IR keeps viewing the originals.
      return opened.files.map((f) => ({ name: f.name, bytes: f.bytes.slice().buffer as ArrayBuffer }));
    });
  }

  async exportPreview(jobId: JobId, modelId: ModelId, request: ExportRequest): Promise<ExportPreview> {
    return this.exporting(jobId, modelId, (source, job) => exportPreviewOf(source, request, job));
  }

  async exportFiles(
    jobId: JobId,
    modelId: ModelId,
    request: ExportRequest,
    names: readonly string[],
    zipAs?: string,
  ): Promise<OutputFile[]> {
    return this.exporting(jobId, modelId, (source, job) => exportFilesOf(source, request, names, zipAs, job));
  }

  async layout(
    jobId: JobId,
    modelId: ModelId,
    direction: LayoutDirection,
    onProgress?: ProgressSink,
  ): Promise<LayoutResult> {
    return this.jobs.run(jobId, async (job) => {
      const opened = this.get(modelId);
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
      const { model } = this.get(modelId);
      const tensor = constantTensor(model.graph, tensorId);
      if (!tensor) throw failure('unknown-tensor', `${tensorId} is not a constant of this model`, tensorId);
      await job.checkpoint();
      // Quantized weights are summarised by the real values they stand for (scale × (q − zero point)).
      const real = realValues(tensor);
      if (!real) {
        const why = tensor.data?.external
          ? `its values live in ${tensor.data.external.location}, which was not opened with the model`
          : `its ${tensor.dtype} values cannot be summarised`;
        throw failure('no-data', `${tensor.name}: ${why}`, tensor.name);
      }
      const stats = statsOf(real.values, Math.max(1, Math.floor(bins)));
      return {
        dequantized: real.dequantized,
        modelId,
        tensorId,
        name: tensor.name,
        dtype: tensor.dtype,
        shapeText: formatShape(tensor.shape),
        ...stats,
        histogram: { edges: [...stats.histogram.edges], counts: [...stats.histogram.counts] },
      };
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
      const parent = this.get(parentId);
      try {
        const modelId = `m${this.nextModel++}`;
        const input = { modelId, parentId, parentFileBytes: totalBytes(parent.files), files, variant };
        const { kept, result } = await adoptVariantFiles(input, job, reporter(onProgress, files[0]?.name ?? ''));
        this.models.set(modelId, { ...kept, layouts: new Map(), parentId });
        return result;
      } catch (error) {
        throw toFailure(error, files[0]?.name);
      }
    });
  }

  async closeModel(modelId: ModelId): Promise<void> {
    const gone = new Set([modelId]);
    // Variants go with the model they were derived from (their parents come before them in the map).
    for (const [id, opened] of this.models)
      if (opened.parentId !== undefined && gone.has(opened.parentId)) gone.add(id);
    for (const id of gone) this.models.delete(id);
  }

  async openModels(): Promise<ModelId[]> {
    return [...this.models.keys()];
  }

  async cancel(jobId: JobId): Promise<void> {
    this.jobs.cancel(jobId);
  }

  /**
   * Runs job `jobId` making a variant of `modelId` with `make`, describes the model it made, and keeps it
   * open beside its parent. What is common to every variant (ids, label, lineage, calibration, sizes) is
   * filled in here; `finish` adds the rest and may decorate the graph.
   */
  private makeVariant<V extends VariantInfo>(
    jobId: JobId,
    modelId: ModelId,
    onProgress: ProgressSink | undefined,
    cancelFlag: CancelFlag | undefined,
    make: (parent: OpenedModel, job: Job, report: ReturnType<typeof reporter>) => Promise<VariantMaking<V>>,
  ): Promise<VariantResult<V>> {
    return this.jobs.run(
      jobId,
      async (job) => {
        const parent = this.get(modelId);
        try {
          const report = reporter(onProgress, parent.fileName);
          const { made, label, lineage, finish } = await make(parent, job, report);
          const id = `m${this.nextModel++}`;
          const described = await describeModel(
            {
              modelId: id,
              format: parent.format,
              model: made.model,
              mainFile: made.fileName,
              files: made.files,
              parseMs: made.parseMs,
            },
            job,
            report,
          );
          const base: VariantCommon = {
            modelId: id,
            parentId: modelId,
            label: this.label(modelId, label),
            recipe: lineage,
            ...(made.calibration ? { calibration: made.calibration } : {}),
            fileBytes: totalBytes(made.files),
            parentFileBytes: totalBytes(parent.files),
          };
          const { graph, variant } = finish(base, described.graph);
          this.models.set(id, {
            model: made.model,
            format: parent.format,
            fileName: made.fileName,
            files: made.files,
            view: graph,
            layouts: new Map(),
            parentId: modelId,
            recipe: lineage,
            variant,
          });
          return { ...described, graph, variant };
        } catch (error) {
          // A data file at fault is named by the core; anything else is about the model.
          throw toFailure(error, parent.fileName);
        }
      },
      cancelFlag,
    );
  }

  /** Runs an export job on an open model; failures name its file. */
  private exporting<T>(
    jobId: JobId,
    modelId: ModelId,
    work: (source: OpenedModel & { modelId: ModelId }, job: Job) => Promise<T>,
  ): Promise<T> {
    return this.jobs.run(jobId, async (job) => {
      const opened = this.get(modelId);
      try {
        return await work({ ...opened, modelId }, job);
      } catch (error) {
        throw toFailure(error, opened.fileName);
      }
    });
  }

  /** `base`, numbered when the model already has a variant of that name: "int8 static 2". */
  private label(parentId: ModelId, base: string): string {
    const siblings = [...this.models.values()].filter((m) => m.parentId === parentId).map((m) => m.variant?.label);
    if (!siblings.includes(base)) return base;
    let n = 2;
    while (siblings.includes(`${base} ${n}`)) n++;
    return `${base} ${n}`;
  }

  private get(modelId: ModelId): OpenedModel {
    const opened = this.models.get(modelId);
    if (!opened) throw failure('unknown-model', `model ${modelId} is not open (it may have been closed)`, modelId);
    return opened;
  }
}

/** A fresh engine with no models open; `runners` and `decodeImage` replace the browser's (tests). */
export function createEngine(runners?: RunnerFactory, decodeImage?: ImageDecoder): Engine {
  return new Engine(runners, decodeImage);
}
