// Finding what an edit names, and naming it back in messages.
import { indexGraph } from '../../ir/graph-index';
import type { Graph, Node, Tensor } from '../../ir/types';
import { takenIds } from '../cleanup/common';
import { refuse } from './edit-error';

/** How a node is named in messages: `Conv "conv1"`. */
export function nodeLabel(node: Node): string {
  return `${node.op} "${node.name || node.id}"`;
}

/** The node with id `ref`, or else the one node whose stored name is `ref`; refuses otherwise. */
export function findNode(graph: Graph, ref: string): Node {
  const byId = indexGraph(graph).node.get(ref);
  if (byId) return byId;
  const named = graph.nodes.filter((n) => n.name === ref);
  if (named.length === 1) return named[0]!;
  if (named.length > 1)
    refuse('unknown-node', `${named.length} nodes are named "${ref}"; name the one meant by its id`, ref);
  return refuse('unknown-node', `the graph has no node "${ref}"`, ref);
}

/** The tensor declared with id `id`, or undefined. */
export function tensorOf(graph: Graph, id: string): Tensor | undefined {
  return indexGraph(graph).tensor.get(id);
}

/** True when `id` is a tensor of the graph: declared, a graph input, or written by a node. */
export function hasTensor(graph: Graph, id: string): boolean {
  const index = indexGraph(graph);
  return index.tensor.has(id) || index.producer.has(id) || graph.inputs.includes(id);
}

/** Refuses unless `id` is a tensor of the graph (see hasTensor). */
export function requireTensor(graph: Graph, id: string, what = 'tensor'): void {
  if (!hasTensor(graph, id)) refuse('unknown-tensor', `the graph has no ${what} "${id}"`, id);
}

/** The declared tensor with id `id`; refuses when the graph does not declare it. */
export function requireDeclared(graph: Graph, id: string, what = 'tensor'): Tensor {
  const t = tensorOf(graph, id);
  return t ?? refuse('unknown-tensor', `the graph declares no ${what} "${id}"`, id);
}

/** True for a tensor that holds constant data (an initializer, a TFLite buffer). */
export function isConstant(graph: Graph, id: string): boolean {
  return tensorOf(graph, id)?.data !== undefined;
}

/** Every node id, node name and tensor id of the graph (for `freshId`). */
export function usedNames(graph: Graph): Set<string> {
  const taken = takenIds(graph);
  for (const n of graph.nodes) if (n.name) taken.add(n.name);
  return taken;
}
