// ONNX MatMul (numpy semantics: 1-D promotion, broadcast batch dims) and Gemm.
import { floatAttr, intAttr } from '../attrs';
import { broadcastBinary } from './broadcast';
import { broadcastShapes, fmtShape, sizeOf, stridesOf } from '../shape-util';
import { matmulAdd, matmulTransposedB, transpose2d } from './matmul-loops';
import type { KernelContext, OpTable, RuntimeTensor } from './op-types';

function matmul(ctx: KernelContext): RuntimeTensor[] {
  const a = ctx.input(0);
  const b = ctx.input(1);
  if (a.shape.length === 0 || b.shape.length === 0) ctx.fail('shape-mismatch', 'MatMul needs operands of rank ≥ 1');
  const aShape = a.shape.length === 1 ? [1, a.shape[0]!] : a.shape;
  const bShape = b.shape.length === 1 ? [b.shape[0]!, 1] : b.shape;
  const m = aShape[aShape.length - 2]!;
  const k = aShape[aShape.length - 1]!;
  const n = bShape[bShape.length - 1]!;
  if (bShape[bShape.length - 2] !== k)
    ctx.fail('shape-mismatch', `inner dims differ: ${fmtShape(a.shape)} × ${fmtShape(b.shape)}`);
  const aBatch = aShape.slice(0, -2);
  const bBatch = bShape.slice(0, -2);
  const batch = broadcastShapes(ctx, aBatch, bBatch);
  const count = sizeOf(batch);
  const out = ctx.alloc(count * m * n);
  const strides = stridesOf(batch);
  // Offset of batch element `i` in an operand whose batch dims broadcast to `batch`.
  const offset = (i: number, own: readonly number[], matrix: number): number => {
    let off = 0;
    let stride = matrix;
    for (let d = own.length - 1; d >= 0; d--) {
      const size = own[d]!;
      const index = Math.floor(i / strides[d + batch.length - own.length]!) % batch[d + batch.length - own.length]!;
      if (size !== 1) off += index * stride;
      stride *= size;
    }
    return off;
  };
  for (let i = 0; i < count; i++)
    matmulAdd(a.data, offset(i, aBatch, m * k), b.data, offset(i, bBatch, k * n), out, i * m * n, m, k, n);
  const shape = [...batch];
  if (a.shape.length > 1) shape.push(m);
  if (b.shape.length > 1) shape.push(n);
  return [{ dtype: a.dtype, shape, data: out }];
}

function gemm(ctx: KernelContext): RuntimeTensor[] {
  const a = ctx.input(0);
  const b = ctx.input(1);
  const c = ctx.inputs[2];
  const transA = intAttr(ctx.node, 'transA', 0) !== 0;
  const transB = intAttr(ctx.node, 'transB', 0) !== 0;
  const alpha = floatAttr(ctx.node, 'alpha', 1);
  const beta = floatAttr(ctx.node, 'beta', 1);
  if (a.shape.length !== 2 || b.shape.length !== 2)
    ctx.fail('shape-mismatch', `Gemm needs 2-D operands, not ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  const [m, k] = transA ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
  const [kb, n] = transB ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
  if (k !== kb) ctx.fail('shape-mismatch', `inner dims differ: A ${fmtShape(a.shape)}, B ${fmtShape(b.shape)}`);
  const aData = transA ? transpose2d(a.data, k, m, ctx.alloc(m * k)) : a.data;
  const out = ctx.alloc(m * n);
  if (transB) matmulTransposedB(aData, b.data, out, m, k, n);
  else matmulAdd(aData, 0, b.data, 0, out, 0, m, k, n);
  if (alpha !== 1) for (let i = 0; i < out.length; i++) out[i]! *= alpha;
  let y: RuntimeTensor = { dtype: a.dtype, shape: [m, n], data: out };
  if (c && beta !== 0) y = broadcastBinary(ctx, y, c, (p, q) => p + beta * q);
  if (y.shape.length !== 2 || y.shape[0] !== m || y.shape[1] !== n)
    ctx.fail('shape-mismatch', `C of shape ${fmtShape(c!.shape)} does not broadcast to [${m}, ${n}]`);
  return [y];
}

export const onnxMatmulOps: OpTable = {
  MatMul: { run: matmul },
  Gemm: { run: gemm },
};
