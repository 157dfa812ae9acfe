// Values of a node whose inputs are constants, computed by the reference executor's own kernels (one node
// run synchronously on a one-node graph), and constant tensors made from computed values.
import { ExecutionError } from '../../errors';
import { planFor } from '../../execute/plan';
import { BufferPool } from '../../execute/pool';
import { constantOf, runNode, type NodeRunState } from '../../execute/run-node';
import type { RuntimeTensor } from '../../execute/types';
import type { DType } from '../../ir/dtype';
import { bytesOf } from '../../ir/tensor';
import type { Model, Node, Tensor } from '../../ir/types';

/**
 * Runs `node` of `model` on its constant inputs; undefined when the executor has no kernel for it or
 * refuses the case. `inputs` holds every non-empty input's constant tensor.
 */
export function evaluateNode(model: Model, node: Node, inputs: readonly Tensor[]): RuntimeTensor[] | undefined {
  const declared = new Map<string, Tensor>();
  for (const t of inputs) declared.set(t.id, t);
  for (const t of model.graph.tensors)
    if (node.outputs.includes(t.id) && !declared.has(t.id)) declared.set(t.id, { ...t, data: undefined });
  const graph = {
    name: 'fold',
    nodes: [node],
    tensors: [...declared.values()],
    inputs: [],
    outputs: node.outputs.filter((id) => id !== ''),
  };
  const plan = planFor({ ...model, graph, subgraphs: [] });
  if (!plan.defs[0]) return undefined;
  const state: NodeRunState = {
    plan,
    pool: new BufferPool(),
    values: new Map(),
    constant: (id) => constantOf(plan, id),
  };
  try {
    const results = new Map(runNode(state, 0));
    const out: RuntimeTensor[] = [];
    for (const id of graph.outputs) {
      const t = results.get(id);
      if (!t) return undefined;
      out.push({ ...t, data: Float32Array.from(t.data) });
    }
    return out;
  } catch (error) {
    if (error instanceof ExecutionError) return undefined;
    throw error;
  }
}

type IntRange = readonly [number, number];

const INT_RANGES: Partial<Record<DType, IntRange>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  int64: [-(2 ** 53), 2 ** 53],
  uint64: [0, 2 ** 53],
  bool: [0, 1],
};

/**
 * Little-endian bytes of `values` stored as `dtype`; undefined when the dtype is not one a fold writes or
 * a value does not fit it exactly. `exactTo` bounds integer magnitudes (2^24 for values that passed
 * through float32, where larger integers may have been rounded).
 */
export function encodeValues(dtype: DType, values: ArrayLike<number>, exactTo = 2 ** 53): Uint8Array | undefined {
  if (dtype === 'float32') return bytesOf(Float32Array.from(values));
  if (dtype === 'float64') return bytesOf(Float64Array.from(values));
  const range = INT_RANGES[dtype];
  if (!range) return undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < range[0] || v > range[1] || Math.abs(v) > exactTo) return undefined;
  }
  switch (dtype) {
    case 'int8':
      return bytesOf(Int8Array.from(values));
    case 'uint8':
    case 'bool':
      return Uint8Array.from(values);
    case 'int16':
      return bytesOf(Int16Array.from(values));
    case 'uint16':
      return bytesOf(Uint16Array.from(values));
    case 'int32':
      return bytesOf(Int32Array.from(values));
    case 'uint32':
      return bytesOf(Uint32Array.from(values));
    case 'int64':
      return bytesOf(BigInt64Array.from(Array.from(values, (v) => BigInt(v))));
    case 'uint64':
      return bytesOf(BigUint64Array.from(Array.from(values, (v) => BigInt(v))));
    default:
      return undefined;
  }
}
