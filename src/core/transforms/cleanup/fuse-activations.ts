// fuse-activations (TFLite): a RELU / RELU6 / RELU_N1_TO_1 op right after an op whose options carry
// fused_activation_function = NONE, and that is the only reader of its output, becomes that op's fused
// activation. The fused op writes the activation's output tensor, so for quantized models its output takes
// the activation's quantization, as the TFLite converter emits it.
//
// Which producers: the schema gives fused_activation_function to more option tables than the kernels
// honour. CONCATENATION and L2_NORMALIZATION kernels refuse anything but NONE; the RNN / LSTM / SVDF
// activation is the cell's, not a clamp of the output; TRANSPOSE_CONV only applies it from TFLite 2.13 on.
// TANH is not fused: kernels turn the fused activation into a clamp range (CalculateActivationRange),
// which has no TANH case, so a fused TANH would be silently ignored (e2e/cleanup.spec.ts shows it).
import { defaultOptionsOf, tableDef } from '../../formats/tflite/schema';
import { indexGraph } from '../../ir/graph-index';
import type { Graph, Model, Node } from '../../ir/types';
import { finish, label, pinnedTensors, unchanged, type PassResult } from './common';
import type { CleanupOptions } from './types';

const PASS = 'fuse-activations';
const ACTIVATION = 'fused_activation_function';

/** Activation ops and the ActivationFunctionType each becomes. */
export const FUSIBLE_ACTIVATIONS: Readonly<Record<string, string>> = {
  RELU: 'RELU',
  RELU6: 'RELU6',
  RELU_N1_TO_1: 'RELU_N1_TO_1',
};

/** Ops whose kernels apply a fused activation to their output. */
export const FUSING_OPS: ReadonlySet<string> = new Set([
  'CONV_2D',
  'DEPTHWISE_CONV_2D',
  'FULLY_CONNECTED',
  'ADD',
  'SUB',
  'MUL',
  'DIV',
  'AVERAGE_POOL_2D',
  'MAX_POOL_2D',
  'L2_POOL_2D',
]);

/** True when the op's option table (tflite/schema.fbs) has a fused_activation_function field. */
export function schemaHasFusedActivation(op: string): boolean {
  const slot = defaultOptionsOf(op);
  return slot !== undefined && tableDef(slot.table).fields.some((f) => f.name === ACTIVATION);
}

/** The producer the activation at `act` can be fused into, or undefined. */
function fusionTarget(graph: Graph, act: Node, pinned: ReadonlySet<string>): number | undefined {
  const index = indexGraph(graph);
  const input = act.inputs[0] ?? '';
  if (act.inputs.length !== 1 || act.outputs.length !== 1 || pinned.has(input)) return undefined;
  if (index.consumers.get(input)?.length !== 1) return undefined;
  const at = index.producer.get(input);
  const producer = at === undefined ? undefined : graph.nodes[at];
  if (!producer || !FUSING_OPS.has(producer.op) || producer.outputs.length !== 1) return undefined;
  const current = producer.attributes[ACTIVATION];
  if (current?.type !== 'string' || current.value !== 'NONE') return undefined;
  const [a, b] = [index.tensor.get(input), index.tensor.get(act.outputs[0] ?? '')];
  // Same element type: an activation that also converts (int8 → int16) is not a clamp.
  return a && b && a.dtype === b.dtype ? at : undefined;
}

/** Fuses every activation it can into the op before it (see the file comment). */
export function fuseActivations(model: Model, options: CleanupOptions = {}): PassResult {
  void options;
  if (model.format !== 'tflite') return unchanged(model, PASS);
  const pinned = pinnedTensors(model, model.graph);
  let graph = model.graph;
  const details: string[] = [];
  // One fusion at a time against the current graph (its index is rebuilt for each).
  for (let i = 0; i < graph.nodes.length; i++) {
    const act = graph.nodes[i]!;
    const type = FUSIBLE_ACTIVATIONS[act.op];
    const at = type === undefined ? undefined : fusionTarget(graph, act, pinned);
    if (type === undefined || at === undefined) continue;
    const producer = graph.nodes[at]!;
    const input = act.inputs[0]!;
    const fused: Node = {
      ...producer,
      attributes: { ...producer.attributes, [ACTIVATION]: { type: 'string', value: type } },
      outputs: [act.outputs[0]!],
    };
    graph = {
      ...graph,
      nodes: graph.nodes.flatMap((n, k) => (k === at ? [fused] : k === i ? [] : [n])),
      tensors: graph.tensors.filter((t) => t.id !== input),
    };
    i--;
    details.push(`${label(act)} fused into ${label(producer)}`);
  }
  return finish(model, graph, PASS, details.length, details);
}
