import type { GraphView } from '../../../workers/protocol';

/**
 * Ids of the nodes whose name or op contains `query` (case-insensitive), in graph order. Nodes whose op
 * matches exactly come first, so "conv" lists the Conv nodes before a node merely named "conv_out".
 */
export function findNodes(graph: GraphView, query: string): string[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const exact: string[] = [];
  const partial: string[] = [];
  for (const node of graph.nodes) {
    const op = node.op.toLowerCase();
    if (op === q) exact.push(node.id);
    else if (op.includes(q) || node.name.toLowerCase().includes(q)) partial.push(node.id);
  }
  return [...exact, ...partial];
}
