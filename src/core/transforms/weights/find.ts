// Finding every layer's prunable / clusterable weight in a model's main graph, and the refusal when there is
// none (with the reason, e.g. weights generated at run time by ConstantOfShape).
import { TransformError } from '../../errors';
import { indexGraph } from '../../ir/graph-index';
import { constantByteLength } from '../../ir/tensor';
import { FORMAT_NAMES } from '../../formats/format';
import type { Model } from '../../ir/types';
import { layerSlot, LAYER_OPS, type LayerAxes } from './layers';
import { elementBytes, resolveWeight, type ResolvedWeight } from './resolve';
import type { WeightRef } from './types';

/** How messages name a model: its graph name when it has one. */
export function modelLabel(model: Model): string {
  const name = model.graph.name.trim();
  return name ? `${FORMAT_NAMES[model.format]} model "${name}"` : `the ${FORMAT_NAMES[model.format]} model`;
}

/** What a search for weights found: the weights, and why layers without one have none. */
export interface WeightSearch {
  readonly weights: readonly WeightRef[];
  /** Layers whose weight cannot be rewritten, with the reason (node id → reason). */
  readonly unsupported: ReadonlyMap<string, string>;
  /** Layer nodes seen (with or without a usable weight). */
  readonly layers: number;
}

interface Draft {
  readonly resolved: ResolvedWeight;
  readonly axes: LayerAxes;
  readonly readers: string[];
  readonly position: number;
  readonly nodeId: string;
  readonly name: string;
  readonly op: string;
}

/** Every weight of `model`'s main graph (a weight read by several layers once), in node order. */
export function searchWeights(model: Model): WeightSearch {
  const graph = model.graph;
  const index = indexGraph(graph);
  const drafts = new Map<string, Draft>();
  const unsupported = new Map<string, string>();
  let layers = 0;
  graph.nodes.forEach((node, position) => {
    const slot = layerSlot(model.format, node);
    if (!slot) return;
    layers++;
    const id = node.inputs[slot.input] ?? '';
    if (id === '') {
      unsupported.set(node.id, 'the layer has no weight input');
      return;
    }
    // Both operands constant: an expression the layer evaluates, not a layer with weights.
    if (index.tensor.get(node.inputs[slot.data] ?? '')?.data) {
      unsupported.set(node.id, 'its data input is a constant too');
      return;
    }
    const r = resolveWeight(model.format, index, graph.nodes, id);
    if ('reason' in r) {
      unsupported.set(node.id, r.reason);
      return;
    }
    const key = r.ok.storage === 'constant-node' ? `node:${r.ok.constantNode}` : `tensor:${r.ok.tensor.id}`;
    const known = drafts.get(key);
    if (known) {
      known.readers.push(node.id);
      return;
    }
    const axes = slot.axes(r.ok.shape);
    if (!axes) {
      unsupported.set(node.id, `its weight's shape [${r.ok.shape.join(', ')}] does not fit ${node.op}`);
      return;
    }
    drafts.set(key, {
      resolved: r.ok,
      axes,
      readers: [node.id],
      position,
      nodeId: node.id,
      name: node.name,
      op: node.op,
    });
  });
  const list = [...drafts.values()];
  const weights = list.map((d, i): WeightRef => {
    const t = d.resolved.tensor;
    const elements = d.resolved.storedShape.reduce((a, b) => a * b, 1);
    return {
      nodeId: d.nodeId,
      name: d.name,
      op: d.op,
      readers: d.readers,
      position: d.position,
      tensor: t.id,
      storage: d.resolved.storage,
      ...(d.resolved.constantNode !== undefined ? { constantNode: d.resolved.constantNode } : {}),
      via: d.resolved.via,
      dtype: t.dtype,
      ...(d.resolved.quant ? { quant: d.resolved.quant } : {}),
      storedShape: d.resolved.storedShape,
      shape: d.resolved.shape,
      elements,
      ...d.axes,
      bytes: constantByteLength(t),
      elementBytes: elementBytes(t.dtype),
      first: i === 0,
      last: i === list.length - 1,
    };
  });
  return { weights, unsupported, layers };
}

/** The most common reason among the layers without a usable weight. */
function mainReason(unsupported: ReadonlyMap<string, string>): { reason: string; count: number } | undefined {
  const counts = new Map<string, number>();
  for (const reason of unsupported.values()) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  let best: { reason: string; count: number } | undefined;
  for (const [reason, count] of counts) if (!best || count > best.count) best = { reason, count };
  return best;
}

/**
 * The weights of `model`, or TransformError('not-applicable') naming the model and why it has none
 * ("…: no prunable weights: weights are computed at run time by ConstantOfShape (52 of 52 layers)").
 * `what` names the weights in the message ('prunable', 'clusterable').
 */
export function requireWeights(model: Model, what = 'prunable'): WeightSearch {
  const search = searchWeights(model);
  if (search.weights.length > 0) return search;
  const label = modelLabel(model);
  if (search.layers === 0)
    throw new TransformError(
      'not-applicable',
      `${label}: no ${what} weights: it has no ${LAYER_OPS[model.format]} layers`,
    );
  const main = mainReason(search.unsupported)!;
  throw new TransformError(
    'not-applicable',
    `${label}: no ${what} weights: ${main.reason} (${main.count} of ${search.layers} layers)`,
  );
}
