import type { Graph, Node, Tensor } from './types';

/** Lookups over one graph, built once per graph object (the IR is immutable, so caching by identity is safe). */
export interface GraphIndex {
  /** Tensor declared in this graph by id. */
  readonly tensor: ReadonlyMap<string, Tensor>;
  /** Index in `graph.nodes` of the node producing each tensor id. */
  readonly producer: ReadonlyMap<string, number>;
  /** Indices in `graph.nodes` of the nodes reading each tensor id (a node reading a tensor twice appears once). */
  readonly consumers: ReadonlyMap<string, readonly number[]>;
  /** Node by id. */
  readonly node: ReadonlyMap<string, Node>;
  /** Position of each node id in `graph.nodes`. */
  readonly nodePosition: ReadonlyMap<string, number>;
}

const cache = new WeakMap<Graph, GraphIndex>();

/** Lookups for `graph`, memoised on the graph object. */
export function indexGraph(graph: Graph): GraphIndex {
  const hit = cache.get(graph);
  if (hit) return hit;
  const tensor = new Map<string, Tensor>();
  for (const t of graph.tensors) tensor.set(t.id, t);
  const producer = new Map<string, number>();
  const consumers = new Map<string, number[]>();
  const node = new Map<string, Node>();
  const nodePosition = new Map<string, number>();
  graph.nodes.forEach((n, i) => {
    node.set(n.id, n);
    nodePosition.set(n.id, i);
    for (const out of n.outputs) if (out !== '') producer.set(out, i);
    for (const input of new Set(n.inputs)) {
      if (input === '') continue;
      const list = consumers.get(input);
      if (list) list.push(i);
      else consumers.set(input, [i]);
    }
  });
  const index: GraphIndex = { tensor, producer, consumers, node, nodePosition };
  cache.set(graph, index);
  return index;
}

/** Every graph nested in a node's attributes (If branches, Loop/Scan bodies), outermost first. */
export function nestedGraphs(node: Node): Graph[] {
  const graphs: Graph[] = [];
  for (const attr of Object.values(node.attributes)) {
    if (attr.type === 'graph') graphs.push(attr.value);
    else if (attr.type === 'graphs') graphs.push(...attr.value);
  }
  return graphs;
}

/** Calls `visit` on `graph` and on every graph nested under it, depth first. */
export function forEachGraph(graph: Graph, visit: (g: Graph, depth: number) => void, depth = 0): void {
  visit(graph, depth);
  for (const node of graph.nodes) for (const sub of nestedGraphs(node)) forEachGraph(sub, visit, depth + 1);
}
