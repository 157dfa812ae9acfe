// A drag from one node's output handle to another node's input handle: which tensor goes to which input.
// When the nodes leave only one choice the edit is made at once; otherwise a dialog asks.
import type { EditOp } from '../../../core';
import type { GraphNodeView, GraphView, PortView } from '../../../workers/protocol';
import type { EditDialog } from './node-actions';

/** The tensors a node offers to a connection: its outputs (a graph input: the input itself). */
export function sourceTensors(node: GraphNodeView): readonly PortView[] {
  return node.outputs;
}

/** The inputs a connection can rewire: the data inputs, else every input (a node reading only weights). */
export function targetInputs(node: GraphNodeView): readonly PortView[] {
  const data = node.inputs.filter((p) => !p.isConstant);
  return data.length > 0 ? data : node.inputs;
}

/** What a drag from `sourceId` to `targetId` does: an edit, a dialog to choose, or why nothing. */
export function connectionEdit(
  graph: GraphView,
  sourceId: string,
  targetId: string,
): { readonly edit: EditOp } | { readonly dialog: EditDialog } | { readonly refused: string } {
  const source = graph.nodes.find((n) => n.id === sourceId);
  const target = graph.nodes.find((n) => n.id === targetId);
  if (!source || !target) return { refused: 'That node is no longer in the graph.' };
  if (target.kind !== 'op') return { refused: 'Only an operator’s inputs can be rewired by dragging.' };
  const tensors = sourceTensors(source);
  const inputs = targetInputs(target);
  const [tensor] = tensors;
  if (!tensor) return { refused: `${source.name || source.id} has no output to connect.` };
  if (tensors.length === 1 && inputs.length <= 1)
    return { edit: { kind: 'rewireInput', node: target.id, input: inputs[0]?.index ?? 0, tensor: tensor.id } };
  return { dialog: { kind: 'rewire', source: source.id, target: target.id } };
}
