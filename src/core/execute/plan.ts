// What the executor works out once per model: each node's kernel, and after which node each activation is
// dead (its last reader has run, as in analysis/memory/lifetimes), so its buffer can be recycled.
import { isConstantNode, nodeReads } from '../analysis/params';
import type { Model, Node, Tensor } from '../ir/types';
import { opDefFor } from './registry';
import type { OpDef } from './types';

export interface ExecutionPlan {
  readonly model: Model;
  /** The op of each node of the main graph (undefined: not supported). */
  readonly defs: readonly (OpDef | undefined)[];
  /** Opset of each node's domain (0 where the format has none). */
  readonly opsets: readonly number[];
  /** Tensor ids to drop after node i has run (their last reader), or that it produced for nobody. */
  readonly releaseAfter: readonly (readonly string[])[];
  /** Declared tensors of the main graph by id. */
  readonly declared: ReadonlyMap<string, Tensor>;
  /** Graph inputs that need a feed (inputs without constant data), in order. */
  readonly feedInputs: readonly Tensor[];
}

const plans = new WeakMap<Model, ExecutionPlan>();

function opsetOf(model: Model, node: Node): number {
  if (model.format !== 'onnx') return 0;
  const domain = node.domain === 'ai.onnx' ? '' : node.domain;
  const found = model.opsets.find((o) => (o.domain === 'ai.onnx' ? '' : o.domain) === domain);
  // A model that imports no opset for the domain: assume a recent one.
  return found?.version ?? 21;
}

/** The execution plan of a model (memoised per model object). */
export function planFor(model: Model): ExecutionPlan {
  const hit = plans.get(model);
  if (hit) return hit;
  const graph = model.graph;
  const declared = new Map(graph.tensors.map((t) => [t.id, t]));
  const outputs = new Set(graph.outputs);
  const isConstant = (id: string): boolean => declared.get(id)?.data !== undefined;

  const lastReader = new Map<string, number>();
  graph.nodes.forEach((node, i) => {
    for (const id of nodeReads(node)) lastReader.set(id, i);
  });
  const releaseAfter: string[][] = graph.nodes.map(() => []);
  graph.nodes.forEach((node, i) => {
    // Constant nodes' outputs are small and kept for the whole run, like initializers.
    for (const out of node.outputs) {
      if (out === '' || outputs.has(out) || isConstantNode(node)) continue;
      releaseAfter[lastReader.get(out) ?? i]!.push(out);
    }
  });
  for (const id of graph.inputs) {
    const last = lastReader.get(id);
    if (last !== undefined && !outputs.has(id) && !isConstant(id)) releaseAfter[last]!.push(id);
  }
  const plan: ExecutionPlan = {
    model,
    defs: graph.nodes.map((n) => opDefFor(model.format, n)),
    opsets: graph.nodes.map((n) => opsetOf(model, n)),
    releaseAfter,
    declared,
    feedInputs: graph.inputs.map((id) => declared.get(id)).filter((t): t is Tensor => t !== undefined && !t.data),
  };
  plans.set(model, plan);
  return plan;
}

/** The ops of a model the executor cannot run, each once, in graph order (with the reason when a mode is missing). */
export function unsupportedOps(model: Model): string[] {
  const plan = planFor(model);
  const found = new Set<string>();
  model.graph.nodes.forEach((node, i) => {
    const def = plan.defs[i];
    const name = node.domain && node.domain !== 'ai.onnx' ? `${node.domain}::${node.op}` : node.op;
    if (!def) found.add(name);
    else {
      const why = def.check?.(node, plan.opsets[i]!);
      if (why) found.add(`${name} (${why})`);
    }
  });
  return [...found];
}
