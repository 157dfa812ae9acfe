// Channel-following rules both formats share: pass-through ops, broadcasting element-wise ops, reshapes,
// concatenation, transposes and reductions. Axes are in the tensor's own rank.
import { refTensor, resolveConst } from './const-ref';
import {
  concatLayouts,
  fixedLayout,
  layoutLength,
  pairSegments,
  reshapeFlow,
  type AxisLayout,
  type Flow,
} from './layout';
import { describeNode, type LayerMatch, type ProducerSpec, type Tracer } from './trace';
import type { Node } from '../../../ir/types';

/** The one tracked input a single-input rule follows; blocks when another input is tracked too. */
export function soleFlow(t: Tracer, node: Node, input = 0): Flow | undefined {
  const f = t.flow(node.inputs[input] ?? '');
  const others = node.inputs.some((id, i) => i !== input && t.flow(id));
  if (!f || others) {
    t.blockInputs(node, `${describeNode(node)} reads channels on an input it cannot follow`);
    return undefined;
  }
  return f;
}

/** Outputs carry the input's channels unchanged (activations, pooling, Identity, …). */
export function passThrough(t: Tracer, node: Node, outputs: readonly number[] = [0]): void {
  const f = soleFlow(t, node);
  if (!f) return;
  for (const o of outputs) t.setFlow(node.outputs[o] ?? '', f, node);
  // Other outputs (MaxPool indices, …) would change meaning: block when anything reads them.
  node.outputs.forEach((id, o) => {
    if (id !== '' && !outputs.includes(o) && readers(t, id) > 0)
      t.blockLayout(f.layout, `${describeNode(node)} output "${id}" depends on the channel count`);
  });
}

function readers(t: Tracer, id: string): number {
  return t.graph.nodes.filter((n) => n.inputs.includes(id)).length + (t.graph.outputs.includes(id) ? 1 : 0);
}

/**
 * Broadcasting element-wise ops (Add, Mul, …): tracked inputs must line up channel by channel (their
 * spaces are merged, as in a residual Add), constants spanning the channels are cut alike, and a
 * computed input spanning them keeps every channel (so the tracked ones are blocked).
 */
export function elementwise(t: Tracer, node: Node, index: number, inputs?: readonly number[]): void {
  const slots = inputs ?? node.inputs.map((_, i) => i).filter((i) => node.inputs[i] !== '');
  const out = node.outputs[0] ?? '';
  const ranks = slots.map((i) => t.dims(node.inputs[i]!)?.length);
  const outRank =
    t.dims(out)?.length ?? (ranks.every((r) => r !== undefined) ? Math.max(...(ranks as number[])) : undefined);
  if (outRank === undefined || ranks.some((r) => r === undefined)) {
    t.blockInputs(node, `${describeNode(node)} has inputs of unknown shape`);
    return;
  }
  let axis: number | undefined;
  let layout: AxisLayout | undefined;
  for (const [k, i] of slots.entries()) {
    const f = t.flow(node.inputs[i]!);
    if (!f) continue;
    const aligned = f.axis + outRank - ranks[k]!;
    if (axis === undefined) {
      axis = aligned;
      layout = f.layout;
      continue;
    }
    const pairs = aligned === axis ? pairSegments(layout!, f.layout) : undefined;
    const reason = `${describeNode(node)} combines channels that do not line up`;
    if (!pairs) {
      t.blockInputs(node, reason);
      return;
    }
    for (const [x, y] of pairs) t.spaces.pair(x, y, `${describeNode(node)} adds channels that are not pruned`);
  }
  if (axis === undefined || !layout) return;
  const length = layoutLength(layout);
  for (const [k, i] of slots.entries()) {
    const id = node.inputs[i]!;
    if (t.flow(id)) continue;
    const local = axis - (outRank - ranks[k]!);
    const dim = local < 0 ? 1 : t.dims(id)![local];
    if (dim === 1) continue;
    if (dim !== length) {
      t.blockLayout(layout, `${describeNode(node)} reads "${id}", whose shape does not broadcast over the channels`);
      return;
    }
    if (resolveConst(t.graph, id)) t.slice(node, index, i, local, layout);
    else t.blockLayout(layout, `${describeNode(node)} combines the channels with "${id}", whose channels are kept`);
  }
  t.setFlow(out, { axis, layout }, node);
}

/**
 * Reshape-like ops (Reshape, Flatten, Squeeze, Unsqueeze, TFLite RESHAPE): where the channels land in the
 * output; `target` is the stored target shape when it has to be rewritten (undefined: nothing stored,
 * e.g. Flatten, or no readable constant — then only rewrite-free cases pass).
 */
export function reshapeLike(
  t: Tracer,
  node: Node,
  index: number,
  target: { readonly values?: readonly number[]; readonly stored: boolean },
): void {
  const f = soleFlow(t, node);
  if (!f) return;
  const out = node.outputs[0] ?? '';
  const inDims = t.dims(node.inputs[0]!);
  const outDims = t.dims(out);
  const moved = inDims && outDims ? reshapeFlow(f, inDims, outDims) : undefined;
  if (!moved) {
    t.blockLayout(f.layout, `${describeNode(node)} mixes the channels with other dimensions`);
    return;
  }
  if (target.stored) {
    const v = target.values?.[moved.axis];
    const sameLength = moved.axis === f.axis && layoutLength(moved.layout) === layoutLength(f.layout);
    if (v === undefined || (v === 0 && !sameLength)) {
      t.blockLayout(f.layout, `${describeNode(node)} has a target shape the pruner cannot rewrite`);
      return;
    }
    if (v > 0) t.edit({ kind: 'reshape', node: index, axis: moved.axis, layout: moved.layout });
  }
  t.setFlow(out, moved, node);
}

/** Concatenation along `axis` (normalized): channels side by side, or lined up when joined elsewhere. */
export function concat(t: Tracer, node: Node, axis: number): void {
  const flows = node.inputs.map((id) => t.flow(id));
  const tracked = flows.filter((f): f is Flow => f !== undefined);
  const channelAxis = tracked[0]!.axis;
  if (tracked.some((f) => f.axis !== channelAxis)) {
    t.blockInputs(node, `${describeNode(node)} joins channels on different axes`);
    return;
  }
  if (channelAxis !== axis) {
    // Joined along another axis: the inputs' channels share positions, like an element-wise op.
    if (tracked.length !== node.inputs.length) {
      t.blockInputs(node, `${describeNode(node)} joins the channels with an input whose channels are kept`);
      return;
    }
    for (const f of tracked.slice(1)) {
      const pairs = pairSegments(tracked[0]!.layout, f.layout);
      if (!pairs) return t.blockInputs(node, `${describeNode(node)} joins channels that do not line up`);
      for (const [x, y] of pairs) t.spaces.pair(x, y, `${describeNode(node)} joins channels that are not pruned`);
    }
    t.setFlow(node.outputs[0] ?? '', tracked[0]!, node);
    return;
  }
  const layouts: AxisLayout[] = [];
  for (const [i, id] of node.inputs.entries()) {
    const f = flows[i];
    const dim = f ? undefined : t.dims(id)?.[axis];
    if (!f && dim === undefined) return t.blockInputs(node, `${describeNode(node)} joins an input of unknown shape`);
    layouts.push(f ? f.layout : fixedLayout(dim!));
  }
  const layout = concatLayouts(layouts);
  if (!layout) return t.blockInputs(node, `${describeNode(node)} joins repeated channel blocks`);
  t.setFlow(node.outputs[0] ?? '', { axis, layout }, node);
}

/** A transpose moves the channel axis to where `perm` puts it. */
export function transpose(t: Tracer, node: Node, perm: readonly number[] | undefined): void {
  const f = soleFlow(t, node);
  if (!f) return;
  const rank = t.dims(node.inputs[0]!)?.length;
  const order = perm ?? (rank === undefined ? undefined : Array.from({ length: rank }, (_, i) => rank - 1 - i));
  const axis = order?.indexOf(f.axis) ?? -1;
  if (axis < 0) return t.blockLayout(f.layout, `${describeNode(node)} has an unknown permutation`);
  t.setFlow(node.outputs[0] ?? '', { axis, layout: f.layout }, node);
}

/** A reduction over `axes` (normalized; undefined = all): fine unless it reduces the channels. */
export function reduce(t: Tracer, node: Node, axes: readonly number[] | undefined, keepDims: boolean): void {
  const f = soleFlow(t, node);
  if (!f) return;
  if (!axes || axes.includes(f.axis)) return t.blockLayout(f.layout, `${describeNode(node)} reduces over the channels`);
  const axis = keepDims ? f.axis : f.axis - axes.filter((a) => a < f.axis).length;
  t.setFlow(node.outputs[0] ?? '', { axis, layout: f.layout }, node);
}

/** Normalizes possibly negative axes against a rank. */
export function normalizeAxes(axes: readonly number[], rank: number): number[] {
  return axes.map((a) => (a < 0 ? a + rank : a));
}

/** Dims of a constant input as its reader sees them, undefined when it is computed. */
export function constDims(t: Tracer, node: Node, input: number): readonly number[] | undefined {
  const ref = resolveConst(t.graph, node.inputs[input] ?? '');
  return ref ? refTensor(ref).dims : undefined;
}

/** A weight layer whose weight is input 1 (every layer op of both formats), prunable or not. */
export function weightLayer(producer: ProducerSpec | string): LayerMatch {
  return { weightInput: 1, producer };
}
