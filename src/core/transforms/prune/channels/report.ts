// The per-layer report of channel pruning: every weight layer with its weight before and after, the
// channels it lost, and why a layer kept them all.
import { dtypeBits } from '../../../ir/dtype';
import type { Graph, Tensor } from '../../../ir/types';
import { sparseBytes } from '../storage';
import type { PruneLayerReport } from '../types';
import { refTensor, refValues, resolveConst, type ConstRef } from './const-ref';
import { keptPositions, layoutLength, range, type KeptOf } from './layout';
import type { GroupDecision } from './select';
import type { SpaceTable } from './spaces';
import { describeNode, type LayerInfo, type TraceResult } from './trace';

function zeros(ref: ConstRef): number {
  const values = refValues(ref);
  let n = 0;
  if (values) for (const v of values) if (v === 0) n++;
  return n;
}

function weightOf(
  graph: Graph,
  node: number,
  input: number,
): { ref: ConstRef; tensor: Tensor; dims: readonly number[] } | undefined {
  const ref = resolveConst(graph, graph.nodes[node]?.inputs[input] ?? '');
  return ref ? { ref, ...refTensor(ref) } : undefined;
}

export function layerReports(
  before: Graph,
  after: Graph,
  trace: TraceResult,
  keptOf: KeptOf,
  reasonsOf: (layer: LayerInfo) => readonly string[],
): PruneLayerReport[] {
  const reports: PruneLayerReport[] = [];
  for (const layer of trace.layers) {
    const node = before.nodes[layer.node]!;
    const old = weightOf(before, layer.node, layer.weightInput);
    const now = weightOf(after, layer.node, layer.weightInput);
    if (!old || !now) continue;
    const flow = trace.flows.get(node.outputs[0] ?? '');
    const channelsBefore = flow ? layoutLength(flow.layout) : (layer.spec?.channels ?? 0);
    const kept = flow ? keptPositions(flow.layout, keptOf) : range(channelsBefore);
    const keptSet = new Set(kept);
    const removedChannels = range(channelsBefore).filter((c) => !keptSet.has(c));
    const elements = now.dims.reduce((a, b) => a * b, 1);
    const zerosAfter = zeros(now.ref);
    const rows = layer.spec ? (now.dims[layer.spec.weightAxis] ?? 1) : (now.dims[0] ?? 1);
    const reasons = removedChannels.length ? [] : reasonsOf(layer);
    reports.push({
      nodeId: node.id,
      name: node.name,
      op: node.op,
      tensor: node.inputs[layer.weightInput] ?? '',
      shape: [...now.dims],
      elements,
      zerosBefore: zeros(old.ref),
      zerosAfter,
      sparsity: elements ? zerosAfter / elements : 0,
      ...sparseBytes(elements, elements - zerosAfter, dtypeBits(now.tensor.dtype) / 8, rows),
      ...(channelsBefore ? { channelsBefore, channelsAfter: kept.length, removedChannels } : {}),
      ...(reasons.length ? { skipped: reasons.join('; ') } : {}),
    });
  }
  return reports;
}

/** Notes on groups: layers pruned together, and groups kept whole with the reason. */
export function groupNotes(graph: Graph, spaces: SpaceTable, decisions: readonly GroupDecision[]): string[] {
  const notes: string[] = [];
  for (const d of decisions) {
    const names = d.members.map((s) => describeNode(graph.nodes[spaces.producers[s]!.node]!)).join(', ');
    if (d.kept) {
      if (d.members.length > 1)
        notes.push(
          `${names}: their channels meet element by element, so they were pruned together (kept ${d.kept.length} of ${d.channels})`,
        );
    } else notes.push(`${names}: kept all ${d.channels} channels: ${d.reasons.join('; ')}`);
  }
  return notes;
}
