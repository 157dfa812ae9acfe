// Choosing how each weight is quantized (type, axis, blocks) and describing the result in the report.
import { getKernels } from '../../../../kernels/index';
import { indexGraph } from '../../../ir/graph-index';
import { constantByteLength, constantElementCount } from '../../../ir/tensor';
import type { Graph, Node, Tensor } from '../../../ir/types';
import type { QuantizedTensor, TensorQuantSpec } from '../quantize-tensor';
import type { LayerReport, QuantDType, QuantizeOptions } from '../types';
import { quantizedBytes, type Placement } from './emit';
import { weightSlots } from './weight-slots';

/** How one weight is quantized and where its parameters apply. */
export interface WeightChoice {
  readonly spec: TensorQuantSpec;
  readonly placement: Placement;
}

/** The integer type of `bits`-bit weights. */
export function weightDType(bits: 4 | 8, symmetric: boolean): QuantDType {
  if (bits === 4) return symmetric ? 'int4' : 'uint4';
  return symmetric ? 'int8' : 'uint8';
}

// The output-channel and reduction axes every reader agrees on (undefined where they disagree).
function agreedAxes(
  graph: Graph,
  tensors: ReadonlyMap<string, Tensor>,
  weightId: string,
): { axis?: number; reduction?: number } {
  const index = indexGraph(graph);
  let axis: number | undefined | null = null;
  let reduction: number | undefined | null = null;
  for (const i of index.consumers.get(weightId) ?? []) {
    const reader = graph.nodes[i]!;
    for (const slot of weightSlots(reader, tensors, true)) {
      if (reader.inputs[slot.input] !== weightId) continue;
      axis = axis === null || axis === slot.axis ? slot.axis : undefined;
      reduction = reduction === null || reduction === slot.reductionAxis ? slot.reductionAxis : undefined;
    }
  }
  return {
    ...(axis !== null && axis !== undefined ? { axis } : {}),
    ...(reduction !== null && reduction !== undefined ? { reduction } : {}),
  };
}

/** How to quantize weight `weightId` first read by `node`: bits from the node's override or `bits`. */
export function weightPlacement(
  graph: Graph,
  tensors: ReadonlyMap<string, Tensor>,
  weightId: string,
  node: Node,
  options: QuantizeOptions,
  bits: 4 | 8,
): WeightChoice {
  const b = options.overrides?.[node.id]?.bits ?? bits;
  const symmetric = options.symmetric ?? true;
  const dtype = weightDType(b, symmetric);
  const base = { dtype, symmetric, rounding: 'half-even' as const };
  if ((options.granularity ?? 'per-channel') === 'per-tensor') return { spec: base, placement: {} };
  const { axis, reduction } = agreedAxes(graph, tensors, weightId);
  const blockSize = options.blockSize ?? 0;
  if (b === 4 && blockSize > 0 && reduction !== undefined)
    return { spec: { ...base, axis: reduction, blockSize }, placement: { axis: reduction, blockSize } };
  if (axis === undefined) return { spec: base, placement: {} };
  return { spec: { ...base, axis }, placement: { axis } };
}

function range(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  return { min, max };
}

/** The report row of a quantized constant (`bytesAfter`: what its storage takes, by default all of it). */
export function weightLayer(
  node: Node,
  tensor: Tensor,
  role: LayerReport['role'],
  q: QuantizedTensor,
  dtype: QuantDType,
  placement: Placement,
  bytesAfter: number = quantizedBytes(q, dtype),
): LayerReport {
  const granularity = q.scaleDims.length === 0 ? 'per-tensor' : placement.blockSize ? 'per-block' : 'per-channel';
  return {
    nodeId: node.id,
    name: node.name,
    op: node.op,
    tensor: tensor.id,
    role,
    dtype,
    granularity,
    ...(placement.axis !== undefined && q.scaleDims.length > 0 ? { axis: placement.axis } : {}),
    scaleRange: getKernels().minMax(q.scale),
    zeroPointRange: range(q.zeroPoint),
    sqnrDb: q.error.sqnrDb,
    mse: q.error.mse,
    elements: q.values.length,
    bytesBefore: constantByteLength(tensor),
    bytesAfter,
    clipped: q.clipped,
    keptFloat: false,
  };
}

/** The report row of a constant deliberately left in float. */
export function floatLayer(node: Node, tensor: Tensor, role: LayerReport['role']): LayerReport {
  const bytes = constantByteLength(tensor);
  return {
    nodeId: node.id,
    name: node.name,
    op: node.op,
    tensor: tensor.id,
    role,
    dtype: 'float32',
    granularity: 'per-tensor',
    sqnrDb: Infinity,
    mse: 0,
    elements: constantElementCount(tensor),
    bytesBefore: bytes,
    bytesAfter: bytes,
    clipped: 0,
    keptFloat: true,
  };
}
