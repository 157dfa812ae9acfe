// 'codebook' storage of clustered ONNX weights: the weight becomes a uint8 index tensor plus a float
// codebook, joined in front of the layer by
//   Cast(indices, to = INT32) → Gather(codebook, ·, axis = 0) → the weight's own tensor id
// (ONNX Gather takes int32 / int64 indices only, hence the Cast). Every reader of the weight is left as it
// was: the Gather now produces the tensor the initializer (or Constant node) used to hold. The file then
// holds one byte per weight and k floats instead of four bytes per weight.
import { bytesOf } from '../../ir/tensor';
import type { Model, Node, Tensor } from '../../ir/types';
import { indexGraph } from '../../ir/graph-index';
import type { WeightRef } from '../weights/index';
import type { LayerClustering } from './layer';

// ONNX TensorProto.DataType INT32.
const ONNX_INT32 = 6;

/** One weight to store as a codebook (float32 values, not on a quantization grid). */
export interface CodebookLayer {
  readonly ref: WeightRef;
  readonly clustering: LayerClustering;
}

/** The stored codebook (with the kept zeros as one more entry) and every element's index into it. */
export function storedCodebook(c: LayerClustering): { codebook: Float32Array; indices: Uint8Array } {
  if (!c.clustered) return { codebook: c.codebook, indices: c.indices };
  let zero = c.codebook.findIndex((v) => v >= 0);
  if (zero < 0) zero = c.codebook.length;
  const hasZero = c.codebook[zero] === 0;
  const codebook = hasZero
    ? c.codebook
    : Float32Array.from([...c.codebook.subarray(0, zero), 0, ...c.codebook.subarray(zero)]);
  const indices = new Uint8Array(c.indices.length);
  for (let i = 0; i < indices.length; i++) {
    if (!c.clustered[i]) indices[i] = zero;
    else indices[i] = !hasZero && c.indices[i]! >= zero ? c.indices[i]! + 1 : c.indices[i]!;
  }
  return { codebook, indices };
}

/** Hands out ids not used yet. */
function idPool(used: Set<string>): (base: string) => string {
  return (base) => {
    let id = base;
    for (let n = 1; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    return id;
  };
}

/** `model` with each layer's weight stored as indices + codebook behind a Gather. */
export function writeCodebooks(model: Model, layers: readonly CodebookLayer[]): Model {
  if (layers.length === 0) return model;
  const graph = model.graph;
  const index = indexGraph(graph);
  const used = new Set<string>([
    ...graph.tensors.map((t) => t.id),
    ...graph.nodes.flatMap((n) => [n.id, ...n.outputs]),
  ]);
  const take = idPool(used);
  const initializersAreInputs = (model.irVersion ?? 8) < 4;
  const replaced = new Map<string, Tensor>();
  const added: Tensor[] = [];
  const removedNodes = new Set<string>();
  const insertBefore = new Map<number, Node[]>();
  const newInputs: string[] = [];

  for (const { ref, clustering } of layers) {
    const { codebook, indices } = storedCodebook(clustering);
    const base = ref.tensor;
    const idxId = take(`${base}_cluster_indices`);
    const bookId = take(`${base}_codebook`);
    const castId = take(`${base}_cluster_indices_int32`);
    const shape = [...ref.storedShape];
    added.push(
      { id: idxId, name: idxId, dtype: 'uint8', shape, data: { bytes: indices } },
      { id: bookId, name: bookId, dtype: 'float32', shape: [codebook.length], data: { bytes: bytesOf(codebook) } },
      { id: castId, name: castId, dtype: 'int32', shape },
    );
    if (initializersAreInputs) newInputs.push(idxId, bookId);
    replaced.set(base, { id: base, name: base, dtype: 'float32', shape });
    const castNode = take(`${base}_cluster_cast`);
    const gatherNode = take(`${base}_cluster_gather`);
    const nodes: Node[] = [
      {
        id: castNode,
        name: castNode,
        op: 'Cast',
        domain: '',
        inputs: [idxId],
        outputs: [castId],
        attributes: { to: { type: 'int', value: ONNX_INT32 } },
      },
      {
        id: gatherNode,
        name: gatherNode,
        op: 'Gather',
        domain: '',
        inputs: [bookId, castId],
        outputs: [base],
        attributes: { axis: { type: 'int', value: 0 } },
      },
    ];
    let at: number;
    if (ref.storage === 'constant-node') {
      removedNodes.add(ref.constantNode!);
      at = index.nodePosition.get(ref.constantNode!)!;
    } else {
      at = Math.min(...(index.consumers.get(base) ?? [0]));
    }
    insertBefore.set(at, [...(insertBefore.get(at) ?? []), ...nodes]);
  }

  const nodes: Node[] = [];
  graph.nodes.forEach((n, i) => {
    nodes.push(...(insertBefore.get(i) ?? []));
    if (!removedNodes.has(n.id)) nodes.push(n);
  });
  const tensors = graph.tensors.map((t) => replaced.get(t.id) ?? t);
  for (const [id, t] of replaced) if (!index.tensor.has(id)) tensors.push(t);
  tensors.push(...added);
  const inputs = [...graph.inputs.filter((id) => !replaced.has(id)), ...newInputs];
  return { ...model, graph: { ...graph, nodes, tensors, inputs } };
}
