// Which inputs of an ONNX node are weights and biases, and along which axis a weight's output channels
// run (the axis of its per-channel scales). From the operator definitions:
//   Conv W [M, C/group, k…]: output channels on axis 0; bias B [M].
//   ConvTranspose W [C, M/group, k…]: output channels on axis 1 (per channel only when group = 1); B [M].
//   Gemm B [K, N], or [N, K] with transB = 1: output axis 1, or 0; C is a bias when it is [N] or [1, N].
//   MatMul B [..., K, N]: output axis rank − 1.
//   LSTM/GRU/RNN W, R [dirs, gates·hidden, …]: axis 1 (weight-only modes).
import type { Graph, Node, Tensor } from '../../../ir/types';
import { isFloat32Constant, staticDims } from './values';

/** A weight input of a node. */
export interface WeightSlot {
  readonly input: number;
  /** Axis of the output channels (undefined: per tensor only). */
  readonly axis?: number;
  /** Axis along which the weight is reduced (where blocks are cut for block-wise int4). */
  readonly reductionAxis?: number;
  /** The bias input whose int32 scale follows this weight (static int8). */
  readonly bias?: number;
}

function intAttr(node: Node, name: string, fallback: number): number {
  const a = node.attributes[name];
  return a && a.type === 'int' ? a.value : fallback;
}

function floatAttr(node: Node, name: string, fallback: number): number {
  const a = node.attributes[name];
  return a && (a.type === 'float' || a.type === 'int') ? a.value : fallback;
}

/** The weight slots of `node` whose tensors are float32 constants in `tensors`. */
export function weightSlots(node: Node, tensors: ReadonlyMap<string, Tensor>, recurrent = false): WeightSlot[] {
  if (node.domain !== '' && node.domain !== 'ai.onnx') return [];
  const constant = (i: number): Tensor | undefined => {
    const t = tensors.get(node.inputs[i] ?? '');
    return isFloat32Constant(t) ? t : undefined;
  };
  const rank = (i: number): number => staticDims(constant(i)!).length;
  switch (node.op) {
    case 'Conv': {
      if (!constant(1) || constant(0)) return [];
      return [{ input: 1, axis: 0, reductionAxis: 1, bias: 2 }];
    }
    case 'ConvTranspose': {
      if (!constant(1) || constant(0)) return [];
      const perChannel = intAttr(node, 'group', 1) === 1;
      return [{ input: 1, ...(perChannel ? { axis: 1, bias: 2 } : {}), reductionAxis: 0 }];
    }
    case 'Gemm': {
      if (!constant(1) || constant(0) || rank(1) !== 2) return [];
      const transB = intAttr(node, 'transB', 0) === 1;
      // The bias can only be folded into the integer accumulator when Y = A·B + C exactly.
      const plain = floatAttr(node, 'alpha', 1) === 1 && floatAttr(node, 'beta', 1) === 1;
      return [{ input: 1, axis: transB ? 0 : 1, reductionAxis: transB ? 1 : 0, ...(plain ? { bias: 2 } : {}) }];
    }
    case 'MatMul': {
      if (!constant(1) || constant(0)) return [];
      const r = rank(1);
      return r >= 2 ? [{ input: 1, axis: r - 1, reductionAxis: r - 2 }] : [{ input: 1 }];
    }
    case 'LSTM':
    case 'GRU':
    case 'RNN': {
      if (!recurrent) return [];
      return [1, 2].filter((i) => constant(i) && rank(i) === 3).map((i) => ({ input: i, axis: 1, reductionAxis: 2 }));
    }
    default:
      return [];
  }
}

/** True when a bias tensor has the one-per-output-channel shape its weight's channels need. */
export function isChannelBias(bias: Tensor, channels: number): boolean {
  const dims = staticDims(bias);
  const count = dims.reduce((a, b) => a * b, 1);
  return count === channels && dims.filter((d) => d !== 1).length <= 1 && (dims.length === 1 || dims.length === 2);
}

/** Every float32 constant read by `graph`'s nodes, with the nodes reading it (in order). */
export function constantReaders(graph: Graph, tensors: ReadonlyMap<string, Tensor>): Map<string, number[]> {
  const readers = new Map<string, number[]>();
  graph.nodes.forEach((n, i) => {
    for (const id of new Set(n.inputs)) {
      if (!isFloat32Constant(tensors.get(id))) continue;
      const list = readers.get(id);
      if (list) list.push(i);
      else readers.set(id, [i]);
    }
  });
  return readers;
}
