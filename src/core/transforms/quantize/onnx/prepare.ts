// Rewrites that make a float ONNX graph quantizable without changing what it computes:
// - Constant nodes holding float tensors become initializers (weights are found in one place);
// - Reshape of a constant by a constant shape is folded (CNTK exports keep MatMul weights behind one);
// - for static int8, a constant Add after Conv / MatMul becomes the layer's bias, so it is quantized as
//   int32 with scale s_input × s_weight instead of as a separate int8 Add (one rounding step fewer).
import { indexGraph } from '../../../ir/graph-index';
import type { Graph, Node, Tensor } from '../../../ir/types';
import { nodeReads } from '../../../analysis/params';
import type { TypeOf } from '../../../analysis/type-lookup';
import { float32Values, intValues, isFloat32Constant, staticDims } from './values';

/** A graph rewrite and what it did. */
export interface Prepared {
  readonly graph: Graph;
  readonly notes: readonly string[];
}

function isDefault(node: Node): boolean {
  return node.domain === '' || node.domain === 'ai.onnx';
}

/** Float Constant nodes (not graph outputs) become initializers named after their output. */
export function constantsToInitializers(graph: Graph): Prepared {
  const outputs = new Set(graph.outputs);
  const replaced = new Map<string, Tensor>();
  const nodes = graph.nodes.filter((n) => {
    if (!isDefault(n) || n.op !== 'Constant' || n.outputs.length !== 1) return true;
    const out = n.outputs[0]!;
    const value = n.attributes['value'];
    if (outputs.has(out) || !value || value.type !== 'tensor') return true;
    const t = value.value;
    if (t.dtype !== 'float32' || !t.data?.bytes) return true;
    replaced.set(out, { ...t, id: out, name: out });
    return false;
  });
  if (replaced.size === 0) return { graph, notes: [] };
  const tensors = graph.tensors.map((t) => replaced.get(t.id) ?? t);
  for (const [id, t] of replaced) if (!graph.tensors.some((x) => x.id === id)) tensors.push(t);
  return { graph: { ...graph, nodes, tensors }, notes: [] };
}

/** Reshape(constant, constant shape) becomes a constant with the new shape (same bytes). */
export function foldConstantReshapes(graph: Graph): Prepared {
  const byId = new Map(graph.tensors.map((t) => [t.id, t]));
  const outputs = new Set(graph.outputs);
  const folded = new Map<string, Tensor>();
  const nodes = graph.nodes.filter((n) => {
    if (!isDefault(n) || n.op !== 'Reshape' || outputs.has(n.outputs[0] ?? '')) return true;
    const data = byId.get(n.inputs[0] ?? '');
    const shape = intValues(byId.get(n.inputs[1] ?? ''));
    if (!isFloat32Constant(data) || !shape) return true;
    const dims = reshapeDims(staticDims(data), shape, n.attributes['allowzero']?.value === 1);
    if (!dims) return true;
    const out = n.outputs[0]!;
    folded.set(out, { id: out, name: out, dtype: 'float32', shape: dims, data: { bytes: data.data.bytes } });
    return false;
  });
  if (folded.size === 0) return { graph, notes: [] };
  const tensors = graph.tensors.map((t) => folded.get(t.id) ?? t);
  for (const [id, t] of folded) if (!byId.has(id)) tensors.push(t);
  return { graph: dropUnread({ ...graph, nodes, tensors }), notes: [] };
}

// ONNX Reshape: 0 copies the input dimension (unless allowzero), one -1 is inferred.
function reshapeDims(input: readonly number[], shape: readonly number[], allowZero: boolean): number[] | undefined {
  const total = input.reduce((a, b) => a * b, 1);
  const dims = shape.map((d, i) => (d === 0 && !allowZero ? input[i] : d));
  if (dims.some((d) => d === undefined)) return undefined;
  const known = (dims as number[]).filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const inferred = dims.filter((d) => d === -1).length;
  if (inferred > 1) return undefined;
  const out = (dims as number[]).map((d) => (d === -1 ? total / known : d));
  return out.every((d) => Number.isInteger(d) && d >= 0) && out.reduce((a, b) => a * b, 1) === total ? out : undefined;
}

/**
 * The graph without the tensors that lost their last reader and producer (folded constants, the outputs
 * of removed nodes, declarations a rewrite made stale); graph inputs and outputs are kept.
 */
export function dropUnread(graph: Graph): Graph {
  const live = new Set<string>([...graph.inputs, ...graph.outputs]);
  for (const n of graph.nodes) for (const id of [...nodeReads(n), ...n.outputs]) live.add(id);
  return { ...graph, tensors: graph.tensors.filter((t) => live.has(t.id)) };
}

/**
 * Static int8: Conv → Add(constant along channels) becomes Conv with that bias; MatMul(A 2-D, B constant)
 * → Add(constant [N] or [1, N]) becomes Gemm with bias C. `skip` holds node ids that must stay as they are
 * (per-layer overrides).
 */
export function foldBiasAdds(graph: Graph, typeOf: TypeOf, skip: ReadonlySet<string>): Prepared {
  const index = indexGraph(graph);
  const byId = new Map(graph.tensors.map((t) => [t.id, t]));
  const outputs = new Set(graph.outputs);
  const notes: string[] = [];
  const removed = new Set<number>();
  const replaced = new Map<number, Node>();
  const newTensors: Tensor[] = [];
  const reshaped = new Map<string, Tensor>();
  const io = new Set([...graph.inputs, ...graph.outputs]);
  // The bias keeps the name of the Add's constant (reshaped to [C]) when nothing else reads that constant.
  const biasTensor = (constantId: string | undefined, node: Node, dims: number[], bytes: Uint8Array): string => {
    if (constantId !== undefined && !io.has(constantId) && (index.consumers.get(constantId) ?? []).length === 1) {
      const t = byId.get(constantId)!;
      reshaped.set(constantId, { ...t, shape: dims, data: { bytes } });
      return constantId;
    }
    const id = freshConstantId(`${node.name || node.id}_bias`, byId, newTensors);
    newTensors.push({ id, name: id, dtype: 'float32', shape: dims, data: { bytes } });
    return id;
  };
  graph.nodes.forEach((node, i) => {
    if (!isDefault(node) || (node.op !== 'Conv' && node.op !== 'MatMul') || skip.has(node.id)) return;
    const out = node.outputs[0] ?? '';
    const readers = index.consumers.get(out) ?? [];
    if (outputs.has(out) || readers.length !== 1) return;
    const addAt = readers[0]!;
    const add = graph.nodes[addAt]!;
    if (!isDefault(add) || add.op !== 'Add' || skip.has(add.id) || add.inputs.length !== 2) return;
    const other = add.inputs[0] === out ? add.inputs[1]! : add.inputs[0]!;
    const constant = byId.get(other);
    if (other === out || !isFloat32Constant(constant)) return;
    const weight = byId.get(node.inputs[1] ?? '');
    if (!isFloat32Constant(weight)) return;
    const wDims = staticDims(weight);
    const values = float32Values(constant);
    if (node.op === 'Conv') {
      const channels = wDims[0] ?? 0;
      const outRank = typeOf(out)?.shape?.length ?? wDims.length;
      if (!alongAxis(staticDims(constant), outRank, 1, channels)) return;
      const bias = new Float32Array(channels);
      bias.set(values);
      const existing = byId.get(node.inputs[2] ?? '');
      if (node.inputs[2] && !isFloat32Constant(existing)) return;
      if (existing) {
        const prior = float32Values(existing);
        for (let c = 0; c < channels; c++) bias[c] = Math.fround(bias[c]! + (prior[c] ?? 0));
      }
      const bytes = new Uint8Array(bias.buffer);
      // A Conv that already had a bias gets a new one (the sum); otherwise the Add's constant becomes it.
      const biasId = biasTensor(existing ? undefined : other, node, [channels], bytes);
      replaced.set(i, { ...node, inputs: [node.inputs[0]!, node.inputs[1]!, biasId], outputs: [add.outputs[0]!] });
    } else {
      const aShape = typeOf(node.inputs[0] ?? '')?.shape;
      if (aShape?.length !== 2 || wDims.length !== 2) return;
      const n = wDims[1]!;
      const cDims = staticDims(constant);
      if (!alongAxis(cDims, 2, 1, n) || (cDims.length === 2 && cDims[0] !== 1)) return;
      const biasId = biasTensor(other, node, [n], constant.data.bytes);
      replaced.set(i, {
        ...node,
        op: 'Gemm',
        inputs: [node.inputs[0]!, node.inputs[1]!, biasId],
        outputs: [add.outputs[0]!],
        attributes: {},
      });
      notes.push(`MatMul "${node.name || node.id}" and the Add after it became one Gemm with a bias`);
    }
    removed.add(addAt);
  });
  if (removed.size === 0) return { graph, notes };
  const convs = [...replaced.values()].filter((n) => n.op === 'Conv').length;
  if (convs) notes.unshift(`${convs} constant Add node(s) after Conv became the Conv's bias`);
  const nodes = graph.nodes.flatMap((n, i) => (removed.has(i) ? [] : [replaced.get(i) ?? n]));
  const tensors = [...graph.tensors.map((t) => reshaped.get(t.id) ?? t), ...newTensors];
  return { graph: dropUnread({ ...graph, nodes, tensors }), notes };
}

// A constant of shape `dims` broadcast against a rank-`rank` tensor varies only along `axis`, with `size` values.
function alongAxis(dims: readonly number[], rank: number, axis: number, size: number): boolean {
  if (dims.length > rank) return false;
  const offset = rank - dims.length;
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== size) return false;
  return dims.every((d, j) => d === 1 || j + offset === axis);
}

function freshConstantId(base: string, byId: ReadonlyMap<string, Tensor>, added: readonly Tensor[]): string {
  let id = base;
  for (let n = 1; byId.has(id) || added.some((t) => t.id === id); n++) id = `${base}_${n}`;
  return id;
}
