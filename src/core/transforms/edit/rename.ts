// renameNode and renameTensor. A tensor's id is what every reference holds, so renaming one rewrites each
// place that names it: readers (nested bodies reading it from outside included), its producer, the graph's
// input and output lists, TFLite signature defs, quantization details and operator intermediates.
import type { Graph, Model } from '../../ir/types';
import { renameReads } from '../cleanup/common';
import { refuse } from './edit-error';
import { findNode, nodeLabel, requireTensor } from './lookup';
import { editResult } from './result';
import { renameTfjsProducers } from './tfjs-extras';
import { renameNodeRefs, renameQuantRefs, renameTfliteModelRefs } from './tflite-extras';
import type { EditResult } from './types';

/** The graph with tensor ids renamed (`rename`: old id → new id) everywhere they are referenced. */
export function renameTensorIds(graph: Graph, rename: ReadonlyMap<string, string>): Graph {
  if (rename.size === 0) return graph;
  const swap = (id: string): string => rename.get(id) ?? id;
  const read = renameReads(graph, rename);
  const nodes = read.nodes.map((n) => {
    const outputs = n.outputs.map(swap);
    const moved = outputs.some((id, i) => id !== n.outputs[i]) ? { ...n, outputs } : n;
    return renameNodeRefs(moved, rename);
  });
  const tensors = graph.tensors.map((t) => {
    const id = rename.get(t.id);
    // ONNX names are the ids; other formats keep a stored name apart, which follows the new id too.
    const moved = id === undefined ? t : { ...t, id, name: id };
    return renameQuantRefs(moved, rename);
  });
  return { ...read, nodes, tensors, inputs: graph.inputs.map(swap), outputs: graph.outputs.map(swap) };
}

/** The model with tensor ids renamed in its main graph and in the format's references to them. */
export function renameTensorsInModel(model: Model, rename: ReadonlyMap<string, string>): Model {
  const graph = renameTfjsProducers(model, renameTensorIds(model.graph, rename), rename);
  return renameTfliteModelRefs({ ...model, graph }, rename);
}

/** Every tensor id the graph declares, reads or writes (node names are a namespace of their own). */
function tensorIds(graph: Graph): Set<string> {
  const ids = new Set([...graph.inputs, ...graph.outputs, ...graph.tensors.map((t) => t.id)]);
  for (const n of graph.nodes) for (const id of [...n.inputs, ...n.outputs]) if (id !== '') ids.add(id);
  return ids;
}

function checkNewName(graph: Graph, name: string): void {
  if (name.trim() === '') refuse('bad-value', 'a tensor name cannot be empty');
  if (tensorIds(graph).has(name)) refuse('name-taken', `the name "${name}" is already used in the graph`, name);
}

/** renameTensor: `tensor` becomes `name` everywhere. */
export function renameTensor(model: Model, tensor: string, name: string): EditResult {
  const graph = model.graph;
  requireTensor(graph, tensor);
  if (name === tensor) return editResult(model, { tensors: [tensor] });
  checkNewName(graph, name);
  const next = renameTensorsInModel(model, new Map([[tensor, name]]));
  const touched = graph.nodes.filter((n) => n.inputs.includes(tensor) || n.outputs.includes(tensor)).map((n) => n.id);
  const notes = model.format === 'tfjs' && tensor.includes(':') ? [tfjsNote(tensor)] : [];
  return editResult(next, { nodes: touched, tensors: [name] }, {}, notes);
}

// TF.js graph models name output k > 0 of a node "node:k"; only a first output can carry a name of its own.
function tfjsNote(tensor: string): string {
  return `TF.js files name a node's later outputs after the node, so "${tensor}" keeps its stored name in the file`;
}

/** renameNode: sets the node's stored name; its id stays, so later edits still find it. */
export function renameNode(model: Model, ref: string, name: string): EditResult {
  const graph = model.graph;
  const node = findNode(graph, ref);
  if (name === node.name) return editResult(model, { nodes: [node.id] });
  if (name !== '' && graph.nodes.some((n) => n !== node && (n.name === name || n.id === name)))
    refuse('name-taken', `another node is already called "${name}"`, name);
  const nodes = graph.nodes.map((n) => (n === node ? { ...n, name } : n));
  const notes =
    model.format === 'tflite'
      ? [`TFLite files do not store operator names: ${nodeLabel(node)} is renamed in the studio only`]
      : [];
  return editResult({ ...model, graph: { ...graph, nodes } }, { nodes: [node.id] }, {}, notes);
}
