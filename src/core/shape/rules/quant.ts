// Quantization: QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear and the integer / quantized-linear
// versions of Conv and MatMul.
import { dtypeAttr } from '../attrs';
import type { ShapeRule } from '../context';
import { convShape } from './conv';
import { out } from './common';
import { matmulShape } from './matmul';

const quantizeLinear: ShapeRule = (ctx) => {
  // The zero point fixes the output type; without one it is uint8 (opset 21 adds output_dtype).
  const dtype =
    (ctx.opset >= 21 ? dtypeAttr(ctx.node, 'output_dtype') : undefined) ?? (ctx.has(2) ? ctx.dtype(2) : 'uint8');
  return [out(dtype, ctx.shape(0))];
};

const dequantizeLinear: ShapeRule = (ctx) => {
  // Before opset 19 the output is always float32; from 19 it takes x_scale's type.
  const dtype = ctx.opset >= 19 ? (ctx.dtype(1) ?? 'float32') : 'float32';
  return [out(dtype, ctx.shape(0))];
};

const dynamicQuantizeLinear: ShapeRule = (ctx) => [out('uint8', ctx.shape(0)), out('float32', []), out('uint8', [])];

/** Rules of the quantization ops (default domain). */
export const quantRules: Readonly<Record<string, ShapeRule>> = {
  QuantizeLinear: quantizeLinear,
  DequantizeLinear: dequantizeLinear,
  DynamicQuantizeLinear: dynamicQuantizeLinear,
  ConvInteger: (ctx) => [out('int32', convShape(ctx, 0, 1))],
  MatMulInteger: (ctx) => [out('int32', matmulShape(ctx.shape(0), ctx.shape(1)))],
  QLinearConv: (ctx) => [out(ctx.dtype(7) ?? ctx.dtype(0), convShape(ctx, 0, 3))],
  QLinearMatMul: (ctx) => [out(ctx.dtype(7) ?? ctx.dtype(0), matmulShape(ctx.shape(0), ctx.shape(3)))],
};
