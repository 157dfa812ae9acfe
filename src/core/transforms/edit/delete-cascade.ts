// deleteNodeCascade: a node with everything that exists only because of it.
//
// Downstream, a node goes when it reads at least one non-constant tensor and every non-constant tensor it
// reads is made by a node that goes (it could compute nothing any more). Upstream, a node goes when none of
// its outputs is a graph output (or a TFLite signature tensor) and every reader of its outputs goes (it only
// fed what was deleted); a constant goes when every reader goes. Both repeat until nothing changes. Graph
// inputs always stay; graph outputs made by deleted nodes leave the output list.
import { nodeReads } from '../../analysis/params';
import { indexGraph } from '../../ir/graph-index';
import type { Graph, Model } from '../../ir/types';
import { pinnedTensors } from '../cleanup/common';
import { findNode } from './lookup';
import { editResult } from './result';
import { syncTfliteSignatures } from './tflite-extras';
import type { EditResult } from './types';

function downstream(graph: Graph, gone: Set<number>, constants: ReadonlySet<string>): void {
  const index = indexGraph(graph);
  for (let changed = true; changed;) {
    changed = false;
    graph.nodes.forEach((n, i) => {
      if (gone.has(i)) return;
      const reads = nodeReads(n).filter((id) => !constants.has(id) && !graph.inputs.includes(id));
      const fromGone = (id: string): boolean => {
        const p = index.producer.get(id);
        return p !== undefined && gone.has(p);
      };
      if (reads.length > 0 && reads.every(fromGone)) {
        gone.add(i);
        changed = true;
      }
    });
  }
}

function upstream(graph: Graph, gone: Set<number>, pinned: ReadonlySet<string>): void {
  const index = indexGraph(graph);
  const onlyFeedsGone = (id: string): boolean =>
    !pinned.has(id) && (index.consumers.get(id) ?? []).every((c) => gone.has(c));
  for (let changed = true; changed;) {
    changed = false;
    for (let i = graph.nodes.length - 1; i >= 0; i--) {
      const n = graph.nodes[i]!;
      if (gone.has(i)) continue;
      const outputs = n.outputs.filter((id) => id !== '');
      // Nodes without outputs exist for an effect: never swept up.
      if (outputs.length === 0 || !outputs.every(onlyFeedsGone)) continue;
      const feedsGone = outputs.some((id) => (index.consumers.get(id) ?? []).length > 0);
      if (!feedsGone) continue;
      gone.add(i);
      changed = true;
    }
  }
}

/** deleteNodeCascade (see the file comment). */
export function deleteNodeCascade(model: Model, ref: string): EditResult {
  const graph = model.graph;
  const node = findNode(graph, ref);
  const index = indexGraph(graph);
  const constants = new Set(graph.tensors.filter((t) => t.data).map((t) => t.id));
  const gone = new Set([index.nodePosition.get(node.id)!]);
  downstream(graph, gone, constants);
  const goneNodes = graph.nodes.filter((_, i) => gone.has(i));
  const made = new Set(goneNodes.flatMap((n) => n.outputs).filter((id) => id !== ''));
  const outputs = graph.outputs.filter((id) => !made.has(id));
  const pinned = pinnedTensors(model, { ...graph, outputs });
  upstream(graph, gone, pinned);

  const nodes = graph.nodes.filter((_, i) => !gone.has(i));
  const stillRead = new Set(nodes.flatMap((n) => nodeReads(n)));
  const removedNodes = graph.nodes.filter((_, i) => gone.has(i));
  const dropped = new Set<string>();
  for (const n of removedNodes) {
    for (const id of n.outputs) if (id !== '') dropped.add(id);
    for (const id of nodeReads(n)) if (constants.has(id) && !stillRead.has(id) && !pinned.has(id)) dropped.add(id);
  }
  const tensors = graph.tensors.filter((t) => !dropped.has(t.id) || stillRead.has(t.id));
  const kept = new Set(tensors.map((t) => t.id));
  const next = syncTfliteSignatures({ ...model, graph: { ...graph, nodes, tensors, outputs } });
  const dangling = nodes.filter((n) => nodeReads(n).some((id) => made.has(id))).map((n) => n.id);
  return editResult(
    next,
    { nodes: dangling },
    { nodes: removedNodes.map((n) => n.id), tensors: [...dropped].filter((id) => !kept.has(id)) },
  );
}
