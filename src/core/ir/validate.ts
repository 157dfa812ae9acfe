import { indexGraph, nestedGraphs } from './graph-index';
import type { Graph } from './types';

export type ProblemCode =
  | 'duplicate-tensor'
  | 'duplicate-node'
  | 'multiple-producers'
  | 'dangling-input'
  | 'missing-output'
  | 'cycle'
  | 'out-of-order';

/** One structural problem of a graph, pointing at what is wrong. */
export interface Problem {
  readonly code: ProblemCode;
  readonly message: string;
  readonly nodeId?: string;
  readonly tensorId?: string;
  /** Names of the enclosing nodes for problems inside nested graphs (If/Loop bodies). */
  readonly path?: readonly string[];
}

/**
 * Structural checks of a graph and the graphs nested in it: every read tensor exists, every tensor has
 * one producer, outputs are produced, and the node order is a topological order without cycles.
 * `outerScope` holds ids visible from enclosing graphs.
 */
export function validateGraph(
  graph: Graph,
  outerScope: ReadonlySet<string> = new Set(),
  path: readonly string[] = [],
): Problem[] {
  const problems: Problem[] = [];
  const at = path.length ? { path } : {};
  const index = indexGraph(graph);

  const seenTensors = new Set<string>();
  for (const t of graph.tensors) {
    if (seenTensors.has(t.id))
      problems.push({ code: 'duplicate-tensor', message: `tensor "${t.id}" is declared twice`, tensorId: t.id, ...at });
    seenTensors.add(t.id);
  }
  const seenNodes = new Set<string>();
  const producedBy = new Map<string, string>();
  for (const n of graph.nodes) {
    if (seenNodes.has(n.id))
      problems.push({ code: 'duplicate-node', message: `node id "${n.id}" is used twice`, nodeId: n.id, ...at });
    seenNodes.add(n.id);
    for (const out of n.outputs) {
      if (out === '') continue;
      const other = producedBy.get(out);
      if (other !== undefined)
        problems.push({
          code: 'multiple-producers',
          message: `tensor "${out}" is written by both "${other}" and "${n.id}"`,
          nodeId: n.id,
          tensorId: out,
          ...at,
        });
      else producedBy.set(out, n.id);
    }
  }

  // Tensors available before any node runs: graph inputs, constants and the enclosing scopes.
  const available = new Set<string>(outerScope);
  for (const id of graph.inputs) available.add(id);
  for (const t of graph.tensors) if (t.data) available.add(t.id);

  const cyclic = findCycleNodes(graph);
  graph.nodes.forEach((n, position) => {
    for (const input of n.inputs) {
      if (input === '' || available.has(input)) continue;
      const producer = index.producer.get(input);
      if (producer === undefined) {
        problems.push({
          code: 'dangling-input',
          message: `node "${n.id}" reads "${input}", which nothing produces`,
          nodeId: n.id,
          tensorId: input,
          ...at,
        });
      } else if (cyclic.has(n.id)) {
        problems.push({
          code: 'cycle',
          message: `node "${n.id}" is part of a cycle through "${input}"`,
          nodeId: n.id,
          tensorId: input,
          ...at,
        });
      } else if (producer > position) {
        problems.push({
          code: 'out-of-order',
          message: `node "${n.id}" reads "${input}" before it is produced`,
          nodeId: n.id,
          tensorId: input,
          ...at,
        });
      }
    }
    for (const out of n.outputs) if (out !== '') available.add(out);
    const nested = nestedGraphs(n);
    // The scope set is only built for nodes with bodies: building it per node made validation quadratic.
    if (nested.length === 0) return;
    const scope = new Set([...available, ...index.tensor.keys()]);
    for (const sub of nested) problems.push(...validateGraph(sub, scope, [...path, n.id]));
  });

  for (const out of graph.outputs) {
    if (!available.has(out) && !index.producer.has(out)) {
      problems.push({
        code: 'missing-output',
        message: `graph output "${out}" is never produced`,
        tensorId: out,
        ...at,
      });
    }
  }
  return problems;
}

/** Ids of nodes that lie on a dependency cycle (Tarjan's strongly connected components). */
function findCycleNodes(graph: Graph): Set<string> {
  const index = indexGraph(graph);
  const successors = graph.nodes.map((n) => {
    const next = new Set<number>();
    for (const out of n.outputs) for (const c of index.consumers.get(out) ?? []) next.add(c);
    return [...next];
  });
  const order = new Array<number>(graph.nodes.length).fill(-1);
  const low = new Array<number>(graph.nodes.length).fill(0);
  const onStack = new Array<boolean>(graph.nodes.length).fill(false);
  const stack: number[] = [];
  const cyclic = new Set<string>();
  let counter = 0;

  // Iterative DFS so deep graphs (thousands of nodes in a chain) cannot overflow the call stack.
  for (let root = 0; root < graph.nodes.length; root++) {
    if (order[root] !== -1) continue;
    const work: Array<[number, number]> = [[root, 0]];
    while (work.length) {
      const frame = work[work.length - 1]!;
      const [v, i] = frame;
      if (i === 0) {
        order[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = true;
      }
      const succ = successors[v]!;
      if (i < succ.length) {
        frame[1] = i + 1;
        const w = succ[i]!;
        if (order[w] === -1) work.push([w, 0]);
        else if (onStack[w]) low[v] = Math.min(low[v]!, order[w]!);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[v]!);
      if (low[v] === order[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          component.push(w);
        } while (w !== v);
        const selfLoop = component.length === 1 && successors[v]!.includes(v);
        if (component.length > 1 || selfLoop) for (const c of component) cyclic.add(graph.nodes[c]!.id);
      }
    }
  }
  return cyclic;
}
