// dead-nodes: nodes nothing on the way to a graph output reads, and tensors no remaining node reads or
// writes (unused initializers / TFLite buffers, declarations of removed values). The TFLite writer builds
// its buffer list from the tensors it writes, so a dropped constant's buffer leaves the file too.
//
// Kept whatever they compute: nodes without outputs (they exist for their effect), TFLite ops that touch
// resources or variables (CALL_ONCE, VAR_HANDLE, ASSIGN_VARIABLE, READ_VARIABLE, and any op reading a
// variable tensor: it updates state later invocations see), graph inputs, and the tensors signature defs,
// quantization details and operator intermediates point at. Only the main graph is rewritten (TFLite
// subgraphs are addressed by index from WHILE / IF / CALL_ONCE and keep every node).
import { nodeReads } from '../../analysis/params';
import { constantByteLength } from '../../ir/tensor';
import type { Graph, Model, Node } from '../../ir/types';
import { tfliteExtras, type TfliteNodeExtras, type TfliteTensorExtras } from '../../formats/tflite/extras';
import { finish, label, pinnedTensors, unchanged, withPlainInitializers, type PassResult } from './common';
import type { CleanupOptions } from './types';

const PASS = 'dead-nodes';
const STATEFUL_TFLITE = new Set(['CALL_ONCE', 'VAR_HANDLE', 'ASSIGN_VARIABLE', 'READ_VARIABLE', 'HASHTABLE_IMPORT']);

function hasEffect(model: Model, graph: Graph, node: Node, variables: ReadonlySet<string>): boolean {
  if (node.outputs.every((id) => id === '')) return true;
  if (model.format !== 'tflite') return false;
  if (STATEFUL_TFLITE.has(node.op)) return true;
  if (tfliteExtras<TfliteNodeExtras>(node.extras).mutatingVariableInputs?.some(Boolean)) return true;
  return node.inputs.some((id) => variables.has(id));
}

/** Removes dead nodes and unused tensors (see the file comment). */
export function removeDeadNodes(model: Model, options: CleanupOptions = {}): PassResult {
  void options;
  if (model.format !== 'onnx' && model.format !== 'tflite') return unchanged(model, PASS);
  const plain = withPlainInitializers(model);
  const base = plain.model;
  const graph = base.graph;
  const pinned = pinnedTensors(base, graph);
  const variables = new Set(
    graph.tensors.filter((t) => tfliteExtras<TfliteTensorExtras>(t.extras).isVariable).map((t) => t.id),
  );
  const live = new Set(pinned);
  const keep = new Array<boolean>(graph.nodes.length).fill(false);
  for (let i = graph.nodes.length - 1; i >= 0; i--) {
    const node = graph.nodes[i]!;
    if (!node.outputs.some((id) => live.has(id)) && !hasEffect(base, graph, node, variables)) continue;
    keep[i] = true;
    for (const id of nodeReads(node)) live.add(id);
  }
  const nodes = graph.nodes.filter((_, i) => keep[i]);
  for (const n of nodes) for (const id of n.outputs) if (id !== '') live.add(id);
  const tensors = graph.tensors.filter((t) => live.has(t.id));
  const removedNodes = graph.nodes.filter((_, i) => !keep[i]);
  const removedConstants = graph.tensors.filter((t) => t.data && !live.has(t.id));
  const changed = removedNodes.length + removedConstants.length;
  if (changed === 0 && tensors.length === graph.tensors.length) return unchanged(model, PASS);
  const details: string[] = [];
  if (plain.note) details.push(plain.note);
  details.push(...removedNodes.map((n) => `${label(n)} removed: nothing reads its outputs`));
  if (removedConstants.length) {
    const bytes = removedConstants.reduce((n, t) => n + constantByteLength(t), 0);
    details.push(`${removedConstants.length} unused constant(s) dropped (${bytes} bytes)`);
  }
  const stale = graph.tensors.length - tensors.length - removedConstants.length;
  if (stale > 0) details.push(`${stale} declaration(s) of values no node computes any more dropped`);
  return finish(base, { ...graph, nodes, tensors }, PASS, Math.max(changed, stale > 0 ? 1 : 0), details);
}
