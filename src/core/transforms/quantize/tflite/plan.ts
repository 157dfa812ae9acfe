// The first half of full-integer quantization: which nodes run on int8, and the int8 parameters of
// every activation, following the TFLite spec's per-op restrictions (INT8_OPS).
import { TransformError } from '../../../errors';
import { indexGraph, type GraphIndex } from '../../../ir/graph-index';
import type { Graph, Node, Tensor } from '../../../ir/types';
import { floatValues, isFloatActivation, isFloatConstant } from './graph-edit';
import {
  clampRange,
  int8ParamsForRange,
  representedRange,
  sameParams,
  type ActivationParams,
  type TensorRange,
} from './int8-params';
import { fusedActivationRange, INT8_OPS, type Int8OpSpec } from './op-specs';
import { valueRange } from './weights';

/** Where a node runs: on int8, in float (kept or unsupported), or untouched (no float tensors). */
export type Domain = 'int8' | 'float' | 'other';

export interface PlanOptions {
  /** Calibrated float ranges of activations, by tensor id. */
  readonly ranges: ReadonlyMap<string, TensorRange>;
  /** Element type of the graph's inputs and outputs. */
  readonly io: 'int8' | 'float';
  /** Nodes the user keeps in float. */
  readonly keepFloat: (node: Node) => boolean;
  /** Keep ops without an int8 rule in float instead of refusing the model. */
  readonly allowFloatFallback: boolean;
}

export interface Plan {
  readonly graph: Graph;
  readonly index: GraphIndex;
  readonly domains: readonly Domain[];
  /** int8 parameters of every activation that has an int8 version, by tensor id. */
  readonly params: ReadonlyMap<string, ActivationParams>;
  /** Shared parameters of CONCATENATION-like nodes, by node position. */
  readonly shared: ReadonlyMap<number, ActivationParams>;
  /** Parameters recorded without a calibrated range (fixed by the spec). */
  readonly fixed: ReadonlySet<string>;
  /** Ops kept in float because they have no int8 rule (with allowFloatFallback). */
  readonly fallbacks: readonly string[];
}

const describeNode = (n: Node): string => `node "${n.name || n.id}" (${n.op})`;

/** Refuses models that are not float TFLite graphs. */
export function checkFloatModel(graph: Graph, what: string): void {
  const quantizedOp = graph.nodes.find((n) => n.op === 'QUANTIZE' || n.op === 'DEQUANTIZE');
  const quantizedTensor = graph.tensors.find(
    (t) => t.quant && t.quant.scale.length > 0 && (t.dtype === 'int8' || t.dtype === 'uint8' || t.dtype === 'int16'),
  );
  if (quantizedOp || quantizedTensor)
    throw new TransformError(
      'not-applicable',
      `${what} is already quantized (${quantizedOp ? describeNode(quantizedOp) : `tensor "${quantizedTensor!.name}"`}); ` +
        'quantize the float model instead',
      quantizedOp?.id ?? quantizedTensor?.id,
    );
  if (!graph.tensors.some((t) => t.dtype === 'float32'))
    throw new TransformError('not-applicable', `${what} has no float32 tensors to quantize`);
}

function nodeDomain(node: Node, tensor: (id: string) => Tensor | undefined, options: PlanOptions): Domain | string {
  const float = [...node.inputs, ...node.outputs].some((id) => tensor(id)?.dtype === 'float32');
  if (!float) return 'other';
  if (options.keepFloat(node)) return 'float';
  const spec = INT8_OPS[node.op];
  if (!spec) return `has no int8 rule in the TFLite quantization spec`;
  if (spec.weights && !isFloatConstant(tensor(node.inputs[spec.weights.input] ?? '')))
    return 'has weights that are not float constants';
  if (spec.bias !== undefined && (node.inputs[spec.bias] ?? '') !== '') {
    if (!isFloatConstant(tensor(node.inputs[spec.bias]!))) return 'has a bias that is not a float constant';
  }
  return 'int8';
}

/** Decides domains and int8 parameters (throws TransformError naming what is missing). */
export function planFullInt8(graph: Graph, options: PlanOptions): Plan {
  const index = indexGraph(graph);
  const tensor = (id: string) => index.tensor.get(id);
  const fallbacks: string[] = [];
  const refused: string[] = [];
  const domains = graph.nodes.map((n) => {
    const d = nodeDomain(n, tensor, options);
    if (d === 'int8' || d === 'float' || d === 'other') return d;
    if (!options.allowFloatFallback) refused.push(`${describeNode(n)} ${d}`);
    fallbacks.push(n.op);
    return 'float';
  });
  if (refused.length)
    throw new TransformError(
      'not-applicable',
      `cannot quantize to full int8: ${refused.slice(0, 3).join('; ')}${refused.length > 3 ? ` (and ${refused.length - 3} more)` : ''}. ` +
        'Keep such layers in float with a per-layer override.',
      graph.nodes[domains.indexOf('float')]?.id,
    );

  const rangeOf = (id: string): TensorRange => {
    const t = tensor(id);
    if (t && isFloatConstant(t)) return valueRange(floatValues(t));
    const r = options.ranges.get(id);
    if (!r)
      throw new TransformError(
        'invalid-options',
        `the calibration data gave no range for tensor "${t?.name ?? id}"; run calibration over the whole model`,
        id,
      );
    return r;
  };
  const params = new Map<string, ActivationParams>();
  const fixed = new Set<string>();
  const shared = new Map<number, ActivationParams>();
  const paramsOf = (id: string): ActivationParams => {
    let p = params.get(id);
    if (!p) params.set(id, (p = int8ParamsForRange(rangeOf(id))));
    return p;
  };
  const effective = sharedRanges(graph, index, domains, rangeOf);

  graph.nodes.forEach((node, position) => {
    if (domains[position] !== 'int8') return;
    const floatInputs = node.inputs.filter((id) => id !== '' && isFloatActivation(tensor(id)));
    const spec = INT8_OPS[node.op]!;
    const outputs = node.outputs.filter((id) => id !== '' && tensor(id)?.dtype === 'float32');
    if (spec.output === 'shared') {
      const group = sharedParams(node, tensor, (id) => effective.get(id) ?? rangeOf(id));
      shared.set(position, group);
      // Inputs not quantized yet (graph inputs, float-domain results) take the shared parameters directly.
      for (const id of floatInputs) if (!params.has(id)) params.set(id, group);
      for (const id of outputs) params.set(id, group);
      return;
    }
    for (const id of floatInputs) paramsOf(id);
    for (const id of outputs)
      params.set(
        id,
        outputParams(node, spec, id, paramsOf, (t) => effective.get(t) ?? rangeOf(t)),
      );
    if (typeof spec.output === 'object') for (const id of outputs) fixed.add(id);
  });
  // With int8 I/O, inputs and outputs are int8 even next to layers kept in float.
  for (const id of graph.outputs) if (options.io === 'int8' && isFloatActivation(tensor(id))) paramsOf(id);
  for (const id of graph.inputs) if (options.io === 'int8' && isFloatActivation(tensor(id))) paramsOf(id);
  return { graph, index, domains, params, shared, fixed, fallbacks: [...new Set(fallbacks)] };
}

function outputParams(
  node: Node,
  spec: Int8OpSpec,
  id: string,
  paramsOf: (id: string) => ActivationParams,
  rangeOf: (id: string) => TensorRange,
): ActivationParams {
  const rule = spec.output;
  if (rule === 'same') return paramsOf(node.inputs[spec.dataInput ?? 0] ?? '');
  if (typeof rule === 'object') {
    const { min, max } = representedRange(rule);
    return { scale: Math.fround(rule.scale), zeroPoint: rule.zeroPoint, min, max };
  }
  return int8ParamsForRange(clampRange(rangeOf(id), fusedActivationRange(node)));
}

/** One parameter set covering every input and the output of a CONCATENATION-like node. */
function sharedParams(
  node: Node,
  tensor: (id: string) => Tensor | undefined,
  rangeOf: (id: string) => TensorRange,
): ActivationParams {
  let min = 0;
  let max = 0;
  for (const id of [...node.inputs, ...node.outputs]) {
    if (id === '' || tensor(id)?.dtype !== 'float32') continue;
    const r = rangeOf(id);
    min = Math.min(min, r.min);
    max = Math.max(max, r.max);
  }
  return int8ParamsForRange(clampRange({ min, max }, fusedActivationRange(node)));
}

/**
 * Widened ranges that spare CONCATENATION-like nodes a requantization: an input produced by an int8
 * node with a calibrated output and read by nothing else takes the union range of the group.
 */
function sharedRanges(
  graph: Graph,
  index: GraphIndex,
  domains: readonly Domain[],
  rangeOf: (id: string) => TensorRange,
): Map<string, TensorRange> {
  const widened = new Map<string, TensorRange>();
  const outputs = new Set(graph.outputs);
  graph.nodes.forEach((node, position) => {
    if (domains[position] !== 'int8' || INT8_OPS[node.op]?.output !== 'shared') return;
    const members = [...node.inputs, ...node.outputs].filter(
      (id) => id !== '' && isFloatActivation(index.tensor.get(id)),
    );
    if (members.length === 0) return;
    let min = 0;
    let max = 0;
    for (const id of members) {
      const r = rangeOf(id);
      min = Math.min(min, r.min);
      max = Math.max(max, r.max);
    }
    for (const id of node.inputs) {
      const producer = index.producer.get(id);
      if (producer === undefined || domains[producer] !== 'int8' || outputs.has(id)) continue;
      const producerNode = graph.nodes[producer]!;
      if (INT8_OPS[producerNode.op]?.output !== 'calibrated' || fusedActivationRange(producerNode)) continue;
      if ((index.consumers.get(id) ?? []).length !== 1) continue;
      widened.set(id, { min, max });
    }
  });
  return widened;
}

/** True when an int8 input must be requantized to the node's shared parameters. */
export function needsRequantize(plan: Plan, position: number, input: string): boolean {
  const group = plan.shared.get(position);
  const own = plan.params.get(input);
  return group !== undefined && own !== undefined && !sameParams(group, own);
}
