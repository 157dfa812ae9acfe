import {
  analyzeModel,
  detectFormat,
  inferShapes,
  realValues,
  statsOf,
  typeLookup,
  formatShape,
  type Model,
  type ModelFile,
} from '../core';
import { failure, toFailure } from './failure';
import { buildGraphView, constantTensor } from './graph-view';
import { JobRegistry, type Job } from './jobs';
import { layoutGraph } from './layout';
import type {
  EngineApi,
  GraphView,
  InputFile,
  JobId,
  LayoutDirection,
  LayoutResult,
  ModelId,
  OpenResult,
  ProgressPhase,
  ProgressSink,
  TensorStatsView,
} from './protocol';
import { buildSummary } from './summary';

interface OpenedModel {
  readonly model: Model;
  readonly fileName: string;
  readonly view: GraphView;
  readonly layouts: Map<LayoutDirection, LayoutResult>;
}

// Progress messages cross the worker boundary; a handful per stage is enough for a smooth bar.
const PROGRESS_STEP = 0.02;

function reporter(onProgress: ProgressSink | undefined, fileName: string) {
  let last: { phase: ProgressPhase; fraction: number } | undefined;
  return (phase: ProgressPhase, fraction: number): void => {
    if (!onProgress) return;
    if (last && last.phase === phase && fraction < 1 && fraction - last.fraction < PROGRESS_STEP) return;
    last = { phase, fraction };
    void onProgress({ phase, fraction: Math.min(1, Math.max(0, fraction)), fileName });
  };
}

/**
 * The engine: runs the core on files and keeps the opened models (IR, graph view, layouts) in memory by
 * id. It runs inside the engine worker, or in-process for the CLI and tests; it never touches the DOM.
 */
export class Engine implements EngineApi {
  private readonly models = new Map<ModelId, OpenedModel>();
  private readonly jobs = new JobRegistry();
  private nextModel = 1;

  async openModel(jobId: JobId, files: readonly InputFile[], onProgress?: ProgressSink): Promise<OpenResult> {
    const first = files[0]?.name;
    return this.jobs.run(jobId, async (job) => {
      try {
        const modelFiles: ModelFile[] = files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }));
        const { format, main, companions } = detectFormat(modelFiles);
        const report = reporter(onProgress, main.name);
        report('parse', 0);
        await job.checkpoint();
        let started = performance.now();
        const model = format.read([main, ...companions], { onProgress: (f) => report('parse', f) });
        const parseMs = performance.now() - started;
        report('shapes', 0);
        await job.checkpoint();
        started = performance.now();
        const inference = inferShapes(model);
        const shapesMs = performance.now() - started;
        report('analysis', 0);
        await job.checkpoint();
        started = performance.now();
        const analysis = analyzeModel(model, { inference });
        const analysisMs = performance.now() - started;
        report('graph', 0);
        await job.checkpoint();
        const modelId = `m${this.nextModel++}`;
        const typeOf = typeLookup(model.graph, inference);
        const view = buildGraphView(modelId, model.graph, typeOf);
        const summary = buildSummary({
          modelId,
          format,
          mainFile: main.name,
          files: modelFiles.map((f) => ({ name: f.name, bytes: f.bytes.byteLength })),
          model,
          analysis,
          typeOf,
          timings: { parse: parseMs, shapes: shapesMs, analysis: analysisMs },
        });
        report('graph', 1);
        await job.checkpoint();
        this.models.set(modelId, { model, fileName: main.name, view, layouts: new Map() });
        return { summary, graph: view };
      } catch (error) {
        throw toFailure(error, first);
      }
    });
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

  async closeModel(modelId: ModelId): Promise<void> {
    this.models.delete(modelId);
  }

  async openModels(): Promise<ModelId[]> {
    return [...this.models.keys()];
  }

  async cancel(jobId: JobId): Promise<void> {
    this.jobs.cancel(jobId);
  }

  private get(modelId: ModelId): OpenedModel {
    const opened = this.models.get(modelId);
    if (!opened) throw failure('unknown-model', `model ${modelId} is not open (it may have been closed)`, modelId);
    return opened;
  }
}

/** A fresh engine with no models open. */
export function createEngine(): Engine {
  return new Engine();
}
