// Which nodes of a statically quantized graph become integer operators of the default ONNX domain
// (QOperator form), and which stay float ops between DequantizeLinear and QuantizeLinear:
// - Conv → QLinearConv (opset 10; int32 bias; per-channel weight scales);
// - Gemm (transA = 0, alpha = beta = 1) → Unsqueeze → 1-D QLinearConv → Flatten: QLinearMatMul has no
//   bias input, and a 1×1 convolution is the standard operator that adds an int32 bias into the
//   accumulator, as onnxruntime's QGemm does for the QDQ form (so both forms compute the same integers);
// - MatMul → QLinearMatMul (per-column scales of a constant 2-D B);
// - data movement (MaxPool from opset 12, Reshape, Flatten, Transpose, Concat, …) runs on the int8 tensors
//   directly: its inputs and outputs share one scale and zero point (static-plan.ts);
// - a Relu / Clip after a layer folds into the layer's output when the output's integer range already
//   clamps to it (always for Relu: its range starts at 0, so the zero point is the type's minimum);
//   otherwise the layer stays float.
// Everything else (Add, Softmax, AveragePool, ConvTranspose, 4-bit weights, …) has no standard integer
// operator (QLinearAdd and friends are com.microsoft) and falls back to DQ → float op → Q.
import type { GraphIndex } from '../../../ir/graph-index';
import type { Graph, Node, Tensor } from '../../../ir/types';
import type { TypeOf } from '../../../analysis/type-lookup';
import { intRange, roundWith } from '../params';
import { DATA_MOVEMENT_OPS, dataInputs, dataOutputs } from './op-classes';
import type { GroupParams, QuantizedConstant, StaticParams } from './static-params';
import { float32Values, isFloat32Constant } from './values';

/** How one node is written in QOperator form. */
export type Lowered =
  /** An integer layer writing `target` (the folded activation's output when `fold` names that node). */
  | { readonly kind: 'conv' | 'gemm' | 'matmul'; readonly target: string; readonly fold?: number }
  /** A data-movement op run on int8 tensors as it is. */
  | { readonly kind: 'move' };

// Data movement this lowering leaves float, between DequantizeLinear and QuantizeLinear (GlobalMaxPool's
// schema takes floats only).
const KEPT_FLOAT_MOVES = new Set(['GlobalMaxPool', 'DepthToSpace', 'SpaceToDepth', 'Resize', 'Pad']);

/** Ops of the default domain that accept int8 / uint8 data at opset 13 and that onnxruntime runs so. */
const INT8_MOVES = new Set([...DATA_MOVEMENT_OPS].filter((op) => !KEPT_FLOAT_MOVES.has(op)));

interface Context {
  readonly graph: Graph;
  readonly index: GraphIndex;
  readonly tensors: ReadonlyMap<string, Tensor>;
  readonly typeOf: TypeOf;
  readonly p: StaticParams;
}

/** The QOperator lowering of every node that gets one, by node position. */
export function lowerNodes(
  graph: Graph,
  index: GraphIndex,
  tensors: ReadonlyMap<string, Tensor>,
  typeOf: TypeOf,
  p: StaticParams,
): Map<number, Lowered> {
  const ctx: Context = { graph, index, tensors, typeOf, p };
  const lowered = new Map<number, Lowered>();
  graph.nodes.forEach((node, i) => {
    const cls = p.classOf(node);
    const l = cls === 'weighted' ? lowerLayer(ctx, node) : cls === 'shared' ? lowerMove(ctx, node) : undefined;
    if (l) lowered.set(i, l);
  });
  return lowered;
}

/** Data inputs a lowered node reads as integers. */
export function integerReads(node: Node, l: Lowered, tensors: ReadonlyMap<string, Tensor>): string[] {
  if (l.kind === 'move') return dataInputs(node).map((k) => node.inputs[k]!);
  if (l.kind === 'matmul' && !tensors.get(node.inputs[1] ?? '')?.data) return [node.inputs[0]!, node.inputs[1]!];
  return [node.inputs[0]!];
}

/** Data outputs a lowered node writes as integers. */
export function integerWrites(node: Node, l: Lowered): string[] {
  return l.kind === 'move' ? dataOutputs(node).map((k) => node.outputs[k]!) : [l.target];
}

function lowerMove(ctx: Context, node: Node): Lowered | undefined {
  if (!INT8_MOVES.has(node.op)) return undefined;
  if (node.op === 'MaxPool' && (node.outputs[1] ?? '') !== '') return undefined;
  const ids = [
    ...dataInputs(node).map((k) => node.inputs[k] ?? ''),
    ...dataOutputs(node).map((k) => node.outputs[k] ?? ''),
  ];
  const params = ids.map((id) => ctx.p.activation.get(id));
  // Only when every data tensor is quantized with the very same parameters is the op exact on integers.
  if (params.some((q) => q === undefined || q !== params[0])) return undefined;
  return { kind: 'move' };
}

function intAttr(node: Node, name: string, fallback: number): number {
  const a = node.attributes[name];
  return a && a.type === 'int' ? a.value : fallback;
}

function floatAttr(node: Node, name: string, fallback: number): number {
  const a = node.attributes[name];
  return a && (a.type === 'float' || a.type === 'int') ? a.value : fallback;
}

// The weight types onnxruntime's QLinearConv / QLinearMatMul take with the activation type (S8S8, U8S8, U8U8).
function weightFits(ctx: Context, c: QuantizedConstant | undefined): c is QuantizedConstant {
  if (!c || c.role !== 'weight') return false;
  return ctx.p.actDType === 'int8' ? c.dtype === 'int8' : c.dtype === 'int8' || c.dtype === 'uint8';
}

// Per tensor, or per channel along `axis`.
function scaledAlong(c: QuantizedConstant, axis: number): boolean {
  return (
    c.q.scaleDims.length === 0 || (c.q.scaleDims.length === 1 && c.placement.axis === axis && !c.placement.blockSize)
  );
}

function int32Bias(ctx: Context, node: Node, slot: number): boolean {
  const id = node.inputs[slot] ?? '';
  if (id === '') return true;
  const c = ctx.p.constants.get(id);
  return c !== undefined && c.role === 'bias' && c.dtype === 'int32';
}

// The tensor the integer layer writes: its own output, or the output of the Relu / Clip folded into it.
function layerTarget(ctx: Context, node: Node): { target: string; fold?: number } | undefined {
  const out = node.outputs[0] ?? '';
  if (!ctx.p.plan.fused.has(out)) return ctx.p.activation.has(out) ? { target: out } : undefined;
  const at = (ctx.index.consumers.get(out) ?? [])[0];
  const act = at !== undefined ? ctx.graph.nodes[at] : undefined;
  const target = act?.outputs[0] ?? '';
  const params = ctx.p.activation.get(target);
  if (!act || !params || !foldIsExact(ctx, act, params)) return undefined;
  return { target, fold: at! };
}

// Clamping to the output's integer range already does what the Relu / Clip does when quantizing its
// bounds lands on (or beyond) the ends of the integer range.
function foldIsExact(ctx: Context, act: Node, params: GroupParams): boolean {
  const { qmin, qmax } = intRange(ctx.p.actDType);
  const bound = (k: number, fallback: number): number | undefined => {
    if (act.op === 'Relu') return k === 1 ? 0 : Infinity;
    const id = act.inputs[k] ?? '';
    if (id === '') return fallback;
    const t = ctx.tensors.get(id);
    if (!isFloat32Constant(t)) return undefined;
    const v = float32Values(t);
    return v.length === 1 ? v[0]! : undefined;
  };
  const lo = bound(1, -Infinity);
  const hi = bound(2, Infinity);
  if (lo === undefined || hi === undefined) return false;
  const q = (x: number): number =>
    Number.isFinite(x) ? roundWith(x / params.scale, 'half-even') + params.zeroPoint : x;
  return q(lo) <= qmin && q(hi) >= qmax;
}

function lowerLayer(ctx: Context, node: Node): Lowered | undefined {
  if (!ctx.p.activation.has(node.inputs[0] ?? '')) return undefined;
  const target = layerTarget(ctx, node);
  if (!target) return undefined;
  const weightId = node.inputs[1] ?? '';
  const weight = ctx.p.constants.get(weightId);
  switch (node.op) {
    case 'Conv':
      if (!weightFits(ctx, weight) || !scaledAlong(weight, 0) || !int32Bias(ctx, node, 2)) return undefined;
      return { kind: 'conv', ...target };
    case 'Gemm': {
      const transB = intAttr(node, 'transB', 0) === 1;
      if (intAttr(node, 'transA', 0) !== 0 || floatAttr(node, 'alpha', 1) !== 1) return undefined;
      if ((node.inputs[2] ?? '') !== '' && (floatAttr(node, 'beta', 1) !== 1 || !int32Bias(ctx, node, 2)))
        return undefined;
      if (!weightFits(ctx, weight) || weight.dims.length !== 2 || !scaledAlong(weight, transB ? 0 : 1))
        return undefined;
      // The weight is stored reshaped for the convolution: no other node may read it.
      if ((ctx.index.consumers.get(weightId) ?? []).length !== 1) return undefined;
      const rank = ctx.typeOf(node.inputs[0]!)?.shape?.length;
      if (rank !== undefined && rank !== 2) return undefined;
      return { kind: 'gemm', ...target };
    }
    case 'MatMul': {
      if (ctx.tensors.get(weightId)?.data) {
        if (!weightFits(ctx, weight) || weight.dims.length !== 2 || !scaledAlong(weight, 1)) return undefined;
      } else if (!ctx.p.activation.has(weightId)) return undefined;
      return { kind: 'matmul', ...target };
    }
    default:
      return undefined;
  }
}
