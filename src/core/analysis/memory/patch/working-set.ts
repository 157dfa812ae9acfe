// Memory of one patch: the stage's tensors sized by their regions, in the buffers the layer-by-layer
// planner would share (in-place writes, fused activations, residual accumulation), over the stage's steps.
import type { Graph } from '../../../ir/types';
import { nodeReads } from '../../params';
import { concreteDims } from '../../type-lookup';
import type { SharedBuffer } from '../in-place';
import type { ActivationTensor } from '../lifetimes';
import type { CompiledStage } from './regions';
import type { Stage } from './stages';

// Activations a kernel applies before storing its output: the tensor before one is never stored on its own.
const EPILOGUE = new Set(['Relu', 'Clip', 'RELU', 'RELU6', 'RELU_N1_TO_1']);

/** The layer-by-layer plan the patch layouts are cut from. */
export interface PlanContext {
  readonly graph: Graph;
  readonly tensors: ReadonlyMap<string, ActivationTensor>;
  /** The planner's shared buffers, by first step. */
  readonly buffers: readonly SharedBuffer[];
  /** Tensors computed from constants alone. */
  readonly weights: ReadonlySet<string>;
  /** ONNX tensors are NCHW, TFLite NHWC. */
  readonly nchw: boolean;
}

/**
 * How one patch's tensors are laid out. Steps are grouped into intervals over which no patch-sized
 * buffer starts or ends, so a patch's peak is a scan over intervals, not steps (the search evaluates
 * thousands of patches). Buffers of fixed size (weights made at run time) are folded into `baseMax`.
 */
export interface PatchLayout {
  /** Tensors sized by their region: their index in the compiled stage (-1: none) and bytes per pixel. */
  readonly slots: Int32Array;
  readonly perPixel: Float64Array;
  /** Patch-sized buffers: member indices into `tensors`, a fixed floor, and their intervals [from, to). */
  readonly buffers: readonly {
    readonly members: Int32Array;
    readonly fixed: number;
    readonly from: number;
    readonly to: number;
  }[];
  /** Per interval, the largest live bytes of fixed-size buffers. */
  readonly baseMax: Float64Array;
  /** Bytes of the tensors kept whole while the stage runs: the stage output (and the input if kept). */
  readonly wholeBytes: number;
}

function perPixelBytes(t: ActivationTensor, nchw: boolean): number {
  const dims = concreteDims(t.shape);
  if (dims?.length !== 4 || t.bytes === undefined) return 0;
  const pixels = nchw ? dims[2]! * dims[3]! : dims[1]! * dims[2]!;
  return pixels > 0 ? t.bytes / pixels : 0;
}

interface Segment {
  readonly members: readonly ActivationTensor[];
  readonly first: number;
  readonly last: number;
}

/**
 * The stage's part of the layer-by-layer buffers, minus the tensors kept whole (the stage output, and the
 * graph inputs when `inputInArena`): a whole tensor splits its buffer in two, since nothing may write over
 * it while other patches still need it. A kernel writing through fused activations straight into the
 * stage output stores nothing of its own. Weights made at run time stay only if the stage reads them.
 */
function segments(stage: Stage, plan: PlanContext, whole: ReadonlySet<string>): Segment[] {
  const { graph, tensors, weights } = plan;
  const stageReads = new Set(stage.nodeIndices.flatMap((i) => nodeReads(graph.nodes[i]!)));
  const op = (t: ActivationTensor): string => (t.producer === undefined ? '' : (graph.nodes[t.producer]?.op ?? ''));
  const found: Segment[] = [];
  for (const buffer of plan.buffers) {
    if (buffer.first > stage.endStep) break;
    const members = buffer.members.map((id) => tensors.get(id)!).filter((t) => t.first <= stage.endStep);
    if (members.length === 0) continue;
    const out = members.findIndex((t) => t.id === stage.output);
    let cut = out < 0 ? members.length : out;
    while (out >= 0 && cut > 0 && EPILOGUE.has(op(members[cut]!))) cut--;
    let run: ActivationTensor[] = [];
    const flush = (): void => {
      if (run.length === 0) return;
      const last = Math.min(stage.endStep, Math.max(...run.map((t) => t.last)));
      found.push({ members: run, first: Math.min(...run.map((t) => t.first)), last });
      run = [];
    };
    members.forEach((t, i) => {
      if (whole.has(t.id) || i >= cut || (weights.has(t.id) && !stageReads.has(t.id))) flush();
      else run.push(t);
    });
    flush();
  }
  return found;
}

/** The per-patch layout of a stage; `inputInArena` keeps the graph inputs whole instead of per patch. */
export function patchLayout(
  stage: Stage,
  compiled: CompiledStage,
  plan: PlanContext,
  inputInArena: boolean,
): PatchLayout {
  const whole = new Set([stage.output]);
  if (inputInArena) for (const t of plan.tensors.values()) if (t.isInput) whole.add(t.id);
  const wholeBytes = [...whole].reduce((sum, id) => sum + (plan.tensors.get(id)?.bytes ?? 0), 0);
  const all = segments(stage, plan, whole);
  const sized = (s: Segment) => s.members.some((t) => !plan.weights.has(t.id));
  // Interval boundaries: where a patch-sized buffer starts or ends.
  const bounds = [...new Set([0, stage.endStep + 1, ...all.filter(sized).flatMap((s) => [s.first, s.last + 1])])];
  bounds.sort((a, b) => a - b);
  const intervalOf = new Map(bounds.map((b, i) => [b, i]));
  const base = new Float64Array(stage.endStep + 2);
  const tensors: string[] = [];
  const perPixel: number[] = [];
  const buffers: PatchLayout['buffers'][number][] = [];
  for (const s of all) {
    const fixed = Math.max(0, ...s.members.filter((t) => plan.weights.has(t.id)).map((t) => t.bytes ?? 0));
    if (!sized(s)) {
      base[s.first]! += fixed;
      base[s.last + 1]! -= fixed;
      continue;
    }
    const members = s.members.filter((t) => !plan.weights.has(t.id));
    for (const t of members) {
      tensors.push(t.id);
      perPixel.push(perPixelBytes(t, plan.nchw));
    }
    const indices = Int32Array.from(members, (_, k) => tensors.length - members.length + k);
    buffers.push({ members: indices, fixed, from: intervalOf.get(s.first)!, to: intervalOf.get(s.last + 1)! });
  }
  const baseMax = new Float64Array(bounds.length - 1);
  let live = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    let max = 0;
    for (let step = bounds[i]!; step < bounds[i + 1]!; step++) {
      live += base[step]!;
      max = Math.max(max, live);
    }
    baseMax[i] = max;
  }
  const slots = Int32Array.from(tensors, (id) => compiled.index.get(id) ?? -1);
  return { slots, perPixel: Float64Array.from(perPixel), buffers, baseMax, wholeBytes };
}

/**
 * Peak bytes of one patch: each tensor sized by its rows × columns (lengths indexed as the compiled
 * stage's tensors, see `backPropagate`), each buffer as large as its largest
 * member, summed over the buffers alive in each interval.
 */
export function patchPeak(layout: PatchLayout, rows: Float64Array, cols: Float64Array): number {
  const { slots, perPixel } = layout;
  const delta = new Float64Array(layout.baseMax.length + 1);
  for (const b of layout.buffers) {
    let size = b.fixed;
    for (const k of b.members) {
      const slot = slots[k]!;
      const bytes = slot < 0 ? 0 : perPixel[k]! * rows[slot]! * cols[slot]!;
      if (bytes > size) size = bytes;
    }
    delta[b.from]! += size;
    delta[b.to]! -= size;
  }
  let live = 0;
  let peak = 0;
  for (let i = 0; i < layout.baseMax.length; i++) {
    live += delta[i]!;
    peak = Math.max(peak, live + layout.baseMax[i]!);
  }
  return peak;
}
