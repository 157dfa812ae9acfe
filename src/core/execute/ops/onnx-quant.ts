// ONNX QuantizeLinear / DequantizeLinear (per tensor or per axis), so QDQ models run: quantized values
// are held as whole numbers, dequantized ones as floats, exactly as the spec computes them.
import type { DType } from '../../ir/dtype';
import { intAttr } from '../attrs';
import { dtypeFromOnnx } from '../../formats/onnx/dtypes';
import { normAxis, sizeOf } from '../shape-util';
import { roundHalfEven } from './math';
import type { KernelContext, Node, OpTable, RuntimeTensor } from './op-types';

const RANGES: Partial<Record<DType, readonly [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  int4: [-8, 7],
  uint4: [0, 15],
};

function check(node: Node): string | undefined {
  return intAttr(node, 'block_size', 0) > 0 ? 'blocked quantization (block_size) is not supported' : undefined;
}

/** Per-element parameter lookup: one value, or one per slice along `axis`. */
function paramIndex(ctx: KernelContext, x: RuntimeTensor, count: number): (i: number) => number {
  if (count <= 1) return () => 0;
  const axis = normAxis(ctx, intAttr(ctx.node, 'axis', 1), x.shape.length);
  if (x.shape[axis] !== count) ctx.fail('shape-mismatch', `${count} scales for axis ${axis} of size ${x.shape[axis]}`);
  const inner = sizeOf(x.shape.slice(axis + 1));
  return (i) => Math.floor(i / inner) % count;
}

function quantize(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const scale = ctx.input(1).data;
  const zp = ctx.inputs[2];
  const attrType = intAttr(ctx.node, 'output_dtype', 0);
  const dtype: DType = zp?.dtype ?? (attrType ? dtypeFromOnnx(attrType) : 'uint8');
  const range = RANGES[dtype];
  if (!range) return ctx.fail('unsupported-case', `quantizing to ${dtype} is not supported`);
  const [lo, hi] = range;
  const at = paramIndex(ctx, x, scale.length);
  const out = ctx.alloc(x.data.length);
  for (let i = 0; i < out.length; i++) {
    const c = at(i);
    // Divided in float32, as onnxruntime does, then rounded half to even.
    const q = roundHalfEven(Math.fround(x.data[i]! / scale[c]!)) + (zp?.data[c] ?? 0);
    out[i] = q < lo ? lo : q > hi ? hi : q;
  }
  return [{ dtype, shape: x.shape, data: out }];
}

function dequantize(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const scale = ctx.input(1);
  const zp = ctx.inputs[2];
  const at = paramIndex(ctx, x, scale.data.length);
  const out = ctx.alloc(x.data.length);
  for (let i = 0; i < out.length; i++) {
    const c = at(i);
    out[i] = (x.data[i]! - (zp?.data[c] ?? 0)) * scale.data[c]!;
  }
  return [{ dtype: scale.dtype, shape: x.shape, data: out }];
}

export const onnxQuantOps: OpTable = {
  QuantizeLinear: { run: quantize, check },
  DequantizeLinear: { run: dequantize, check },
};
