// A mutable working copy of one graph for the rewrite: nodes, tensors and inputs replaced by id, new
// constants named after what they replace, and the few writes every cut needs (Reshape targets, declared
// shapes with their TFLite shape signatures).
import { bytesOf } from '../../../ir/tensor';
import type { Attribute, Graph, Model, Node, Shape, Tensor } from '../../../ir/types';
import { readerSlots, resolveConst } from './const-ref';

export class GraphDraft {
  readonly nodes: Node[];
  readonly inputs: string[];
  private readonly tensors: Map<string, Tensor>;
  private readonly used: Set<string>;
  private readonly cloned = new Set<string>();

  constructor(
    readonly graph: Graph,
    private readonly legacyInputs: boolean,
  ) {
    this.nodes = [...graph.nodes];
    this.inputs = [...graph.inputs];
    this.tensors = new Map(graph.tensors.map((t) => [t.id, t]));
    this.used = new Set([...this.tensors.keys(), ...graph.nodes.flatMap((n) => n.outputs)]);
  }

  tensor(id: string): Tensor | undefined {
    return this.tensors.get(id);
  }

  setTensor(t: Tensor): void {
    this.tensors.set(t.id, t);
  }

  setAttribute(node: number, name: string, value: Attribute): void {
    const n = this.nodes[node]!;
    this.nodes[node] = { ...n, attributes: { ...n.attributes, [name]: value } };
  }

  /**
   * Gives the constant read at `nodes[node].inputs[input]` new contents: in place when that is its only
   * reader, otherwise as a new tensor (the old one stays for its other readers).
   */
  writeConstant(node: number, input: number, original: Tensor, next: Omit<Tensor, 'id' | 'name'>): void {
    const sole = readerSlots(this.graph, original.id) === 1 && !this.graph.outputs.includes(original.id);
    if (sole) {
      this.tensors.set(original.id, { ...next, id: original.id, name: original.name });
      return;
    }
    this.addConstant(node, input, original.id, next);
    this.cloned.add(original.id);
  }

  /** A new constant `<base>_pruned` read at `nodes[node].inputs[input]` instead of what was there. */
  addConstant(node: number, input: number, base: string, next: Omit<Tensor, 'id' | 'name'>): void {
    const id = this.freshId(`${base}_pruned`);
    this.tensors.set(id, { ...next, id, name: id });
    const n = this.nodes[node]!;
    this.nodes[node] = { ...n, inputs: n.inputs.map((x, i) => (i === input ? id : x)) };
    // ONNX IR < 4 lists every initializer among the graph inputs.
    if (this.legacyInputs) this.inputs.push(id);
  }

  freshId(base: string): string {
    let id = base;
    for (let n = 1; this.used.has(id); n++) id = `${base}_${n}`;
    this.used.add(id);
    return id;
  }

  /** The rewritten graph, without the constants that cloning left unread. */
  finish(): Graph {
    const read = new Set(this.nodes.flatMap((n) => n.inputs));
    const dead = new Set([...this.cloned].filter((id) => !read.has(id) && !this.graph.outputs.includes(id)));
    return {
      ...this.graph,
      nodes: this.nodes,
      tensors: [...this.tensors.values()].filter((t) => !dead.has(t.id)),
      inputs: this.inputs.filter((id) => !dead.has(id)),
    };
  }
}

/** `t` with a new shape; a TFLite shape_signature follows it, keeping its dynamic (−1) dims. */
export function shapeSigned(t: Tensor, dims: Shape): Tensor {
  const tflite = t.extras?.['tflite'] as Record<string, unknown> | undefined;
  const sig = tflite?.['shapeSignature'];
  if (!Array.isArray(sig) || sig.length !== dims.length) return { ...t, shape: dims };
  const signature = (sig as number[]).map((d, i) => {
    const dim = dims[i];
    return d < 0 || typeof dim !== 'number' ? d : dim;
  });
  return { ...t, shape: dims, extras: { ...t.extras, tflite: { ...tflite, shapeSignature: signature } } };
}

export function intBytes(dtype: Tensor['dtype'], values: readonly number[]): Uint8Array {
  if (dtype === 'int32') return bytesOf(Int32Array.from(values));
  return bytesOf(BigInt64Array.from(values.map((v) => BigInt(v))));
}

/** Sets a Reshape's target shape, wherever it is stored (attribute, constant input, Constant node). */
export function writeTarget(draft: GraphDraft, node: number, values: readonly number[], format: Model['format']): void {
  const n = draft.nodes[node]!;
  const attrName = format === 'tflite' ? 'new_shape' : 'shape';
  if (n.attributes[attrName]?.type === 'ints') draft.setAttribute(node, attrName, { type: 'ints', value: [...values] });
  const id = n.inputs[1] ?? '';
  if (id === '') return;
  const ref = resolveConst(draft.graph, id);
  if (ref?.kind === 'tensor') {
    draft.writeConstant(node, 1, ref.tensor, {
      ...ref.tensor,
      shape: [values.length],
      data: { bytes: intBytes(ref.tensor.dtype, values) },
    });
  } else if (ref?.kind === 'constant-node') {
    const value: Tensor = {
      ...ref.tensor,
      shape: [values.length],
      data: { bytes: intBytes(ref.tensor.dtype, values) },
    };
    draft.setAttribute(ref.node, 'value', { type: 'tensor', value });
  } else {
    // A shared Constant node: the Reshape gets a target of its own.
    draft.addConstant(node, 1, id, {
      dtype: 'int64',
      shape: [values.length],
      data: { bytes: intBytes('int64', values) },
    });
  }
}

export function setDeclaredDims(draft: GraphDraft, id: string, dims: readonly number[]): void {
  const t = draft.tensor(id);
  if (t?.shape && t.shape.length === dims.length) draft.setTensor(shapeSigned(t, dims));
}
