// The memory plan as the CLI and the studio report it: the model's own operator order and the
// memory-optimised one, both analysed with the same options, so the two can always say what the other gives.
import type { Graph, Model } from '../../ir/types';
import { inferShapes } from '../../shape/infer';
import type { ShapeInference } from '../../shape/types';
import { analyzeModel, type ModelAnalysis } from '../analyze';
import { typeLookup } from '../type-lookup';
import type { ActivationDTypeMode } from './lifetimes';
import { optimizeSchedule, type ScheduleResult } from './schedule';

/** Which operator order the plan uses: the model's own, or the one minimising the peak. */
export type ScheduleChoice = 'model' | 'optimised';

export interface MemoryPlanOptions {
  /** Count float activations as int8 (1 byte per element), or as stored (default). */
  readonly activationDType?: ActivationDTypeMode;
  /** Element-wise and depthwise ops write over an input dying there; implies `fuseActivations`. */
  readonly inPlace?: boolean;
  /** Relu/Clip run fused into the op before them, one buffer for both. */
  readonly fuseActivations?: boolean;
  /** Default 'model'. */
  readonly schedule?: ScheduleChoice;
  /** A shape inference already run on this model (otherwise `planMemory` runs one). */
  readonly inference?: ShapeInference;
}

export interface ScheduleReport {
  /** The order asked for. */
  readonly choice: ScheduleChoice;
  /** Node indices actually used (the model's order when the optimised one gains nothing). */
  readonly order: readonly number[];
  /** Peak of the model's own order (same options). */
  readonly modelOrderPeak: number;
  /** Peak of the optimised order (== modelOrderPeak when there is no gain). */
  readonly optimisedPeak: number;
  /** The optimiser proved no order has a lower peak (without buffer sharing). */
  readonly exact: boolean;
}

export interface MemoryPlanReport {
  /** analyzeModel with these options and `schedule.order`. */
  readonly analysis: ModelAnalysis;
  readonly schedule: ScheduleReport;
}

// optimizeSchedule depends only on the graph, its types and the activation dtype: re-plans with other
// sharing options (fitAdvice, the studio's toggles) reuse it as long as they pass the same inference.
const optimised = new WeakMap<Graph, WeakMap<ShapeInference, Map<ActivationDTypeMode, ScheduleResult>>>();

function optimisedOrder(graph: Graph, inference: ShapeInference, mode: ActivationDTypeMode): ScheduleResult {
  let byInference = optimised.get(graph);
  if (!byInference) optimised.set(graph, (byInference = new WeakMap()));
  let byMode = byInference.get(inference);
  if (!byMode) byInference.set(inference, (byMode = new Map()));
  let result = byMode.get(mode);
  if (!result) {
    result = optimizeSchedule(graph, typeLookup(graph, inference), { activationDType: mode });
    byMode.set(mode, result);
  }
  return result;
}

function sameOrder(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The activation memory plan of a model with the given options, in the model's order or the optimised one.
 * The optimiser minimises the live peak without buffer sharing; with in-place or fused activations on, its
 * order is re-checked under those options and only kept when it is no worse (lower peak, or the same peak
 * and a smaller arena), so the reported optimised peak is never above the model order's. Pure.
 */
export function planMemory(model: Model, options: MemoryPlanOptions = {}): MemoryPlanReport {
  const graph = model.graph;
  const inference = options.inference ?? inferShapes(model);
  const mode = options.activationDType ?? 'stored';
  const inPlace = options.inPlace ?? false;
  const base = {
    inference,
    activationDType: mode,
    inPlace,
    fuseActivations: inPlace || (options.fuseActivations ?? false),
  };
  const modelOrder = graph.nodes.map((_, i) => i);
  const inModelOrder = analyzeModel(model, base);
  const result = optimisedOrder(graph, inference, mode);
  let best = inModelOrder;
  if (!sameOrder(result.schedule, modelOrder)) {
    const other = analyzeModel(model, { ...base, schedule: result.schedule });
    const better =
      other.peakActivationBytes < inModelOrder.peakActivationBytes ||
      (other.peakActivationBytes === inModelOrder.peakActivationBytes && other.arenaBytes < inModelOrder.arenaBytes);
    if (better) best = other;
  }
  const choice = options.schedule ?? 'model';
  const analysis = choice === 'optimised' ? best : inModelOrder;
  return {
    analysis,
    schedule: {
      choice,
      order: analysis.schedule,
      modelOrderPeak: inModelOrder.peakActivationBytes,
      optimisedPeak: best.peakActivationBytes,
      exact: result.exact,
    },
  };
}
