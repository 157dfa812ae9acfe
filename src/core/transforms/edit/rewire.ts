// rewireInput: one input of one node reads another tensor. A rewire that makes a cycle is applied (the
// problems list names it, and the user can undo or rewire again); one that only breaks the node order is
// repaired by re-sorting.
import type { Model } from '../../ir/types';
import { arity } from './catalogue-types';
import { operatorSpec } from './catalogue';
import { refuse } from './edit-error';
import { topologicalOrder } from './graph-order';
import { findNode, nodeLabel, requireTensor } from './lookup';
import { editResult } from './result';
import type { EditResult } from './types';

/** rewireInput: input `inputIndex` of the node reads `tensor` ('' omits it; index = count appends). */
export function rewireInput(model: Model, ref: string, inputIndex: number, tensor: string): EditResult {
  const graph = model.graph;
  const node = findNode(graph, ref);
  const label = nodeLabel(node);
  if (!Number.isInteger(inputIndex) || inputIndex < 0 || inputIndex > node.inputs.length)
    refuse('wrong-arity', `${label} has ${node.inputs.length} inputs; input ${inputIndex} cannot be set`, node.id);
  const spec = operatorSpec(model, node.op, node.domain);
  if (spec && inputIndex >= arity(spec.inputs).max)
    refuse('wrong-arity', `${label} takes at most ${arity(spec.inputs).max} inputs`, node.id);
  if (tensor === '') {
    const port = spec?.inputs[Math.min(inputIndex, spec.inputs.length - 1)];
    if (spec && port && !port.optional)
      refuse('wrong-arity', `input ${inputIndex} (${port.name}) of ${label} is required`, node.id);
  } else {
    requireTensor(graph, tensor);
  }
  const previous = node.inputs[inputIndex];
  if (previous === tensor) return editResult(model, { nodes: [node.id] });
  const inputs = [...node.inputs];
  inputs[inputIndex] = tensor;
  const nodes = graph.nodes.map((n) => (n === node ? { ...n, inputs } : n));
  const next = topologicalOrder({ ...graph, nodes });
  const tensors = [tensor, ...(previous ? [previous] : [])].filter((id) => id !== '');
  return editResult({ ...model, graph: next }, { nodes: [node.id], tensors });
}
