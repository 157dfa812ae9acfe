// bypassNode and deleteNode: taking one node out, with or without reconnecting its readers.
import { typeLookup } from '../../analysis/type-lookup';
import { indexGraph } from '../../ir/graph-index';
import type { Graph, Model, Node, Tensor } from '../../ir/types';
import { inferShapes } from '../../shape/infer';
import { pinnedTensors, renameReads } from '../cleanup/common';
import { refuse } from './edit-error';
import { findNode, nodeLabel, tensorOf } from './lookup';
import { renameTensorsInModel } from './rename';
import { editResult } from './result';
import { renameTfliteModelRefs } from './tflite-extras';
import type { EditResult } from './types';

/** Node ids reading any of `ids`. */
function readersOf(graph: Graph, ids: readonly string[]): string[] {
  const index = indexGraph(graph);
  return ids.flatMap((id) => (index.consumers.get(id) ?? []).map((i) => graph.nodes[i]!.id));
}

/**
 * Weights only `node` read: they go with it (a removed Gemm's matrix would otherwise stay in the file and in
 * params / weightBytes). Constants a graph output names, or another node reads, stay.
 */
function orphanedConstants(graph: Graph, node: Node): Set<string> {
  const others = new Set(graph.nodes.filter((n) => n !== node).flatMap((n) => n.inputs));
  const ids = node.inputs.filter((id) => id !== '' && !others.has(id) && !graph.outputs.includes(id));
  return new Set(ids.filter((id) => tensorOf(graph, id)?.data !== undefined));
}

/** deleteNode: the node goes; its output tensors stay declared, so readers and outputs dangle visibly. */
export function deleteNode(model: Model, ref: string): EditResult {
  const graph = model.graph;
  const node = findNode(graph, ref);
  const nodes = graph.nodes.filter((n) => n !== node);
  const orphans = orphanedConstants(graph, node);
  const tensors = graph.tensors.filter((t) => !orphans.has(t.id));
  const outputs = node.outputs.filter((id) => id !== '');
  return editResult(
    { ...model, graph: { ...graph, nodes, tensors } },
    { nodes: readersOf(graph, outputs), tensors: outputs },
    { nodes: [node.id], tensors: [...orphans] },
  );
}

/** Refuses a bypass that would lose a value someone reads: outputs past the first must be unused. */
function checkBypassable(graph: Graph, node: Node, inputIndex: number): { input: string; output: string } {
  const input = node.inputs[inputIndex] ?? '';
  if (input === '') refuse('wrong-arity', `${nodeLabel(node)} has no input ${inputIndex} to pass on`, node.id);
  const output = node.outputs[0] ?? '';
  if (output === '') refuse('not-possible', `${nodeLabel(node)} has no output to bypass`, node.id);
  const index = indexGraph(graph);
  for (const extra of node.outputs.slice(1)) {
    if (extra === '') continue;
    if (graph.outputs.includes(extra) || (index.consumers.get(extra)?.length ?? 0) > 0)
      refuse(
        'not-possible',
        `${nodeLabel(node)} cannot be bypassed: its output "${extra}" is used (only the first output can be reconnected)`,
        node.id,
      );
  }
  return { input, output };
}

/**
 * bypassNode: readers of output 0 read input `inputIndex` instead. A graph output keeps its name when the
 * input's producer can write it (the input tensor is renamed, and declared with the input's type); when the
 * input is a graph input, a constant or already an output, the graph output becomes the input tensor.
 */
export function bypassNode(model: Model, ref: string, inputIndex = 0): EditResult {
  const graph = model.graph;
  const node = findNode(graph, ref);
  const { input, output } = checkBypassable(graph, node, inputIndex);
  const dropped = new Set([...node.outputs.filter((id) => id !== ''), ...orphanedConstants(graph, node)]);
  dropped.delete(input);
  const without: Graph = {
    ...graph,
    nodes: graph.nodes.filter((n) => n !== node),
    tensors: graph.tensors.filter((t) => !dropped.has(t.id)),
  };
  const readers = readersOf(graph, [output]);
  const removed = { nodes: [node.id], tensors: [...dropped] };
  const pinned = pinnedTensors(model, graph);
  if (!pinned.has(output)) {
    const next = { ...model, graph: renameReads(without, new Map([[output, input]])) };
    return editResult(next, { nodes: readers, tensors: [input] }, removed);
  }
  const index = indexGraph(graph);
  const producer = index.producer.get(input);
  const keepsName = producer !== undefined && producer !== index.nodePosition.get(node.id) && !pinned.has(input);
  if (!keepsName) {
    // The output's name cannot move onto the input: the graph output becomes the input tensor.
    const rename = new Map([[output, input]]);
    const outputs = graph.outputs
      .map((id) => (id === output ? input : id))
      .filter((id, i, all) => all.indexOf(id) === i);
    const next = renameTfliteModelRefs({ ...model, graph: { ...renameReads(without, rename), outputs } }, rename);
    const note = `graph output "${output}" is now "${input}": the bypassed ${nodeLabel(node)} passed "${input}" straight through`;
    return editResult(next, { nodes: readers, tensors: [input] }, removed, [note]);
  }
  // The input's value keeps the output's name: the input tensor is renamed to it, typed as the input is.
  const renamed = renameTensorsInModel(
    { ...model, graph: withInputType(model, without, input, output) },
    new Map([[input, output]]),
  );
  return editResult(
    renamed,
    { nodes: [...readers, graph.nodes[producer]!.id], tensors: [output] },
    {
      nodes: [node.id],
      tensors: [...dropped].filter((id) => id !== output).concat(input),
    },
  );
}

/** The graph with `input` declared with what is known of its type (declared, else inferred, else the output's). */
function withInputType(model: Model, graph: Graph, input: string, output: string): Graph {
  const declared = tensorOf(model.graph, input);
  const outputDecl = tensorOf(model.graph, output);
  const type = typeLookup(model.graph, inferShapes(model))(input);
  const base: Tensor = declared ?? { id: input, name: input, dtype: 'undefined' };
  const dtype = type?.dtype && type.dtype !== 'undefined' ? type.dtype : (outputDecl?.dtype ?? base.dtype);
  const shape = type?.shape ?? outputDecl?.shape;
  const typed: Tensor = { ...base, dtype, ...(shape ? { shape } : {}) };
  const tensors = declared ? graph.tensors.map((t) => (t.id === input ? typed : t)) : [...graph.tensors, typed];
  return { ...graph, tensors };
}
