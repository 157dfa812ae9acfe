// ONNX Runtime's com.microsoft operators that its quantization and fusion tools write (QOperator models,
// fused Conv/Gemm, Gelu variants). Their shapes follow the standard ops they stand for.
import type { Shape } from '../../ir/types';
import { intAttr } from '../attrs';
import type { RuleContext, ShapeRule } from '../context';
import { broadcastShapes } from '../dims';
import { convShape } from './conv';
import { like, out } from './common';
import { gemmShape, matmulShape } from './matmul';
import { concatShape } from './slice';

/** Broadcast of the inputs at `indices`, when all are known. */
function broadcastAt(ctx: RuleContext, indices: readonly number[]) {
  const shapes = indices.map((i) => ctx.shape(i));
  return shapes.every((s) => s !== undefined) ? broadcastShapes(shapes) : undefined;
}

// QLinearAdd / QLinearMul: A, A_scale, A_zero_point, B, B_scale, B_zero_point, C_scale, C_zero_point.
const qlinearBinary: ShapeRule = (ctx) => [out(ctx.dtype(0), broadcastAt(ctx, [0, 3]))];

const qlinearGlobalAveragePool: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  if (!x) return [out(ctx.dtype(0))];
  // channels_last puts C at the end (N, H, W, C); otherwise N, C, H, W.
  const last = intAttr(ctx.node, 'channels_last', 0) === 1;
  const shape = x.map((d, i) => (i === 0 || (last ? i === x.length - 1 : i === 1) ? d : 1));
  return [out(ctx.dtype(0), shape)];
};

// QLinearConcat: Y_scale, Y_zero_point, then (X, X_scale, X_zero_point) per input.
const qlinearConcat: ShapeRule = (ctx) => {
  const inputs: number[] = [];
  for (let i = 2; i < ctx.node.inputs.length; i += 3) inputs.push(i);
  const shape = concatShape(
    inputs.map((i) => ctx.shape(i)),
    intAttr(ctx.node, 'axis', 0),
  );
  return [out(ctx.dtype(1) ?? ctx.dtype(2), shape)];
};

// QGemm: A, a_scale, a_zp, B, b_scale, b_zp, C, y_scale, y_zp; float output without y_scale.
const qgemm: ShapeRule = (ctx) => [out(ctx.has(8) ? ctx.dtype(8) : 'float32', gemmShape(ctx, 0, 3))];

/** FusedMatMul: MatMul with transA / transB swapping the last two axes of an operand. */
const fusedMatMul: ShapeRule = (ctx) => {
  if (intAttr(ctx.node, 'transBatchA', 0) || intAttr(ctx.node, 'transBatchB', 0)) return [out(ctx.dtype(0))];
  const swap = (s: Shape | undefined, on: boolean): Shape | undefined =>
    on && s && s.length >= 2 ? [...s.slice(0, -2), s[s.length - 1] ?? null, s[s.length - 2] ?? null] : s;
  const a = swap(ctx.shape(0), intAttr(ctx.node, 'transA', 0) === 1);
  const b = swap(ctx.shape(1), intAttr(ctx.node, 'transB', 0) === 1);
  return [out(ctx.dtype(0), matmulShape(a, b))];
};

const sameAsInput: ShapeRule = (ctx) => [like(ctx)];

/** Rules of the com.microsoft operators (domain com.microsoft). */
export const contribRules: Readonly<Record<string, ShapeRule>> = {
  QLinearAdd: qlinearBinary,
  QLinearMul: qlinearBinary,
  QLinearSigmoid: sameAsInput,
  QLinearLeakyRelu: sameAsInput,
  QLinearGlobalAveragePool: qlinearGlobalAveragePool,
  QLinearConcat: qlinearConcat,
  QGemm: qgemm,
  FusedConv: (ctx) => [out(ctx.dtype(0), convShape(ctx, 0, 1))],
  FusedGemm: (ctx) => [out(ctx.dtype(0), gemmShape(ctx, 0, 1))],
  FusedMatMul: fusedMatMul,
  MatMulIntegerToFloat: (ctx) => [out(ctx.dtype(2) ?? 'float32', matmulShape(ctx.shape(0), ctx.shape(1)))],
  DynamicQuantizeMatMul: (ctx) => [out('float32', matmulShape(ctx.shape(0), ctx.shape(1)))],
  Gelu: sameAsInput,
  FastGelu: sameAsInput,
  BiasGelu: sameAsInput,
  QuickGelu: sameAsInput,
  SkipLayerNormalization: sameAsInput,
};
