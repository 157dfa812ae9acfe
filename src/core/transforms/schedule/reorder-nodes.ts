// reorder-nodes: the main graph's nodes in another execution order. The TFLite and ONNX writers emit
// operators in `graph.nodes` order and their readers keep it, and TFLM runs operators in stored order, so
// this is how a memory-optimised schedule travels with an exported model.
import { isTopologicalOrder } from '../../analysis/memory/schedule';
import { TransformError } from '../../errors';
import { tfliteExtras, type TfliteNodeExtras, type TfliteTensorExtras } from '../../formats/tflite/extras';
import type { Model, Node } from '../../ir/types';

// TFLite ops whose effect other ops see through a resource or variable, not through a tensor edge.
const STATEFUL_TFLITE = new Set(['CALL_ONCE', 'VAR_HANDLE', 'ASSIGN_VARIABLE', 'READ_VARIABLE', 'HASHTABLE_IMPORT']);

/** Nodes whose relative order matters beyond data edges: no outputs (run for their effect), state. */
function hasEffect(model: Model, node: Node, variables: ReadonlySet<string>): boolean {
  if (node.outputs.every((id) => id === '')) return true;
  if (model.format !== 'tflite') return false;
  if (STATEFUL_TFLITE.has(node.op)) return true;
  if (tfliteExtras<TfliteNodeExtras>(node.extras).mutatingVariableInputs?.some(Boolean)) return true;
  return node.inputs.some((id) => variables.has(id));
}

/**
 * The model with its main graph's nodes run in `order` (`order[step]` is an index into `graph.nodes`).
 * The order must list every node once, each after the producers of what it reads; nodes acting through
 * state (TFLite variables, resources, nodes without outputs) keep their relative order. Pure: returns a new
 * model sharing every node, tensor and subgraph with the input.
 */
export function reorderNodes(model: Model, order: readonly number[]): Model {
  const graph = model.graph;
  const subject = graph.name || 'the main graph';
  if (!isTopologicalOrder(graph, order)) {
    const permutation =
      order.length === graph.nodes.length &&
      new Set(order).size === order.length &&
      order.every((i) => Number.isInteger(i) && i >= 0 && i < graph.nodes.length);
    throw new TransformError(
      'invalid-options',
      permutation
        ? `The operator order for ${subject} runs a node before a node producing one of its inputs.`
        : `The operator order for ${subject} must list each of its ${graph.nodes.length} nodes exactly once.`,
      subject,
    );
  }
  const variables = new Set(
    graph.tensors.filter((t) => tfliteExtras<TfliteTensorExtras>(t.extras).isVariable).map((t) => t.id),
  );
  const effects = order.filter((i) => hasEffect(model, graph.nodes[i]!, variables));
  const moved = effects.findIndex((i, k) => k > 0 && i < effects[k - 1]!);
  if (moved >= 0) {
    const node = graph.nodes[effects[moved]!]!;
    throw new TransformError(
      'not-applicable',
      `Node ${node.name || node.id} (${node.op}) acts through state, so it must keep its place before or after the other such nodes of ${subject}.`,
      node.id,
    );
  }
  return { ...model, graph: { ...graph, nodes: order.map((i) => graph.nodes[i]!) } };
}
