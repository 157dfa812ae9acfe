import type { Attribute, Node } from '../ir/types';
import { concreteDims, product, type TypeOf } from './type-lookup';

/**
 * MACs of one node from the types of its tensors; `undefined` when a shape it needs is unknown (the
 * caller reports that instead of silently counting 0).
 */
export type MacsRule = (node: Node, typeOf: TypeOf) => number | undefined;

/** Static dims (symbolic as 1) of the node's input `index`, or undefined. */
export function inputDims(node: Node, typeOf: TypeOf, index: number): number[] | undefined {
  const id = node.inputs[index];
  return id ? concreteDims(typeOf(id)?.shape) : undefined;
}

/** Static dims (symbolic as 1) of the node's output `index`, or undefined. */
export function outputDims(node: Node, typeOf: TypeOf, index: number): number[] | undefined {
  const id = node.outputs[index];
  return id ? concreteDims(typeOf(id)?.shape) : undefined;
}

/** An integer attribute (ONNX ints, TFLite options read as ints or bools), or the default. */
export function intAttr(node: Node, names: readonly string[], fallback: number): number {
  for (const name of names) {
    const a: Attribute | undefined = node.attributes[name];
    if (a?.type === 'int' || a?.type === 'float') return a.value;
  }
  return fallback;
}

/**
 * MACs of a (batched, broadcasting) matrix product A·B with the inner dimension `k` taken from A:
 * numpy matmul semantics, 1-D operands promoted and the added dimension dropped again.
 */
export function matmulMacs(
  a: readonly number[],
  b: readonly number[],
  transA = false,
  transB = false,
): number | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  const a2 = a.length === 1 ? [1, a[0]!] : a;
  const b2 = b.length === 1 ? [b[0]!, 1] : b;
  const m = transA ? a2[a2.length - 1]! : a2[a2.length - 2]!;
  const k = transA ? a2[a2.length - 2]! : a2[a2.length - 1]!;
  const n = transB ? b2[b2.length - 2]! : b2[b2.length - 1]!;
  return broadcastBatch(a2.slice(0, -2), b2.slice(0, -2)) * m * n * k;
}

// Batch dimensions broadcast numpy-style, right-aligned; a 1 stretches to the other operand's size.
function broadcastBatch(a: readonly number[], b: readonly number[]): number {
  const rank = Math.max(a.length, b.length);
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    count *= da === 1 ? db : da;
  }
  return count;
}

/** Elements of a shape's dims, or undefined. */
export function elements(dims: readonly number[] | undefined): number | undefined {
  return dims === undefined ? undefined : product(dims);
}
