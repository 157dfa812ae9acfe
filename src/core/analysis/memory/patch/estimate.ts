// Patch-based inference estimate (MCUNetV2, Lin et al., NeurIPS 2021): run the first layers of a CNN patch
// by patch, so only one patch's receptive field (plus the stage output, kept whole) is in memory while they
// run, at the cost of recomputing the overlapping halos.
import { TransformError } from '../../../errors';
import { toFloat64 } from '../../../ir/tensor';
import type { Graph, Model } from '../../../ir/types';
import { inferShapes } from '../../../shape/infer';
import type { ShapeInference } from '../../../shape/types';
import { nodeMacs } from '../../macs';
import { nodeReads } from '../../params';
import { typeLookup, type TypeOf } from '../../type-lookup';
import { shareBuffers, type BufferSharing, type BufferSharingOptions } from '../in-place';
import { activationLifetimes, type ActivationDTypeMode, type Lifetimes } from '../lifetimes';
import { liveTimeline } from '../timeline';
import { backPropagate, compileStage, evenSplit, type CompiledStage } from './regions';
import { findStages, supportedFormat, weightTensors, type Stage } from './stages';
import type { SpatialContext } from './spatial-ops';
import { patchLayout, patchPeak, type PatchLayout, type PlanContext } from './working-set';

export interface PatchOptions {
  readonly activationDType?: ActivationDTypeMode;
  readonly inPlace?: boolean;
  readonly fuseActivations?: boolean;
  /** Execution order as indices into the main graph's nodes (default: stored order). */
  readonly schedule?: readonly number[];
  readonly inference?: ShapeInference;
  /** Fix the stage: the id (or else the name) of the last node run patch by patch (default: searched). */
  readonly stageEndNodeId?: string;
  /** Fix the grid: `grid`×`grid` patches over the stage output (default: searched, 2..maxGrid). */
  readonly grid?: number;
  readonly maxGrid?: number;
  /** Keep the whole graph input in the arena during the patch stage (default true). */
  readonly inputInArena?: boolean;
}

/** One way of running the first layers patch by patch. */
export interface PatchCandidate {
  /** The last node of the patch stage (its output is the stage output, kept whole). */
  readonly stageEndNodeId: string;
  readonly stageEndName: string;
  /** Nodes run patch by patch, in schedule order. */
  readonly stageNodeIds: readonly string[];
  readonly grid: number;
  /** Peak while the stage runs: the stage output + one patch's working set (+ the input when kept). */
  readonly patchStagePeak: number;
  /** Peak of the layers after the patch stage, run layer by layer with the same planner options. */
  readonly remainingPeak: number;
  /** max(patchStagePeak, remainingPeak). */
  readonly peak: number;
  /**
   * MACs of the whole model run this way, and the extra over layer by layer (overlapping halos). The
   * extra can be negative: a patch computes only the pixels later layers read, so when a strided pooling
   * drops border rows, the stage skips work the layer-by-layer run does.
   */
  readonly macs: number;
  readonly extraMacs: number;
  /** extraMacs / the model's layer-by-layer MACs. */
  readonly macOverhead: number;
  /** The stage output tensor (id) and its bytes. */
  readonly stageOutput: string;
  readonly stageOutputBytes: number;
  /** The largest working set of one patch (the patch-stage peak without the tensors kept whole). */
  readonly patchBytes: number;
  /** patchStagePeak when the input is read patch by patch instead of kept whole (the paper's setting). */
  readonly streamedInputPeak: number;
}

export interface PatchEstimate {
  /** Peak of the model run layer by layer with the same options. */
  readonly baselinePeak: number;
  readonly baselineMacs: number;
  /** The chosen candidate (see `estimatePatchInference`). */
  readonly best: PatchCandidate;
  /** Every candidate evaluated, best first. */
  readonly candidates: readonly PatchCandidate[];
  /** How `best` was chosen, as a sentence. */
  readonly rule: string;
}

export type PatchResult =
  { readonly ok: true; readonly estimate: PatchEstimate } | { readonly ok: false; readonly reason: string };

/** Peaks within this fraction of the lowest count as equal; among them the fewest extra MACs wins. */
export const PATCH_PEAK_TOLERANCE = 0.02;
const DEFAULT_MAX_GRID = 8;
const LARGEST_GRID = 32;
const RULE =
  'the lowest peak; among candidates within 2 % of it, the fewest extra MACs (then the smaller grid and the shorter stage)';

/** What every candidate shares: the model planned layer by layer with the caller's options. */
interface Setup {
  readonly graph: Graph;
  readonly typeOf: TypeOf;
  readonly mode: ActivationDTypeMode;
  readonly sharingOptions: BufferSharingOptions;
  readonly lifetimes: Lifetimes;
  readonly weights: ReadonlySet<string>;
  /** MACs per node index. */
  readonly macs: readonly number[];
  readonly inputInArena: boolean;
}

function bufferPeak(sharing: BufferSharing, steps: number): number {
  return liveTimeline(
    sharing.buffers.map((b) => ({ bytes: b.size, first: b.first, last: b.last })),
    steps,
  ).peakBytes;
}

/**
 * Peak of the layers after the stage run layer by layer: the rest of the schedule as a graph whose one
 * input is the stage output. Weights made at run time in the stage's steps but read later are made again
 * at the start of the rest (they hold no pixels, so the stage need not keep them).
 */
function remainingPeak(setup: Setup, stage: Stage): number {
  const { graph, lifetimes, weights } = setup;
  const rest = lifetimes.schedule.slice(stage.endStep + 1);
  const needed = new Set(rest.flatMap((i) => nodeReads(graph.nodes[i]!)));
  const remade: number[] = [];
  for (let step = stage.endStep; step >= 0; step--) {
    const index = lifetimes.schedule[step]!;
    const node = graph.nodes[index]!;
    const outputs = node.outputs.filter((id) => id !== '');
    if (!outputs.every((id) => weights.has(id)) || !outputs.some((id) => needed.has(id))) continue;
    remade.unshift(index);
    for (const id of nodeReads(node)) needed.add(id);
  }
  // No declared tensors: the peak does not depend on declaration order, and constants then are simply
  // tensors no node produces (a graph's thousands of weights need not be walked once per stage).
  const nodes = [...remade, ...rest].map((i) => graph.nodes[i]!);
  const sub: Graph = { ...graph, nodes, inputs: [stage.output], tensors: [] };
  const subLifetimes = activationLifetimes(sub, setup.typeOf, { activationDType: setup.mode });
  return bufferPeak(shareBuffers(sub, subLifetimes, setup.typeOf, setup.sharingOptions), subLifetimes.steps);
}

/** What a stage's candidates share (computed once per stage). */
interface StageWork {
  readonly stage: Stage;
  readonly compiled: CompiledStage;
  readonly kept: PatchLayout;
  readonly streamed: PatchLayout;
  readonly restPeak: number;
  readonly outputBytes: number;
}

function candidate(setup: Setup, work: StageWork, grid: number, baselineMacs: number): PatchCandidate | undefined {
  const { stage, compiled } = work;
  const [height, width] = stage.ops.at(-1)!.size;
  if (grid > height || grid > width) return undefined;
  const rows = evenSplit(height, grid).map((tile) => backPropagate(compiled, 0, tile));
  const cols = evenSplit(width, grid).map((tile) => backPropagate(compiled, 1, tile));
  const worst = (layout: PatchLayout): number => {
    let peak = 0;
    for (const r of rows) for (const c of cols) peak = Math.max(peak, patchPeak(layout, r, c));
    return peak;
  };
  const kept = worst(work.kept);
  const streamed = worst(work.streamed);
  // Each layer computes its output region for every patch: MACs scale with the area computed.
  const total = (lengths: readonly Float64Array[], tensor: number): number =>
    lengths.reduce((sum, l) => sum + l[tensor]!, 0);
  let extraMacs = 0;
  compiled.ops.forEach((op, k) => {
    const macs = setup.macs[stage.nodeIndices[k]!] ?? 0;
    if (macs === 0) return;
    const area = total(rows, op.output) * total(cols, op.output);
    const size = stage.ops[k]!.size;
    extraMacs += Math.round((macs * area) / (size[0] * size[1])) - macs;
  });
  const patchStagePeak = setup.inputInArena ? work.kept.wholeBytes + kept : work.streamed.wholeBytes + streamed;
  const node = stage.endNode;
  return {
    stageEndNodeId: node.id,
    stageEndName: node.name || node.id,
    stageNodeIds: stage.nodeIndices.map((i) => setup.graph.nodes[i]!.id),
    grid,
    patchStagePeak,
    remainingPeak: work.restPeak,
    peak: Math.max(patchStagePeak, work.restPeak),
    macs: baselineMacs + extraMacs,
    extraMacs,
    macOverhead: baselineMacs > 0 ? extraMacs / baselineMacs : 0,
    stageOutput: stage.output,
    stageOutputBytes: work.outputBytes,
    patchBytes: setup.inputInArena ? kept : streamed,
    streamedInputPeak: work.streamed.wholeBytes + streamed,
  };
}

/** `best` first (see RULE), then the others by peak, extra MACs, grid. */
function rank(candidates: readonly PatchCandidate[]): PatchCandidate[] {
  const lowest = Math.min(...candidates.map((c) => c.peak));
  const tieBreak = (a: PatchCandidate, b: PatchCandidate): number =>
    a.grid - b.grid || a.stageNodeIds.length - b.stageNodeIds.length;
  const near = candidates
    .filter((c) => c.peak <= lowest * (1 + PATCH_PEAK_TOLERANCE))
    .sort((a, b) => a.extraMacs - b.extraMacs || a.peak - b.peak || tieBreak(a, b));
  const best = near[0]!;
  const others = candidates
    .filter((c) => c !== best)
    .sort((a, b) => a.peak - b.peak || a.extraMacs - b.extraMacs || tieBreak(a, b));
  return [best, ...others];
}

function checkGrid(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 2 || value > LARGEST_GRID))
    throw new TransformError(
      'invalid-options',
      `${name} must be a whole number from 2 to ${LARGEST_GRID}, not ${value}`,
    );
}

function intReader(graph: Graph, inference: ShapeInference): (id: string) => readonly number[] | undefined {
  const tensors = new Map(graph.tensors.map((t) => [t.id, t]));
  return (id) => {
    const folded = inference.folded.get(id);
    if (folded) return folded.values;
    const t = tensors.get(id);
    const values = t?.data?.bytes ? toFloat64(t.dtype, t.data.bytes) : undefined;
    return values ? [...values] : undefined;
  };
}

const refuse = (why: string): PatchResult => ({ ok: false, reason: `No layers can run patch by patch: ${why}.` });

/**
 * Estimates patch-based inference for a CNN: every cut of its first spatial layers × every grid from 2×2
 * to maxGrid×maxGrid (or the fixed ones), each with its peaks and MAC overhead; `best` has the lowest peak
 * (ties within 2 %: the fewest extra MACs). `ok: false` with a sentence when no stage qualifies.
 */
export function estimatePatchInference(model: Model, options: PatchOptions = {}): PatchResult {
  checkGrid('grid', options.grid);
  checkGrid('maxGrid', options.maxGrid);
  const unsupported = supportedFormat(model.format);
  if (unsupported) return refuse(unsupported);
  const graph = model.graph;
  const inference = options.inference ?? inferShapes(model);
  const typeOf = typeLookup(graph, inference);
  const mode = options.activationDType ?? 'stored';
  const lifetimes = activationLifetimes(graph, typeOf, {
    activationDType: mode,
    ...(options.schedule ? { schedule: options.schedule } : {}),
  });
  const sharingOptions = { inPlace: options.inPlace ?? false, fuseActivations: options.fuseActivations ?? false };
  const weights = weightTensors(graph, lifetimes.schedule);
  const macs = graph.nodes.map((node) => nodeMacs(node, typeOf, model.format).macs);
  const setup: Setup = {
    graph,
    typeOf,
    mode,
    sharingOptions,
    lifetimes,
    weights,
    macs,
    inputInArena: options.inputInArena ?? true,
  };
  const ctx: SpatialContext = { format: model.format, typeOf, weights, intValues: intReader(graph, inference) };
  const search = findStages(graph, lifetimes, ctx, sharingOptions.inPlace || sharingOptions.fuseActivations);
  let stages = search.stages;
  if (options.stageEndNodeId !== undefined) {
    const id = options.stageEndNodeId;
    const byId = stages.filter((s) => s.endNode.id === id);
    stages = byId.length > 0 ? byId : stages.filter((s) => s.endNode.name === id);
    if (stages.length === 0)
      return refuse(
        `node "${options.stageEndNodeId}" does not end a stage (the stage must be convolution-like layers from the input, after which only its output is still needed)`,
      );
  }
  if (stages.length === 0) return refuse(search.reason);

  const sharing = shareBuffers(graph, lifetimes, typeOf, sharingOptions);
  const baselinePeak = bufferPeak(sharing, lifetimes.steps);
  const baselineMacs = macs.reduce((a, b) => a + b, 0);
  const grids = options.grid
    ? [options.grid]
    : Array.from({ length: (options.maxGrid ?? DEFAULT_MAX_GRID) - 1 }, (_, i) => i + 2);
  const plan: PlanContext = {
    graph,
    tensors: new Map(lifetimes.tensors.map((t) => [t.id, t])),
    buffers: [...sharing.buffers].sort((a, b) => a.first - b.first),
    weights,
    nchw: model.format === 'onnx',
  };
  const candidates: PatchCandidate[] = [];
  for (const stage of stages) {
    const compiled = compileStage(stage.ops, stage.output);
    const work: StageWork = {
      stage,
      compiled,
      kept: patchLayout(stage, compiled, plan, true),
      streamed: patchLayout(stage, compiled, plan, false),
      restPeak: remainingPeak(setup, stage),
      outputBytes: plan.tensors.get(stage.output)?.bytes ?? 0,
    };
    for (const grid of grids) {
      const c = candidate(setup, work, grid, baselineMacs);
      if (c) candidates.push(c);
    }
  }
  if (candidates.length === 0) return refuse(`every stage output is smaller than a ${grids[0]}×${grids[0]} grid`);
  const ranked = rank(candidates);
  return { ok: true, estimate: { baselinePeak, baselineMacs, best: ranked[0]!, candidates: ranked, rule: RULE } };
}
