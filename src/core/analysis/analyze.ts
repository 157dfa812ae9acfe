import type { DType } from '../ir/dtype';
import type { FormatId, Model, Shape } from '../ir/types';
import { inferShapes } from '../shape/infer';
import type { ShapeInference, ShapeInferenceOptions } from '../shape/types';
import { nodeMacs } from './macs';
import { greedyBySizePlanner } from './memory/greedy-planner';
import { activationLifetimes, type ActivationDTypeMode, type ActivationTensor } from './memory/lifetimes';
import type { MemoryPlanner, PlanBuffer, PlannerOptions } from './memory/planner';
import { shareBuffers } from './memory/in-place';
import { liveTimeline } from './memory/timeline';
import { constantTensorIds, countParams, type ParamCount } from './params';
import { typeLookup } from './type-lookup';

/** TFLM rounds every arena buffer up to 16 bytes (MicroArenaBufferAlignment). */
export const TFLM_BUFFER_ALIGNMENT = 16;

export interface AnalyzeOptions {
  /** Count float activations as 1 byte per element ('int8'), or as stored (default). */
  readonly activationDType?: ActivationDTypeMode;
  /** A shape inference already run on this model (otherwise `analyzeModel` runs one). */
  readonly inference?: ShapeInference;
  /** Passed to shape inference when `analyzeModel` runs it. */
  readonly shapeOptions?: ShapeInferenceOptions;
  /** Execution order as indices into the main graph's nodes (default: stored order). */
  readonly schedule?: readonly number[];
  /** Arena buffer alignment in bytes (default 16, as TFLM). */
  readonly alignment?: number;
  /** The arena planner (default: TFLM's greedy by size). */
  readonly planner?: MemoryPlanner;
  /** Order of equal-sized buffers for the planner (default: current TFLM's, see PlannerOptions). */
  readonly tieBreak?: PlannerOptions['tieBreak'];
  /** Element-wise ops and depthwise convs write over an input dying there (default false). */
  readonly inPlace?: boolean;
  /** Relu/Clip after a Conv/Gemm/Add run fused into it, one buffer for both (default false). */
  readonly fuseActivations?: boolean;
}

/** A graph input or output as the studio lists it. */
export interface TensorSummary {
  readonly id: string;
  readonly name: string;
  readonly dtype: DType;
  /** Inferred or declared shape; undefined when unknown. */
  readonly shape?: Shape;
}

/** One row of the per-layer table: a node of the main graph. */
export interface LayerAnalysis extends ParamCount {
  readonly nodeId: string;
  readonly name: string;
  readonly op: string;
  readonly domain: string;
  readonly macs: number;
  /** False when a shape the MAC count needs is unknown (macs is then 0). */
  readonly macsKnown: boolean;
  /** Bytes of the node's activation outputs (known sizes only). */
  readonly outputBytes: number;
  readonly outputShapes: readonly (Shape | undefined)[];
}

/** An activation with its place in the arena (offset undefined when it has no known size). */
export interface PlannedActivation extends ActivationTensor {
  readonly offset?: number;
}

export interface ModelAnalysis extends ParamCount {
  readonly format: FormatId;
  readonly inputs: readonly TensorSummary[];
  readonly outputs: readonly TensorSummary[];
  readonly nodeCount: number;
  /** Node count per op, spelled as the source format spells it. */
  readonly opsHistogram: Readonly<Record<string, number>>;
  readonly macs: number;
  /** Nodes whose MACs could not be counted because a shape is unknown. */
  readonly unknownMacsNodes: number;
  readonly activationDType: ActivationDTypeMode;
  readonly peakActivationBytes: number;
  readonly peakStep: number;
  readonly arenaBytes: number;
  /** Live activation bytes per step. */
  readonly timeline: readonly number[];
  /** `schedule[step]` is the index of the node run at that step. */
  readonly schedule: readonly number[];
  /** Activations whose size is unknown: left out of the peak and the arena, so both are lower bounds. */
  readonly unknownSizeTensors: number;
  /** Ids of nodes writing over an input (in-place or fused activation); empty by default. */
  readonly inPlaceNodes: readonly string[];
  readonly activations: readonly PlannedActivation[];
  /** Constants no node of the main graph reads; part of params and weightBytes but of no layer. */
  readonly unattributed: ParamCount;
  readonly layers: readonly LayerAnalysis[];
  /** Problems shape inference reported (unknown ops etc.). */
  readonly shapeProblems: ShapeInference['problems'];
}

/**
 * Params, weight bytes, MACs and activation memory of a model, overall and per layer
 * (DESIGN.md "Definitions"). Pure: never mutates the model.
 */
export function analyzeModel(model: Model, options: AnalyzeOptions = {}): ModelAnalysis {
  const graph = model.graph;
  const inference = options.inference ?? inferShapes(model, options.shapeOptions);
  const typeOf = typeLookup(graph, inference);
  const mode = options.activationDType ?? 'stored';

  const params = countParams(model);
  const lifetimes = activationLifetimes(graph, typeOf, {
    activationDType: mode,
    ...(options.schedule ? { schedule: options.schedule } : {}),
  });
  // One buffer per activation, unless in-place execution or fused activations share them.
  const sharing = shareBuffers(graph, lifetimes, typeOf, {
    inPlace: options.inPlace ?? false,
    fuseActivations: options.fuseActivations ?? false,
  });
  const buffers: PlanBuffer[] = sharing.buffers.map(({ id, size, first, last }) => ({ id, size, first, last }));
  const timeline = liveTimeline(
    buffers.map((b) => ({ bytes: b.size, first: b.first, last: b.last })),
    lifetimes.steps,
  );
  const plan = (options.planner ?? greedyBySizePlanner)(buffers, {
    alignment: options.alignment ?? TFLM_BUFFER_ALIGNMENT,
    ...(options.tieBreak ? { tieBreak: options.tieBreak } : {}),
  });

  const activationBytes = new Map(lifetimes.tensors.map((t) => [t.id, t.bytes ?? 0]));
  const opsHistogram: Record<string, number> = {};
  let macs = 0;
  let unknownMacsNodes = 0;
  const layers = graph.nodes.map((node, i): LayerAnalysis => {
    opsHistogram[node.op] = (opsHistogram[node.op] ?? 0) + 1;
    const m = nodeMacs(node, typeOf, model.format);
    macs += m.macs;
    if (!m.known) unknownMacsNodes++;
    const outputs = node.outputs.filter((id) => id !== '');
    return {
      nodeId: node.id,
      name: node.name,
      op: node.op,
      domain: node.domain,
      ...params.perNode[i]!,
      macs: m.macs,
      macsKnown: m.known,
      outputBytes: outputs.reduce((sum, id) => sum + (activationBytes.get(id) ?? 0), 0),
      outputShapes: outputs.map((id) => typeOf(id)?.shape),
    };
  });

  const constants = constantTensorIds(graph);
  const summary = (id: string): TensorSummary => {
    const type = typeOf(id);
    const name = graph.tensors.find((t) => t.id === id)?.name ?? id;
    return { id, name, dtype: type?.dtype ?? 'undefined', ...(type?.shape ? { shape: type.shape } : {}) };
  };
  return {
    format: model.format,
    inputs: graph.inputs.filter((id) => !constants.has(id)).map(summary),
    outputs: graph.outputs.map(summary),
    nodeCount: graph.nodes.length,
    opsHistogram,
    params: params.params,
    weightBytes: params.weightBytes,
    unattributed: params.unattributed,
    macs,
    unknownMacsNodes,
    activationDType: mode,
    peakActivationBytes: timeline.peakBytes,
    peakStep: timeline.peakStep,
    arenaBytes: plan.arenaBytes,
    timeline: timeline.liveBytes,
    schedule: lifetimes.schedule,
    unknownSizeTensors: lifetimes.unknownSizeTensors,
    inPlaceNodes: sharing.inPlaceNodes,
    activations: lifetimes.tensors.map((t) => {
      const buffer = sharing.bufferOf.get(t.id);
      const offset = buffer === undefined ? undefined : plan.offsets.get(buffer);
      return offset === undefined ? t : { ...t, offset };
    }),
    layers,
    shapeProblems: inference.problems,
  };
}
