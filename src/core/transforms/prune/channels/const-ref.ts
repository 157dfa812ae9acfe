// Where a constant input of a node really lives, so it can be read and rewritten: an initializer / TFLite
// buffer, an ONNX Constant node's `value`, a ConstantOfShape fill, or a view of one of those by Reshape
// (CNTK, as in the ONNX zoo's MNIST-8), Unsqueeze / Squeeze (Caffe2's per-channel scales) or Flatten —
// still a constant, since those keep the row-major order of the elements.
import { outerReads } from '../../../analysis/params';
import { indexGraph, nestedGraphs } from '../../../ir/graph-index';
import { realValues } from '../../../ir/quantization';
import { isStaticShape, toFloat64 } from '../../../ir/tensor';
import type { Graph, Node, Tensor } from '../../../ir/types';

export type ConstRef =
  | { readonly kind: 'tensor'; readonly tensor: Tensor }
  | { readonly kind: 'constant-node'; readonly node: number; readonly tensor: Tensor }
  /** A reshaping op over another constant; `dims` are its output dims, the shape the reader sees. */
  | {
      readonly kind: 'view';
      readonly node: number;
      readonly op: ViewOp;
      readonly inner: ConstRef;
      readonly dims: readonly number[];
    }
  /** ONNX ConstantOfShape with a constant shape: every element is `value` (the "light" test models). */
  | { readonly kind: 'filled'; readonly node: number; readonly tensor: Tensor; readonly value: number };

export type ViewOp = 'Reshape' | 'Unsqueeze' | 'Squeeze' | 'Flatten';
const VIEW_OPS: readonly string[] = ['Reshape', 'Unsqueeze', 'Squeeze', 'Flatten'];

function isOnnxOp(node: Node, op: string): boolean {
  return node.op === op && (node.domain === '' || node.domain === 'ai.onnx');
}

function loaded(t: Tensor | undefined): t is Tensor & { readonly data: { readonly bytes: Uint8Array } } {
  return t !== undefined && t.data?.bytes !== undefined && isStaticShape(t.shape);
}

const slotCache = new WeakMap<Graph, Map<string, number>>();

/** How many node input slots read `id` (a read from a nested graph counts twice: it is never rewritten). */
export function readerSlots(graph: Graph, id: string): number {
  let counts = slotCache.get(graph);
  if (!counts) {
    const c = new Map<string, number>();
    const bump = (t: string, n: number): void => void c.set(t, (c.get(t) ?? 0) + n);
    for (const node of graph.nodes) {
      for (const input of node.inputs) if (input !== '') bump(input, 1);
      for (const sub of nestedGraphs(node)) for (const t of outerReads(sub)) bump(t, 2);
    }
    slotCache.set(graph, c);
    counts = c;
  }
  return counts.get(id) ?? 0;
}

/** The ONNX Constant node's tensor attribute, when it holds one. */
function constantNodeTensor(node: Node): Tensor | undefined {
  const a = node.attributes['value'];
  return a?.type === 'tensor' ? a.value : undefined;
}

/**
 * The constant behind tensor `id` as read by one node, or undefined when it is computed at run time.
 * Constant nodes and Reshapes of constants are followed only when that node is their sole reader, so
 * rewriting them cannot change what another node sees.
 */
export function resolveConst(graph: Graph, id: string): ConstRef | undefined {
  const index = indexGraph(graph);
  const tensor = index.tensor.get(id);
  if (loaded(tensor)) return { kind: 'tensor', tensor };
  const at = index.producer.get(id);
  if (at === undefined) return undefined;
  const node = graph.nodes[at]!;
  if (readerSlots(graph, id) !== 1) return undefined;
  if (isOnnxOp(node, 'Constant')) {
    const value = constantNodeTensor(node);
    return loaded(value) ? { kind: 'constant-node', node: at, tensor: value } : undefined;
  }
  if (isOnnxOp(node, 'ConstantOfShape')) return filledConst(graph, node, at);
  if (VIEW_OPS.includes(node.op) && isOnnxOp(node, node.op)) {
    const inner = resolveConst(graph, node.inputs[0] ?? '');
    const dims = inner ? viewDims(graph, node, refTensor(inner).dims) : undefined;
    return inner && dims ? { kind: 'view', node: at, op: node.op as ViewOp, inner, dims } : undefined;
  }
  return undefined;
}

function filledConst(graph: Graph, node: Node, at: number): ConstRef | undefined {
  const shape = indexGraph(graph).tensor.get(node.inputs[0] ?? '');
  const dims = shape?.data ? intConstant(graph, shape.id) : undefined;
  if (!dims || dims.some((d) => !Number.isInteger(d) || d < 0)) return undefined;
  // ONNX ConstantOfShape: `value` is a one-element tensor, float32 0 when absent.
  const fill = constantNodeTensor(node);
  const bytes = fill?.data?.bytes;
  const value = fill && bytes ? (toFloat64(fill.dtype, bytes)?.[0] ?? 0) : 0;
  const id = node.outputs[0] ?? '';
  return { kind: 'filled', node: at, value, tensor: { id, name: id, dtype: fill?.dtype ?? 'float32', shape: dims } };
}

/** Output dims of a reshaping op over a constant of dims `input` (ONNX Reshape, Unsqueeze, Squeeze, Flatten). */
function viewDims(graph: Graph, node: Node, input: readonly number[]): number[] | undefined {
  const total = input.reduce((a, b) => a * b, 1);
  const axesOf = (): number[] | undefined => {
    const a = node.attributes['axes'];
    return a?.type === 'ints' ? [...a.value] : intConstant(graph, node.inputs[1] ?? '');
  };
  if (node.op === 'Flatten') {
    const a = node.attributes['axis'];
    const raw = a?.type === 'int' ? a.value : 1;
    const axis = raw < 0 ? raw + input.length : raw;
    const lead = input.slice(0, axis).reduce((x, y) => x * y, 1);
    return [lead, total / lead];
  }
  if (node.op === 'Unsqueeze') {
    const axes = axesOf();
    if (!axes) return undefined;
    const rank = input.length + axes.length;
    const at = new Set(axes.map((x) => (x < 0 ? x + rank : x)));
    const dims: number[] = [];
    let k = 0;
    for (let i = 0; i < rank; i++) dims.push(at.has(i) ? 1 : input[k++]!);
    return dims;
  }
  if (node.op === 'Squeeze') {
    const axes = axesOf()?.map((x) => (x < 0 ? x + input.length : x));
    return input.filter((d, i) => (axes ? !axes.includes(i) : d !== 1));
  }
  // Reshape: only by an initializer target, so rewriting it cannot reach a node another reader shares.
  const shapeTensor = indexGraph(graph).tensor.get(node.inputs[1] ?? '');
  const target = shapeTensor?.data ? intConstant(graph, shapeTensor.id) : undefined;
  if (!target) return undefined;
  const dims = target.map((d, i) => (d === 0 ? (input[i] ?? -2) : d));
  const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const inferred = dims.indexOf(-1);
  if (inferred >= 0) dims[inferred] = known > 0 ? total / known : -2;
  const ok = dims.every((d) => Number.isInteger(d) && d >= 0) && dims.reduce((a, b) => a * b, 1) === total;
  return ok ? dims : undefined;
}

/** The axis of `inner` that is axis `axis` of `outer` (same elements, only size-1 dims or merges differ). */
export function innerAxis(inner: readonly number[], outer: readonly number[], axis: number): number | undefined {
  const before = outer.slice(0, axis).reduce((a, b) => a * b, 1);
  let prefix = 1;
  for (let k = 0; k < inner.length; k++) {
    if (prefix === before && inner[k] === outer[axis]) return k;
    prefix *= inner[k]!;
  }
  return undefined;
}

/** True when the constant can be cut along `axis` of the dims its reader sees. */
export function canCut(ref: ConstRef, axis: number): boolean {
  if (ref.kind !== 'view') return true;
  if (ref.op === 'Reshape') return ref.inner.kind === 'tensor' || ref.inner.kind === 'filled';
  const k = innerAxis(refTensor(ref.inner).dims, ref.dims, axis);
  return k !== undefined && canCut(ref.inner, k);
}

/** The tensor (dtype, stored bytes, quantization) and the dims its reader sees. */
export function refTensor(ref: ConstRef): { tensor: Tensor; dims: readonly number[] } {
  if (ref.kind === 'view') return { tensor: refTensor(ref.inner).tensor, dims: ref.dims };
  return { tensor: ref.tensor, dims: ref.tensor.shape as readonly number[] };
}

/** The real values of a constant (dequantized when quantized), undefined when they cannot be read. */
export function refValues(ref: ConstRef): Float64Array | undefined {
  if (ref.kind === 'view') return refValues(ref.inner);
  if (ref.kind !== 'filled') return realValues(ref.tensor)?.values;
  const n = (ref.tensor.shape as readonly number[]).reduce((a, b) => a * b, 1);
  return new Float64Array(n).fill(ref.value);
}

/** Values of a small integer constant (shapes, axes, paddings): initializer, buffer or Constant node. */
export function intConstant(graph: Graph, id: string): number[] | undefined {
  if (id === '') return undefined;
  const index = indexGraph(graph);
  let tensor = index.tensor.get(id);
  if (!tensor?.data?.bytes) {
    const at = index.producer.get(id);
    const node = at === undefined ? undefined : graph.nodes[at];
    if (!node || !isOnnxOp(node, 'Constant')) return undefined;
    const ints = node.attributes['value_ints'];
    if (ints?.type === 'ints') return [...ints.value];
    const int = node.attributes['value_int'];
    if (int?.type === 'int') return [int.value];
    tensor = constantNodeTensor(node);
  }
  const bytes = tensor?.data?.bytes;
  if (!tensor || !bytes || (tensor.dtype !== 'int64' && tensor.dtype !== 'int32')) return undefined;
  const values = toFloat64(tensor.dtype, bytes);
  return values ? Array.from(values) : undefined;
}
