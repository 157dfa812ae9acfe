// Keeping node order topological after an edit. ONNX requires it and every consumer here runs nodes in
// stored order, so an edit that makes a node read a tensor produced later (a rewire, a node added on an
// edge) re-sorts: Kahn's algorithm taking, among ready nodes, the one that came first, so nodes move only
// as far as they must. A graph with a cycle keeps its order (validation reports the cycle).
import { nodeReads } from '../../analysis/params';
import { indexGraph } from '../../ir/graph-index';
import type { Graph } from '../../ir/types';

/** Predecessor positions of each node (nodes producing a tensor it reads, nested bodies' reads included). */
function predecessors(graph: Graph): number[][] {
  const index = indexGraph(graph);
  return graph.nodes.map((n) => {
    const before = new Set<number>();
    for (const id of nodeReads(n)) {
      const p = index.producer.get(id);
      if (p !== undefined) before.add(p);
    }
    return [...before];
  });
}

/** True when every node comes after the producers of what it reads. */
export function isTopological(graph: Graph): boolean {
  return predecessors(graph).every((before, i) => before.every((p) => p < i));
}

/** The graph with its nodes in a topological order as close to the stored one as possible (see above). */
export function topologicalOrder(graph: Graph): Graph {
  const before = predecessors(graph);
  if (before.every((list, i) => list.every((p) => p < i))) return graph;
  const count = graph.nodes.length;
  const waiting = before.map((list, i) => list.filter((p) => p !== i).length);
  const after: number[][] = Array.from({ length: count }, () => []);
  before.forEach((list, i) => list.forEach((p) => p !== i && after[p]!.push(i)));
  // Ready nodes by position; a sorted array is enough at edit sizes (re-sorting is rare and local).
  const ready = waiting.flatMap((w, i) => (w === 0 ? [i] : []));
  const order: number[] = [];
  while (ready.length) {
    const next = ready.shift()!;
    order.push(next);
    for (const s of after[next]!) {
      waiting[s] = waiting[s]! - 1;
      if (waiting[s] === 0) {
        const at = ready.findIndex((r) => r > s);
        ready.splice(at < 0 ? ready.length : at, 0, s);
      }
    }
  }
  if (order.length < count) return graph;
  return { ...graph, nodes: order.map((i) => graph.nodes[i]!) };
}
