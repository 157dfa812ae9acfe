// A scratch copy of a graph that quantization rewrites, then turns back into an immutable Graph.
// Nothing here touches the input graph: tensors and nodes are replaced, never modified.
import type { DType } from '../../../ir/dtype';
import { bytesOf } from '../../../ir/tensor';
import type { Attribute, Graph, Node, Tensor } from '../../../ir/types';

/** Elements of constant data in a typed array the IR can store. */
export type ConstantArray = Float32Array | Int8Array | Uint8Array | Int32Array | Uint16Array | BigInt64Array;

export class GraphEdit {
  private readonly tensorMap: Map<string, Tensor>;
  private readonly order: string[];
  private readonly taken = new Set<string>();
  /** Nodes to emit before / after an original node, by its position; `start` runs before everything. */
  private readonly before = new Map<number, Node[]>();
  private readonly after = new Map<number, Node[]>();
  private readonly start: Node[] = [];
  private readonly replaced = new Map<number, Node | null>();
  /** Shared constants by content (dtype, dims, bytes), for `sharedConstant`. */
  private readonly byContent = new Map<string, string>();
  private inputs: string[];
  private outputs: string[];
  /** Next number per kind of compact name (see `fresh`). */
  private readonly compactCounters = new Map<string, number>();

  /**
   * `compactNames`: the ids this edit makes are short opaque ones (`s0`, `z0`, `q0`, `d0`, …: the first
   * letter of the kind the readable name would end with) instead of `<tensor>_s` etc. In a small model
   * names are a visible share of the file; the graph's own names are never changed.
   */
  constructor(
    readonly graph: Graph,
    private readonly options: { readonly compactNames?: boolean } = {},
  ) {
    this.tensorMap = new Map(graph.tensors.map((t) => [t.id, t]));
    this.order = graph.tensors.map((t) => t.id);
    this.inputs = [...graph.inputs];
    this.outputs = [...graph.outputs];
    for (const t of graph.tensors) this.taken.add(t.id);
    for (const n of graph.nodes) {
      this.taken.add(n.id);
      for (const id of [...n.inputs, ...n.outputs]) if (id !== '') this.taken.add(id);
    }
    for (const id of [...graph.inputs, ...graph.outputs]) this.taken.add(id);
  }

  /** A fresh id starting with `base` that no tensor or node uses yet (reserved on return). */
  fresh(base: string): string {
    if (this.options.compactNames) {
      const kind = /_([a-z])[a-z]*$/i.exec(base)?.[1]?.toLowerCase() ?? 't';
      let n = this.compactCounters.get(kind) ?? 0;
      while (this.taken.has(`${kind}${n}`)) n++;
      this.compactCounters.set(kind, n + 1);
      const id = `${kind}${n}`;
      this.taken.add(id);
      return id;
    }
    let id = base;
    for (let n = 1; this.taken.has(id); n++) id = `${base}_${n}`;
    this.taken.add(id);
    return id;
  }

  tensor(id: string): Tensor | undefined {
    return this.tensorMap.get(id);
  }

  /** Declares or replaces a tensor (new ones go after the existing ones). */
  setTensor(tensor: Tensor): void {
    if (!this.tensorMap.has(tensor.id)) this.order.push(tensor.id);
    this.tensorMap.set(tensor.id, tensor);
    this.taken.add(tensor.id);
  }

  removeTensor(id: string): void {
    this.tensorMap.delete(id);
  }

  /** Adds a constant (initializer) with a fresh id based on `base`; returns the id. */
  constant(base: string, dtype: DType, dims: readonly number[], values: ConstantArray | Uint8Array): string {
    const id = this.fresh(base);
    // The arrays are fresh results of quantization: the tensor keeps a view, not a copy.
    this.setTensor({ id, name: id, dtype, shape: [...dims], data: { bytes: bytesOf(values) } });
    return id;
  }

  /**
   * Like `constant`, but returns the id of an identical constant (same dtype, dims and bytes) made by an
   * earlier call instead of storing another copy: scales and zero points repeat often (every ReLU output
   * has zero point −128), and in a small model each initializer's name and header is a visible share.
   */
  sharedConstant(base: string, dtype: DType, dims: readonly number[], values: ConstantArray | Uint8Array): string {
    const bytes = bytesOf(values);
    let key = `${dtype}|${dims.join(',')}|`;
    for (const b of bytes) key += b.toString(16).padStart(2, '0');
    const known = this.byContent.get(key);
    if (known !== undefined && this.tensorMap.has(known)) return known;
    const id = this.constant(base, dtype, dims, values);
    this.byContent.set(key, id);
    return id;
  }

  /** Declares a node output tensor without a known type (shape inference can tell it). */
  declareOutput(id: string, dtype: DType = 'undefined'): void {
    if (!this.tensorMap.has(id)) this.setTensor({ id, name: id, dtype });
  }

  /** A node with a fresh id; its outputs are declared. */
  makeNode(
    op: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attributes: Record<string, Attribute> = {},
  ): Node {
    const id = this.fresh(`${outputs[0] ?? op}_${op}`);
    for (const out of outputs) if (out !== '') this.declareOutput(out);
    return { id, name: id, op, domain: '', inputs: [...inputs], outputs: [...outputs], attributes };
  }

  /** Runs `node` before every original node. */
  addAtStart(node: Node): void {
    this.start.push(node);
  }

  /** Runs `node` just before / after the original node at `position`. */
  addBefore(position: number, node: Node): void {
    push(this.before, position, node);
  }

  addAfter(position: number, node: Node): void {
    push(this.after, position, node);
  }

  /** Replaces (or, with null, removes) the original node at `position`. */
  replaceNode(position: number, node: Node | null): void {
    this.replaced.set(position, node);
  }

  /** The current version of the original node at `position` (null when removed). */
  nodeAt(position: number): Node | null {
    return this.replaced.has(position) ? this.replaced.get(position)! : this.graph.nodes[position]!;
  }

  setInputs(ids: readonly string[]): void {
    this.inputs = [...ids];
  }

  setOutputs(ids: readonly string[]): void {
    this.outputs = [...ids];
  }

  get graphInputs(): readonly string[] {
    return this.inputs;
  }

  get graphOutputs(): readonly string[] {
    return this.outputs;
  }

  /** The edited graph. */
  build(): Graph {
    const nodes: Node[] = [...this.start];
    this.graph.nodes.forEach((_, i) => {
      nodes.push(...(this.before.get(i) ?? []));
      const n = this.nodeAt(i);
      if (n) nodes.push(n);
      nodes.push(...(this.after.get(i) ?? []));
    });
    const tensors: Tensor[] = [];
    for (const id of new Set(this.order)) {
      const t = this.tensorMap.get(id);
      if (t) tensors.push(t);
    }
    return { ...this.graph, nodes, tensors, inputs: this.inputs, outputs: this.outputs };
  }
}

function push(map: Map<number, Node[]>, key: number, node: Node): void {
  const list = map.get(key);
  if (list) list.push(node);
  else map.set(key, [node]);
}
