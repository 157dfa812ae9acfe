// "Messy" versions of TFLite models for the clean-up tests (unit and e2e): fused activations split into
// their own ops, a RESHAPE that changes nothing, a branch nobody reads. Cleaning a messy model up must give
// back the model it was made from.
import { tfliteOptionAttributes } from '../../formats/tflite/options';
import { bytesOf } from '../../ir/tensor';
import type { Graph, Model, Node, Tensor } from '../../ir/types';
import { freshId, takenIds } from './common';

const ACTIVATION = 'fused_activation_function';
const SPLITTABLE = new Set(['RELU', 'RELU6', 'RELU_N1_TO_1']);

function replaceGraph(model: Model, graph: Graph): Model {
  return { ...model, graph };
}

/**
 * Every fused RELU / RELU6 / RELU_N1_TO_1 as an op of its own: the producer writes a new tensor (same type,
 * shape and quantization as its output, so both forms compute the same integers) and the activation op
 * writes the original output.
 */
export function splitActivations(model: Model): Model {
  const graph = model.graph;
  const taken = takenIds(graph);
  const byId = new Map(graph.tensors.map((t) => [t.id, t]));
  const nodes: Node[] = [];
  const added: Tensor[] = [];
  for (const n of graph.nodes) {
    const act = n.attributes[ACTIVATION];
    const out = n.outputs[0];
    if (act?.type !== 'string' || !SPLITTABLE.has(act.value) || n.outputs.length !== 1 || out === undefined) {
      nodes.push(n);
      continue;
    }
    const pre = freshId(`${out}/pre_activation`, taken);
    added.push({ ...byId.get(out)!, id: pre, name: pre });
    nodes.push({
      ...n,
      attributes: { ...n.attributes, [ACTIVATION]: { type: 'string', value: 'NONE' } },
      outputs: [pre],
    });
    const id = freshId(`${n.id}_${act.value}`, taken);
    nodes.push({ id, name: '', op: act.value, domain: '', inputs: [pre], outputs: [out], attributes: {} });
  }
  return replaceGraph(model, { ...graph, nodes, tensors: [...graph.tensors, ...added] });
}

/** A RESHAPE of tensor `id` to its own shape inserted after its producer; its readers read the copy. */
export function withNoopReshape(model: Model, id: string): Model {
  const graph = model.graph;
  const t = graph.tensors.find((x) => x.id === id);
  const at = graph.nodes.findIndex((n) => n.outputs.includes(id));
  if (!t?.shape || at < 0 || t.shape.some((d) => typeof d !== 'number')) throw new Error(`cannot reshape "${id}"`);
  const dims = t.shape as number[];
  const taken = takenIds(graph);
  const copy = freshId(`${id}/same_shape`, taken);
  const shapeId = freshId(`${id}/same_shape_dims`, taken);
  const reshape: Node = {
    id: freshId(`${id}_RESHAPE`, taken),
    name: '',
    op: 'RESHAPE',
    domain: '',
    inputs: [id, shapeId],
    outputs: [copy],
    attributes: tfliteOptionAttributes('RESHAPE', { new_shape: dims }),
  };
  const nodes = graph.nodes.flatMap((n, k) => {
    const rewired = { ...n, inputs: n.inputs.map((x) => (x === id ? copy : x)) };
    return k === at ? [n, reshape] : [k < at ? n : rewired];
  });
  const outputs = graph.outputs.map((x) => (x === id ? copy : x));
  const shape: Tensor = {
    id: shapeId,
    name: shapeId,
    dtype: 'int32',
    shape: [dims.length],
    data: { bytes: bytesOf(Int32Array.from(dims)) },
  };
  const tensors = [...graph.tensors, { ...t, id: copy, name: copy }, shape];
  return replaceGraph(model, { ...graph, nodes, tensors, outputs });
}

/** A RESHAPE of the first graph input to one row that nothing reads, and a constant nothing reads. */
export function withDeadBranch(model: Model): Model {
  const graph = model.graph;
  const input = graph.tensors.find((t) => t.id === graph.inputs[0]);
  if (!input?.shape) throw new Error('the model has no input with a shape');
  const count = input.shape.reduce<number>((a, d) => a * (typeof d === 'number' ? d : 1), 1);
  const taken = takenIds(graph);
  const row = freshId('dead/row', taken);
  const rowShape = freshId('dead/row_shape', taken);
  const unused = freshId('dead/unused_constant', taken);
  const node: Node = {
    id: freshId('dead_RESHAPE', taken),
    name: '',
    op: 'RESHAPE',
    domain: '',
    inputs: [input.id, rowShape],
    outputs: [row],
    attributes: tfliteOptionAttributes('RESHAPE', { new_shape: [1, count] }),
  };
  const tensors: Tensor[] = [
    ...graph.tensors,
    { ...input, id: row, name: row, shape: [1, count] },
    { id: rowShape, name: rowShape, dtype: 'int32', shape: [2], data: { bytes: bytesOf(Int32Array.of(1, count)) } },
    {
      id: unused,
      name: unused,
      dtype: 'float32',
      shape: [16],
      data: { bytes: bytesOf(new Float32Array(16).fill(0.5)) },
    },
  ];
  return replaceGraph(model, { ...graph, nodes: [node, ...graph.nodes], tensors });
}

/** All three: split activations, a no-op RESHAPE after the first node's output, a dead branch. */
export function messyTflite(model: Model): Model {
  const split = splitActivations(model);
  const first = split.graph.nodes[0]?.outputs[0];
  const reshaped = first !== undefined && !split.graph.outputs.includes(first) ? withNoopReshape(split, first) : split;
  return withDeadBranch(reshaped);
}
