// What a recipe did to each layer's weight, read from the variant itself (zeros are counted in its stored
// weights) and from the step reports (channels removed, clusters): the rows of the sparsity chart and the
// badges on the variant's graph nodes.
import type { Graph, StepReport } from '../core';
import type { NodeBadge, WeightLayerView } from './protocol';
import { nodeLabel, weightedNodes, zeroCount } from './weight-layers';

type PruneLayerReport = Extract<StepReport, { kind: 'prune'; report: unknown }>['report']['layers'][number];

/** Below this share of zeros a weight is not marked as sparse on the graph. */
const SPARSE_BADGE_MIN = 0.01;

interface Keyed<T> {
  readonly byId: Map<string, T>;
  readonly byName: Map<string, T>;
}

function keyed<T>(): Keyed<T> {
  return { byId: new Map(), byName: new Map() };
}

// Node ids survive the steps (and the file round trip) for named nodes; otherwise the name is the link.
function lookup<T>(map: Keyed<T>, id: string, name: string): T | undefined {
  return map.byId.get(id) ?? (name ? map.byName.get(name) : undefined);
}

/** Output channels before the first and after the last structured prune of each layer. */
function channelChanges(steps: readonly StepReport[]): Keyed<{ before: number; after: number }> {
  const out = keyed<{ before: number; after: number }>();
  const put = (layer: PruneLayerReport, before: number, after: number) => {
    const previous = out.byId.get(layer.nodeId) ?? (layer.name ? out.byName.get(layer.name) : undefined);
    const value = { before: previous?.before ?? before, after };
    out.byId.set(layer.nodeId, value);
    if (layer.name) out.byName.set(layer.name, value);
  };
  for (const step of steps) {
    if (step.kind !== 'prune' || !('report' in step)) continue;
    for (const layer of step.report.layers) {
      const { channelsBefore: before, channelsAfter: after } = layer;
      if (layer.skipped || before === undefined || after === undefined || after >= before) continue;
      put(layer, before, after);
    }
  }
  return out;
}

/** Clusters of each clustered layer (the last cluster step wins). */
function clusterCounts(steps: readonly StepReport[]): Keyed<number> {
  const out = keyed<number>();
  for (const step of steps) {
    if (step.kind !== 'cluster' || !('report' in step)) continue;
    for (const layer of step.report.layers) {
      if (layer.skipped) continue;
      out.byId.set(layer.nodeId, layer.clusters);
      if (layer.name) out.byName.set(layer.name, layer.clusters);
    }
  }
  return out;
}

/** The weight of every layer of a variant with what the recipe's steps did to it, in node order. */
export function weightLayerViews(graph: Graph, steps: readonly StepReport[]): WeightLayerView[] {
  const channels = channelChanges(steps);
  const clusters = clusterCounts(steps);
  const out: WeightLayerView[] = [];
  for (const w of weightedNodes(graph)) {
    const counted = zeroCount(w.tensor);
    if (!counted || counted.elements === 0) continue;
    const name = nodeLabel(graph, w.node);
    const c = lookup(channels, w.node.id, w.node.name);
    const k = lookup(clusters, w.node.id, w.node.name);
    out.push({
      nodeId: w.node.id,
      name,
      op: w.node.op,
      tensorId: w.tensor.id,
      elements: counted.elements,
      zeros: counted.zeros,
      sparsity: counted.zeros / counted.elements,
      ...(c ? { channelsBefore: c.before, channelsAfter: c.after } : {}),
      ...(k !== undefined ? { clusters: k } : {}),
    });
  }
  return out;
}

/** True when a step zeroed weights (unstructured or N:M pruning that ran). */
export function zeroedWeights(steps: readonly StepReport[]): boolean {
  return steps.some((s) => s.kind === 'prune' && 'report' in s && s.report.method !== 'channels');
}

/**
 * Badges for the variant's graph: "C → C′ ch" on layers that lost channels, "NN % zeros" on sparse
 * weights when a step zeroed weights (a model's own few zeros are not news).
 */
export function layerBadges(layers: readonly WeightLayerView[], zeroed: boolean): Map<string, NodeBadge[]> {
  const out = new Map<string, NodeBadge[]>();
  for (const layer of layers) {
    const badges: NodeBadge[] = [];
    if (layer.channelsBefore !== undefined && layer.channelsAfter !== undefined)
      badges.push({ kind: 'channels', before: layer.channelsBefore, after: layer.channelsAfter });
    if (zeroed && layer.sparsity >= SPARSE_BADGE_MIN) badges.push({ kind: 'zeros', sparsity: layer.sparsity });
    if (badges.length) out.set(layer.nodeId, badges);
  }
  return out;
}
