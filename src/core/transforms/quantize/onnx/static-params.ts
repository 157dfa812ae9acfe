// The quantization parameters of full-integer static int8, decided once for both ONNX forms (QDQ in
// static.ts, QOperator in qoperator.ts), so the same calibration gives the same integers in either:
// - each planned activation group gets one scale / zero point from its calibrated range (int8 asymmetric
//   by default, onnxruntime's recommended S8S8);
// - weights of Conv / Gemm / MatMul become int8 symmetric (per channel along the output axis by default);
// - biases become int32 with scale = s_input × s_weight (per channel when the weight is) and zero point 0,
//   so they add straight into the integer accumulator; one that does not fit int32 stays in float;
// - constant operands of Add / Mul / Sub are quantized per tensor like activations.
// Rounding is half to even throughout (ONNX QuantizeLinear).
import { indexGraph } from '../../../ir/graph-index';
import type { Graph, Node, Tensor } from '../../../ir/types';
import type { TypeOf } from '../../../analysis/type-lookup';
import { chooseParams, effectiveRange, TINY_SCALE, channelLayout } from '../params';
import { quantizeTensor, quantizeWith, type QuantizedTensor } from '../quantize-tensor';
import type { ActivationReport, LayerReport, QuantDType, QuantizeOptions } from '../types';
import type { Placement } from './emit';
import { classifier, planActivations, type ActivationPlan, type ClassOf } from './static-plan';
import { float32Values, isFloat32Constant, staticDims } from './values';
import { isChannelBias, weightSlots } from './weight-slots';
import { floatLayer, weightPlacement } from './weights';

/** Scale and zero point of one activation group; `base` (its first member) names its initializers. */
export interface GroupParams {
  readonly scale: number;
  readonly zeroPoint: number;
  readonly base: string;
}

/** A constant quantized for static int8, and the node it was quantized for (its first reader). */
export interface QuantizedConstant {
  readonly tensor: Tensor;
  readonly node: Node;
  readonly role: LayerReport['role'];
  readonly dims: readonly number[];
  readonly q: QuantizedTensor;
  readonly dtype: QuantDType;
  readonly placement: Placement;
}

/** One report row to be: a constant kept in float, or a quantized one (its bytes depend on the form). */
export type LayerEntry =
  | { readonly kind: 'float'; readonly report: LayerReport }
  | { readonly kind: 'quantized'; readonly constant: QuantizedConstant };

/** Everything both forms need to write a statically quantized graph. */
export interface StaticParams {
  readonly classOf: ClassOf;
  readonly plan: ActivationPlan;
  readonly actDType: QuantDType;
  readonly keepFloat: ReadonlySet<string>;
  /** Activation groups in plan order with their parameters. */
  readonly groups: readonly { readonly members: readonly string[]; readonly params: GroupParams }[];
  /** Parameters of each quantized activation tensor (members of a group share one object). */
  readonly activation: ReadonlyMap<string, GroupParams>;
  /** Quantized constants by tensor id, in node order. */
  readonly constants: ReadonlyMap<string, QuantizedConstant>;
  readonly layers: readonly LayerEntry[];
  readonly activations: readonly ActivationReport[];
  readonly warnings: readonly string[];
}

/** Decides the static int8 parameters of `graph` (opset ≥ 13, prepared) from the ranges in `options`. */
export function staticParams(graph: Graph, typeOf: TypeOf, options: QuantizeOptions): StaticParams {
  const ranges = options.activationRanges ?? new Map();
  const actDType: QuantDType = options.activationDType ?? 'int8';
  const keepFloat = new Set(
    Object.entries(options.overrides ?? {})
      .filter(([, o]) => o.keepFloat)
      .map(([id]) => id),
  );
  const classOf = classifier(keepFloat);
  const plan = planActivations(graph, classOf, typeOf, ranges);
  const index = indexGraph(graph);
  const tensors = new Map<string, Tensor>(graph.tensors.map((t) => [t.id, t]));
  const warnings: string[] = [];
  const layers: LayerEntry[] = [];
  const activations: ActivationReport[] = [];

  if (plan.uncalibrated.length)
    warnings.push(
      `${plan.uncalibrated.length} activation(s) have no calibrated range and stay in float: ${plan.uncalibrated.slice(0, 5).join(', ')}${plan.uncalibrated.length > 5 ? ', …' : ''}`,
    );

  const activation = new Map<string, GroupParams>();
  const groups = plan.groups.map((group) => {
    const p = chooseParams(group.range, { dtype: actDType, symmetric: false, rounding: 'half-even' });
    const params: GroupParams = { ...p, base: group.members[0]! };
    const used = effectiveRange(group.range, false);
    for (const id of group.members) {
      activation.set(id, params);
      activations.push({
        tensor: id,
        dtype: actDType,
        calibrated: ranges.get(id) ?? group.range,
        range: used,
        scale: p.scale,
        zeroPoint: p.zeroPoint,
      });
    }
    return { members: group.members, params };
  });

  const constants = new Map<string, QuantizedConstant>();
  const skipped = new Set<string>();
  const add = (c: QuantizedConstant): void => {
    constants.set(c.tensor.id, c);
    layers.push({ kind: 'quantized', constant: c });
  };
  const keptFloat = (node: Node, tensor: Tensor, role: LayerReport['role']): void => {
    skipped.add(tensor.id);
    layers.push({ kind: 'float', report: floatLayer(node, tensor, role) });
  };
  graph.nodes.forEach((node) => {
    const cls = classOf(node);
    if (keepFloat.has(node.id)) {
      for (const slot of weightSlots(node, tensors))
        layers.push({ kind: 'float', report: floatLayer(node, tensors.get(node.inputs[slot.input]!)!, 'weight') });
      return;
    }
    if (cls === 'compute') {
      for (const id of node.inputs) {
        const t = tensors.get(id);
        if (!isFloat32Constant(t) || constants.has(id) || skipped.has(id)) continue;
        const dims = staticDims(t);
        const spec = { dtype: actDType, symmetric: false, rounding: 'half-even' as const };
        add({
          tensor: t,
          node,
          role: 'constant',
          dims,
          q: quantizeTensor(float32Values(t), dims, spec),
          dtype: actDType,
          placement: {},
        });
      }
      return;
    }
    if (cls !== 'weighted') return;
    const slot = weightSlots(node, tensors)[0];
    if (!slot) return;
    const weightId = node.inputs[slot.input]!;
    const weight = tensors.get(weightId)!;
    const dims = staticDims(weight);
    let wScale = constants.get(weightId)?.q.scale;
    if (!wScale) {
      const choice = weightPlacement(graph, tensors, weightId, node, options, 8);
      const q = quantizeTensor(float32Values(weight), dims, choice.spec);
      add({ tensor: weight, node, role: 'weight', dims, q, dtype: choice.spec.dtype, placement: choice.placement });
      wScale = q.scale;
    }
    const biasId = slot.bias !== undefined ? (node.inputs[slot.bias] ?? '') : '';
    const bias = tensors.get(biasId);
    if (!isFloat32Constant(bias) || constants.has(biasId) || skipped.has(biasId)) return;
    const input = activation.get(node.inputs[0] ?? '');
    const reason = biasProblem(node, bias, biasId, dims, slot.axis, wScale, input, index);
    if (reason) {
      warnings.push(reason);
      keptFloat(node, bias, 'bias');
      return;
    }
    const scale = new Float32Array(wScale.length);
    for (let c = 0; c < scale.length; c++) scale[c] = Math.fround(input!.scale * wScale[c]!);
    const bDims = staticDims(bias);
    const perChannel = scale.length > 1;
    const axis = perChannel ? bDims.findIndex((d) => d === scale.length) : undefined;
    const q = quantizeWith(
      float32Values(bias),
      { scale, zeroPoint: new Int32Array(scale.length) },
      perChannel ? [scale.length] : [],
      { dtype: 'int32', rounding: 'half-even', symmetric: true, narrow: false },
      perChannel ? channelLayout(bDims, axis!) : undefined,
    );
    if (q.clipped > 0 || scale.some((s) => !(s >= TINY_SCALE))) {
      warnings.push(
        `bias "${biasId}" of ${node.op} "${node.name || node.id}" does not fit int32 at scale s_input × s_weight; it stays in float`,
      );
      keptFloat(node, bias, 'bias');
      return;
    }
    add({
      tensor: bias,
      node,
      role: 'bias',
      dims: bDims,
      q,
      dtype: 'int32',
      placement: axis !== undefined ? { axis } : {},
    });
  });
  return { classOf, plan, actDType, keepFloat, groups, activation, constants, layers, activations, warnings };
}

// Why a layer's bias cannot be int32 (undefined when it can).
function biasProblem(
  node: Node,
  bias: Tensor,
  biasId: string,
  weightDims: readonly number[],
  axis: number | undefined,
  wScale: Float32Array,
  input: GroupParams | undefined,
  index: ReturnType<typeof indexGraph>,
): string | undefined {
  const label = `${node.op} "${node.name || node.id}"`;
  if (!input) return `bias "${biasId}" of ${label} stays in float: the layer's input is not quantized`;
  if ((index.consumers.get(biasId) ?? []).length > 1)
    return `bias "${biasId}" of ${label} stays in float: other nodes read it too`;
  const channels = axis !== undefined ? (weightDims[axis] ?? 0) : 0;
  if (channels && !isChannelBias(bias, channels))
    return `bias "${biasId}" of ${label} stays in float: it is not one value per output channel`;
  if (wScale.length > 1 && staticDims(bias).reduce((a, b) => a * b, 1) !== wScale.length)
    return `bias "${biasId}" of ${label} stays in float: its length does not match the weight's channels`;
  return undefined;
}
