// Sensitivity analysis: quantize one layer at a time (every other layer kept in float), run each such
// model on the same samples as the float model, and rank the layers by what quantizing them alone costs
// (accuracy when the data has labels, else the output's SQNR against the float model's).
import { ExecutionError } from '../../errors';
import { batches } from '../../data/batches';
import { classLabels } from '../../data/dataset';
import type { AbortSignalLike } from '../../execute/run';
import type { Graph, Model } from '../../ir/types';
import type { LayerOverride, QuantizeReport } from '../../transforms/quantize/types';
import { evaluationOrder, type EvaluateSource, type OutputTensor, type Runner } from '../evaluate';
import { ClassificationAccumulator, ReferenceAccumulator } from '../metrics';
import type { LayerRef } from './match';

/** The layers whose weights a quantization quantized, in report order: what sensitivity tries one by one. */
export function quantizedLayers(report: QuantizeReport): LayerRef[] {
  const seen = new Set<string>();
  const layers: LayerRef[] = [];
  for (const l of report.layers) {
    if (l.role !== 'weight' || l.keptFloat || seen.has(l.nodeId)) continue;
    seen.add(l.nodeId);
    layers.push({ nodeId: l.nodeId, name: l.name, op: l.op });
  }
  return layers;
}

/** Per-layer overrides that keep every node of `graph` in float except `nodeId`. */
export function onlyLayerOverrides(graph: Graph, nodeId: string): Record<string, LayerOverride> {
  const overrides: Record<string, LayerOverride> = {};
  for (const node of graph.nodes) if (node.id !== nodeId) overrides[node.id] = { keepFloat: true };
  return overrides;
}

/** `base` overrides with `nodeIds` kept in float (what "keep the worst k layers in float" quantizes with). */
export function keepFloatOverrides(
  nodeIds: readonly string[],
  base: Readonly<Record<string, LayerOverride>> = {},
): Record<string, LayerOverride> {
  const out: Record<string, LayerOverride> = { ...base };
  for (const id of nodeIds) out[id] = { keepFloat: true };
  return out;
}

/** What one quantized model scored against the float model on the same samples. */
export interface SensitivityScore {
  /** Top-1 on the labels (0..1), when the data has class labels. */
  readonly top1?: number;
  /** Float top-1 minus this top-1 (positive: accuracy lost). */
  readonly accuracyDrop?: number;
  /** Share of samples whose top-1 class is the float model's. */
  readonly agreement: number;
  /** Output SQNR against the float model's output, in dB (Infinity: identical). */
  readonly sqnr: number;
  readonly mse: number;
  readonly cosine: number;
}

/** One layer quantized on its own, and what that cost; `problem` when it could not be made or run. */
export interface SensitivityRow extends LayerRef, Partial<SensitivityScore> {
  readonly problem?: string;
}

/** How the layers are ranked: by accuracy lost (labelled data), else by output SQNR. */
export type SensitivityMetric = 'accuracy' | 'sqnr';

export interface SensitivityMeasure {
  readonly samples: number;
  readonly metric: SensitivityMetric;
  /** The float model's top-1 on the samples, when the data has labels. */
  readonly floatTop1?: number;
  /** Every layer quantized at once (the `full` model of the plan), when it was given. */
  readonly full?: SensitivityScore;
  /** The layers, most costly first. */
  readonly rows: readonly SensitivityRow[];
}

/** A model loaded into a runtime. */
export interface LoadedModel {
  readonly run: Runner;
  close(): Promise<void>;
}

export interface SensitivityPlan {
  /** The layers to try, in the order they are tried. */
  readonly layers: readonly LayerRef[];
  /** The model with only `layer` quantized (may throw: that layer gets a problem, the others still run). */
  readonly variant: (layer: LayerRef) => Model | Promise<Model>;
  /** The model with every layer quantized, scored for comparison. */
  readonly full?: Model;
  readonly load: (model: Model) => Promise<LoadedModel>;
}

/** The samples every model is scored on (a seeded subset of `samples`, or all). */
export type SensitivitySource = Pick<EvaluateSource, 'dataset' | 'input' | 'preprocess' | 'samples'>;

export interface SensitivityOptions {
  readonly batchSize?: number;
  /**
   * Called as runs progress: `done` of `total` runs (fractional within a run; run 0 is the float model,
   * then the full model when given, then one per layer) and the layer being tried.
   */
  readonly onProgress?: (done: number, total: number, layer?: LayerRef) => void;
  readonly signal?: AbortSignalLike;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function firstOutput(outputs: Readonly<Record<string, OutputTensor>>): OutputTensor {
  const first = Object.values(outputs)[0];
  if (!first) throw new ExecutionError('unsupported-case', 'the model gave no output');
  return first;
}

/**
 * Runs the float `base` once, then every one-layer model of `plan`, on the same samples, and ranks the
 * layers (see the file comment). A layer whose model cannot be made or run is reported with its problem.
 */
export async function measureSensitivity(
  base: Model,
  plan: SensitivityPlan,
  source: SensitivitySource,
  options: SensitivityOptions = {},
): Promise<SensitivityMeasure> {
  const indices = evaluationOrder(source.dataset.count, source.samples);
  const batchPlan = batches(source.dataset, source.input, options.batchSize ?? 64, {
    ...source.preprocess,
    ...(indices ? { indices } : {}),
  });
  const labels = source.dataset.y ? classLabels(source.dataset.y) : undefined;
  const runs = 1 + (plan.full ? 1 : 0) + plan.layers.length;
  let run = 0;
  const checkCancel = (): void => {
    if (options.signal?.aborted) throw new ExecutionError('cancelled', 'the sensitivity analysis was cancelled');
  };

  // One pass of `runner` over every batch, handing each batch's first output to `visit`.
  const pass = async (
    runner: Runner,
    layer: LayerRef | undefined,
    visit: (out: OutputTensor, b: number, rows: Int32Array) => void,
  ) => {
    let done = 0;
    for (const batch of batchPlan) {
      checkCancel();
      visit(firstOutput(await runner({ [source.input.name]: batch.feed })), batch.index, batch.samples);
      done += batch.samples.length;
      options.onProgress?.(run + done / batchPlan.samples, runs, layer);
    }
    run++;
  };

  const floatOutputs: OutputTensor[] = [];
  const floatClasses = new ClassificationAccumulator();
  const loadedBase = await plan.load(base);
  let classify = false;
  try {
    await pass(loadedBase.run, undefined, (out, _b, rows) => {
      floatOutputs.push({ data: Float32Array.from(out.data), shape: out.shape });
      const per = out.data.length / rows.length;
      if (labels && per > 1) {
        classify = true;
        floatClasses.add(
          { data: out.data, rows: rows.length, per },
          Array.from(rows, (s) => labels[s]!),
          source.dataset.name,
        );
      }
    });
  } finally {
    await loadedBase.close();
  }
  const floatTop1 = classify ? floatClasses.result().top1 : undefined;

  const score = async (model: Model, layer: LayerRef | undefined): Promise<SensitivityScore> => {
    const loaded = await plan.load(model);
    const reference = new ReferenceAccumulator();
    const classes = new ClassificationAccumulator();
    try {
      await pass(loaded.run, layer, (out, b, rows) => {
        const own = floatOutputs[b]!;
        const per = own.data.length / rows.length;
        reference.add({ data: out.data, rows: rows.length, per }, { data: own.data, rows: rows.length, per });
        if (classify)
          classes.add(
            { data: out.data, rows: rows.length, per },
            Array.from(rows, (s) => labels![s]!),
          );
      });
    } finally {
      await loaded.close();
    }
    const r = reference.result();
    const top1 = classify ? classes.result().top1 : undefined;
    return {
      ...(top1 !== undefined && floatTop1 !== undefined ? { top1, accuracyDrop: floatTop1 - top1 } : {}),
      agreement: r.agreement,
      sqnr: r.sqnr,
      mse: r.mse,
      cosine: r.cosine,
    };
  };

  const full = plan.full ? await score(plan.full, undefined) : undefined;
  const rows: SensitivityRow[] = [];
  for (const layer of plan.layers) {
    checkCancel();
    const started = run;
    try {
      rows.push({ ...layer, ...(await score(await plan.variant(layer), layer)) });
    } catch (error) {
      if (error instanceof ExecutionError && error.code === 'cancelled') throw error;
      checkCancel();
      rows.push({ ...layer, problem: message(error) });
      run = started + 1;
    }
  }
  const metric: SensitivityMetric = classify ? 'accuracy' : 'sqnr';
  return {
    samples: batchPlan.samples,
    metric,
    ...(floatTop1 !== undefined ? { floatTop1 } : {}),
    ...(full ? { full } : {}),
    rows: rankLayers(rows, metric),
  };
}

/** The rows most costly first: by accuracy lost (then SQNR) or by SQNR alone; rows with a problem last. */
export function rankLayers(rows: readonly SensitivityRow[], metric: SensitivityMetric): SensitivityRow[] {
  const sqnr = (r: SensitivityRow): number => (r.sqnr === undefined || Number.isNaN(r.sqnr) ? Infinity : r.sqnr);
  return [...rows].sort((a, b) => {
    if (!!a.problem !== !!b.problem) return a.problem ? 1 : -1;
    if (metric === 'accuracy') {
      const drop = (b.accuracyDrop ?? 0) - (a.accuracyDrop ?? 0);
      if (drop !== 0) return drop;
    }
    const d = sqnr(a) - sqnr(b);
    return Number.isNaN(d) ? 0 : d;
  });
}
