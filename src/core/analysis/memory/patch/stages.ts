// Candidate patch stages: prefixes of the schedule made of spatial ops that end at a "cut", a step after
// which exactly one activation of the prefix is still needed — the stage output, kept whole while the
// stage runs patch by patch. A residual whose skip is still pending is no cut (two activations flow on).
import type { FormatId, Graph, Node } from '../../../ir/types';
import { constantTensorIds, isConstantNode, nodeReads } from '../../params';
import { concreteDims } from '../../type-lookup';
import type { Lifetimes } from '../lifetimes';
import { spatialOp, type SpatialContext, type SpatialOp } from './spatial-ops';

export interface Stage {
  /** Last step of the stage (inclusive), in the schedule. */
  readonly endStep: number;
  readonly endNode: Node;
  /** The stage output: the one activation of the stage needed after it. */
  readonly output: string;
  /** The spatial ops of the stage in schedule order, and their nodes' indices in `graph.nodes`. */
  readonly ops: readonly SpatialOp[];
  readonly nodeIndices: readonly number[];
}

export interface StageSearch {
  readonly stages: readonly Stage[];
  /** Why there is no stage (a sentence without its final stop), meaningful when `stages` is empty. */
  readonly reason: string;
}

// Activations a runtime fuses into the op before them: a cut between the two would split one kernel.
const FUSED_ACTIVATIONS = new Set(['Relu', 'Clip', 'RELU', 'RELU6', 'RELU_N1_TO_1']);

/**
 * Tensors computed from constants alone (weights made at run time, e.g. ConstantOfShape or a Reshape of an
 * initializer): they hold no pixels, so they never block a cut and are read by spatial ops like weights.
 */
export function weightTensors(graph: Graph, schedule: readonly number[]): Set<string> {
  // A graph input with an initializer (ONNX IR < 4 lists initializers as inputs) is a constant too, as
  // `activationLifetimes` counts it.
  const weights = constantTensorIds(graph);
  for (const index of schedule) {
    const node = graph.nodes[index]!;
    if (isConstantNode(node) || nodeReads(node).every((id) => weights.has(id)))
      for (const out of node.outputs) if (out !== '') weights.add(out);
  }
  return weights;
}

function label(node: Node): string {
  return `"${node.name || node.id}" (${node.op})`;
}

/** Why `node` cannot be part of a patch stage, as a sentence. */
function stopReason(node: Node, ctx: SpatialContext): string {
  for (const id of [...node.inputs, ...node.outputs]) {
    if (id === '' || ctx.weights.has(id)) continue;
    if (concreteDims(ctx.typeOf(id)?.shape) === undefined)
      return `the shape of "${id}" at layer ${label(node)} is unknown, so its receptive field cannot be traced`;
  }
  return `layer ${label(node)} is not one a patch stage can hold (a convolution, pooling, padding, channel concat or element-wise op on 4-D feature maps, with constant weights)`;
}

/**
 * Every cut of the longest schedule prefix made of spatial ops (and weight-making nodes, which are no
 * part of any stage). `fused`: Relu/Clip run fused into the op before them, so no cut is put between.
 */
export function findStages(graph: Graph, lifetimes: Lifetimes, ctx: SpatialContext, fused: boolean): StageSearch {
  const readers = new Map<string, Node[]>();
  for (const node of graph.nodes) for (const id of nodeReads(node)) readers.set(id, [...(readers.get(id) ?? []), node]);
  const ending = new Map<number, string[]>();
  const produced = new Map<number, string[]>();
  for (const t of lifetimes.tensors) {
    if (ctx.weights.has(t.id)) continue;
    produced.set(t.first, [...(produced.get(t.first) ?? []), t.id]);
    // Graph outputs are needed after the last step too.
    if (!t.isOutput) ending.set(t.last, [...(ending.get(t.last) ?? []), t.id]);
  }
  const alive = new Set<string>();
  const stages: Stage[] = [];
  const ops: SpatialOp[] = [];
  const nodeIndices: number[] = [];
  for (let step = 0; step < lifetimes.schedule.length; step++) {
    const index = lifetimes.schedule[step]!;
    const node = graph.nodes[index]!;
    for (const id of produced.get(step) ?? []) alive.add(id);
    for (const id of ending.get(step) ?? []) alive.delete(id);
    const making = node.outputs.every((id) => id === '' || ctx.weights.has(id));
    if (making) continue;
    const op = spatialOp(node, ctx);
    if (!op) return { stages, reason: noStage(ops.length, stopReason(node, ctx)) };
    ops.push(op);
    nodeIndices.push(index);
    if (alive.size !== 1 || !alive.has(op.output)) continue;
    const next = readers.get(op.output) ?? [];
    if (fused && next.length === 1 && FUSED_ACTIVATIONS.has(next[0]!.op)) continue;
    stages.push({ endStep: step, endNode: node, output: op.output, ops: [...ops], nodeIndices: [...nodeIndices] });
  }
  return { stages, reason: noStage(ops.length) };
}

function noStage(spatialOps: number, stop?: string): string {
  const layers = spatialOps === 1 ? 'layer' : `${spatialOps} layers`;
  const pending = `no point of the first ${layers} leaves a single feature map to carry on (a branch or residual stays pending)`;
  if (stop === undefined) return pending;
  return spatialOps === 0 ? stop : `${pending}, and then ${stop}`;
}

/** Format of a model for the patch estimate, or a sentence saying why it is not supported. */
export function supportedFormat(format: FormatId): string | undefined {
  return format === 'tfjs'
    ? 'the patch-based estimate reads ONNX and TFLite CNNs; TF.js models are not supported yet'
    : undefined;
}
