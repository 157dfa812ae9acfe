// Which activation tensors static int8 quantizes, and which of them must share parameters.
import { indexGraph } from '../../../ir/graph-index';
import type { Graph, Node, Tensor } from '../../../ir/types';
import type { TypeOf } from '../../../analysis/type-lookup';
import type { TensorRange } from '../types';
import { dataInputs, dataOutputs, opClass, type OpClass } from './op-classes';

/** Tensors that get a QuantizeLinear → DequantizeLinear pair, grouped by shared parameters. */
export interface ActivationPlan {
  /** Groups of tensor ids sharing one scale and zero point, each with the union of their ranges. */
  readonly groups: readonly { readonly members: readonly string[]; readonly range: TensorRange }[];
  /** Float activations a quantized op reads or writes that have no calibrated range (left in float). */
  readonly uncalibrated: readonly string[];
  /** Tensors between a layer and the Relu/Clip folded into its output (not quantized). */
  readonly fused: ReadonlySet<string>;
}

/** The static-int8 class of a node, honouring keep-float overrides. */
export type ClassOf = (node: Node) => OpClass | undefined;

/** A class lookup that leaves nodes listed in `keepFloat` in float. */
export function classifier(keepFloat: ReadonlySet<string>): ClassOf {
  return (node) => (keepFloat.has(node.id) ? undefined : opClass(node));
}

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    this.parent.set(x, root);
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

/** Plans the activation QDQ pairs of `graph` from the calibrated `ranges`. */
export function planActivations(
  graph: Graph,
  classOf: ClassOf,
  typeOf: TypeOf,
  ranges: ReadonlyMap<string, TensorRange>,
): ActivationPlan {
  const index = indexGraph(graph);
  const tensors = new Map<string, Tensor>(graph.tensors.map((t) => [t.id, t]));
  const outputs = new Set(graph.outputs);
  const isConstant = (id: string): boolean => tensors.get(id)?.data !== undefined;

  // Layer → Relu/Clip: the layer's output is never seen outside, so only the activation's output is quantized.
  const fused = new Set<string>();
  graph.nodes.forEach((node) => {
    const c = classOf(node);
    if (c !== 'weighted' && c !== 'compute') return;
    const out = node.outputs[0] ?? '';
    const readers = index.consumers.get(out) ?? [];
    if (out === '' || outputs.has(out) || readers.length !== 1) return;
    const next = graph.nodes[readers[0]!]!;
    if (classOf(next) === 'activation' && next.inputs[0] === out) fused.add(out);
  });

  const wanted = new Set<string>();
  for (const node of graph.nodes) {
    if (!classOf(node)) continue;
    for (const k of dataInputs(node)) {
      const id = node.inputs[k] ?? '';
      if (id !== '' && !isConstant(id) && !fused.has(id)) wanted.add(id);
    }
    for (const k of dataOutputs(node)) {
      const id = node.outputs[k] ?? '';
      if (id !== '' && !fused.has(id)) wanted.add(id);
    }
  }
  const isFloat = (id: string): boolean => {
    const dtype = typeOf(id)?.dtype;
    return dtype === undefined || dtype === 'undefined' || dtype === 'float32';
  };
  const chosen = [...wanted].filter((id) => isFloat(id) && ranges.has(id));
  const chosenSet = new Set(chosen);
  const uncalibrated = [...wanted].filter((id) => !ranges.has(id) && typeOf(id)?.dtype === 'float32');

  const uf = new UnionFind();
  for (const node of graph.nodes) {
    if (classOf(node) !== 'shared') continue;
    const ins = (node.op === 'Concat' ? node.inputs : node.inputs.slice(0, 1)).filter((id) => chosenSet.has(id));
    const outs = dataOutputs(node)
      .map((k) => node.outputs[k] ?? '')
      .filter((id) => chosenSet.has(id));
    const all = [...ins, ...outs];
    for (let i = 1; i < all.length; i++) uf.union(all[0]!, all[i]!);
  }
  const byRoot = new Map<string, string[]>();
  for (const id of chosen) {
    const root = uf.find(id);
    const list = byRoot.get(root);
    if (list) list.push(id);
    else byRoot.set(root, [id]);
  }
  const groups = [...byRoot.values()].map((members) => {
    let min = Infinity;
    let max = -Infinity;
    for (const id of members) {
      const r = ranges.get(id)!;
      min = Math.min(min, r.min);
      max = Math.max(max, r.max);
    }
    return { members, range: { min, max } };
  });
  return { groups, uncalibrated, fused };
}
