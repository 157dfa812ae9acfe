// Where a layer's value can be read in a model, whatever quantization did to the graph around it:
// - the "layers" of a graph are its compute nodes (not the QuantizeLinear / DequantizeLinear / QUANTIZE /
//   DEQUANTIZE conversions quantization adds, not nodes that only compute on constants);
// - in ONNX QDQ form a layer's float output goes through QuantizeLinear → DequantizeLinear before the next
//   layer reads it, so the value that matters is the DequantizeLinear's output (what readers see);
// - in ONNX QOperator form an int8 tensor may never be dequantized inside the graph: its real values are
//   scale × (q − zero point), with the parameters given to the operator that wrote it (ONNX operator docs:
//   QLinearConv / QLinearMatMul inputs 6 and 7 are y_scale and y_zero_point).
// TFLite needs none of this here: the reference executor holds quantized TFLite tensors as real values.
import { indexGraph, type GraphIndex } from '../../ir/graph-index';
import { toFloat64 } from '../../ir/tensor';
import type { Graph, Model, Node } from '../../ir/types';
import { DATA_MOVEMENT_OPS } from '../../transforms/quantize/onnx/op-classes';

/** How to read real values from integers a runtime returns: real = scale × (q − zeroPoint). */
export interface Dequantization {
  readonly scale: readonly number[];
  readonly zeroPoint: readonly number[];
  /** Axis of per-channel parameters (absent: one pair for the whole tensor). */
  readonly axis?: number;
}

/** A tensor to observe for a layer, and how its values become real ones. */
export interface TensorProbe {
  readonly tensor: string;
  readonly dequantize?: Dequantization;
}

/** Conversions quantization inserts; they are never layers themselves. */
export const CONVERSION_OPS: ReadonlySet<string> = new Set([
  'QuantizeLinear',
  'DequantizeLinear',
  'DynamicQuantizeLinear',
  'QUANTIZE',
  'DEQUANTIZE',
]);

// Shape arithmetic: their outputs are not activations worth an error figure.
const SHAPE_OPS = new Set(['Shape', 'Size', 'ConstantOfShape', 'Range', 'NonZero', 'SHAPE']);

// Integer operators and the input positions of their output scale and zero point (ONNX operator docs;
// com.microsoft contrib ops for QLinearAdd and friends).
const OUTPUT_PARAMS: Readonly<Record<string, readonly [number, number]>> = {
  QuantizeLinear: [1, 2],
  QLinearConv: [6, 7],
  QLinearMatMul: [6, 7],
  QLinearAdd: [6, 7],
  QLinearMul: [6, 7],
  QLinearAveragePool: [3, 4],
  QLinearGlobalAveragePool: [3, 4],
  QLinearLeakyRelu: [3, 4],
  QLinearSigmoid: [3, 4],
  QLinearSoftmax: [3, 4],
  QGemm: [7, 8],
  QLinearConcat: [0, 1],
};

/** Ids of tensors computed from constants alone (folded Reshapes of weights, Shape arithmetic on them). */
export function constantDerived(graph: Graph): Set<string> {
  const known = new Set(graph.tensors.filter((t) => t.data !== undefined).map((t) => t.id));
  for (const node of graph.nodes) {
    const inputs = node.inputs.filter((id) => id !== '');
    if (inputs.length === 0 && node.op !== 'Constant') continue;
    if (inputs.every((id) => known.has(id))) for (const out of node.outputs) if (out !== '') known.add(out);
  }
  return known;
}

/** The compute nodes of a graph, in node order (see the file comment). */
export function layerNodes(graph: Graph): Node[] {
  const constant = constantDerived(graph);
  return graph.nodes.filter((node) => {
    const out = node.outputs[0] ?? '';
    if (out === '' || CONVERSION_OPS.has(node.op) || SHAPE_OPS.has(node.op) || node.op === 'Constant') return false;
    return !constant.has(out);
  });
}

/** The node reading `id` as its first input with op `op`, if any. */
function readerOf(graph: Graph, index: GraphIndex, id: string, op: string): Node | undefined {
  for (const i of index.consumers.get(id) ?? []) {
    const node = graph.nodes[i]!;
    if (node.op === op && node.inputs[0] === id) return node;
  }
  return undefined;
}

/**
 * The tensor holding what readers of `id` see (ONNX): `id` → QuantizeLinear → DequantizeLinear gives the
 * DequantizeLinear's output; integers read by a DequantizeLinear give its output; a QuantizeLinear
 * without a DequantizeLinear after it gives the integers. Other formats: `id` itself.
 */
export function effectiveTensor(model: Model, id: string): string {
  if (model.format !== 'onnx') return id;
  const graph = model.graph;
  const index = indexGraph(graph);
  const direct = readerOf(graph, index, id, 'DequantizeLinear');
  if (direct?.outputs[0]) return direct.outputs[0];
  const q = readerOf(graph, index, id, 'QuantizeLinear');
  const quantized = q?.outputs[0];
  if (!quantized) return id;
  return readerOf(graph, index, quantized, 'DequantizeLinear')?.outputs[0] || quantized;
}

function constantValues(index: GraphIndex, id: string): Float64Array | undefined {
  const t = id === '' ? undefined : index.tensor.get(id);
  const bytes = t?.data?.bytes;
  return t && bytes ? toFloat64(t.dtype, bytes) : undefined;
}

function paramsAt(index: GraphIndex, node: Node, at: readonly [number, number]): Dequantization | undefined {
  const scale = constantValues(index, node.inputs[at[0]] ?? '');
  if (!scale || scale.length === 0) return undefined;
  const zp = constantValues(index, node.inputs[at[1]] ?? '') ?? new Float64Array(scale.length);
  const axisAttr = node.attributes['axis'];
  const axis = scale.length > 1 ? (axisAttr?.type === 'int' ? axisAttr.value : 1) : undefined;
  return { scale: [...scale], zeroPoint: [...zp], ...(axis !== undefined ? { axis } : {}) };
}

/**
 * The parameters that turn the integers of ONNX tensor `id` into real values, when an integer operator
 * (or a QuantizeLinear) wrote it, directly or through int8 data movement; undefined for float tensors.
 */
export function integerParams(model: Model, id: string): Dequantization | undefined {
  if (model.format !== 'onnx') return undefined;
  const graph = model.graph;
  const index = indexGraph(graph);
  let current = id;
  // Data movement chains are short; the bound only guards against malformed cycles.
  for (let step = 0; step < 64; step++) {
    const at = index.producer.get(current);
    if (at === undefined) return undefined;
    const node = graph.nodes[at]!;
    const slots = OUTPUT_PARAMS[node.op];
    if (slots) return paramsAt(index, node, slots);
    // Data movement on int8 data keeps its input's scale and zero point (QOperator runs it on the integers).
    if (!DATA_MOVEMENT_OPS.has(node.op) || !node.inputs[0]) return undefined;
    current = node.inputs[0];
  }
  return undefined;
}

/** The probe of layer output `id`: the tensor readers see, dequantized when it holds integers. */
export function probeOf(model: Model, id: string): TensorProbe {
  const tensor = effectiveTensor(model, id);
  const dequantize = integerParams(model, tensor);
  return dequantize ? { tensor, dequantize } : { tensor };
}
