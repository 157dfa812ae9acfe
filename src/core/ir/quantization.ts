import { elementCount, toFloat64 } from './tensor';
import type { Quantization, Shape, Tensor } from './types';

/** True when a tensor carries affine quantization parameters (at least one scale). */
export function isQuantized(tensor: Tensor): tensor is Tensor & { readonly quant: Quantization } {
  return (tensor.quant?.scale.length ?? 0) > 0;
}

/**
 * Real values of stored quantized values: real = scale × (q − zeroPoint), per tensor or per channel along
 * `quant.axis` (TFLite quantized_dimension, ONNX DequantizeLinear axis). Returns a new array.
 */
export function dequantize(values: Float64Array, shape: Shape | undefined, quant: Quantization): Float64Array {
  const out = new Float64Array(values.length);
  const channels = quant.scale.length;
  if (channels <= 1 || quant.axis === undefined || shape === undefined) {
    const s = quant.scale[0] ?? 1;
    const z = quant.zeroPoint[0] ?? 0;
    for (let i = 0; i < values.length; i++) out[i] = s * (values[i]! - z);
    return out;
  }
  const axis = quant.axis < 0 ? quant.axis + shape.length : quant.axis;
  // Elements of one channel come in runs of `inner` (the product of the dims after the axis).
  const inner = elementCount(shape.slice(axis + 1)) ?? 1;
  for (let i = 0; i < values.length; i++) {
    const c = Math.floor(i / inner) % channels;
    out[i] = quant.scale[c]! * (values[i]! - (quant.zeroPoint[c] ?? quant.zeroPoint[0] ?? 0));
  }
  return out;
}

/**
 * The real values a constant stands for: its stored numbers, dequantized when it carries quantization
 * parameters. Undefined without loaded numeric data.
 */
export function realValues(tensor: Tensor): { values: Float64Array; dequantized: boolean } | undefined {
  const bytes = tensor.data?.bytes;
  if (!bytes) return undefined;
  const stored = toFloat64(tensor.dtype, bytes);
  if (!stored) return undefined;
  // Sub-byte types unpack to a whole number of bytes; drop the padding nibble.
  const count = elementCount(tensor.shape) ?? stored.length;
  const values = stored.subarray(0, Math.min(stored.length, count));
  if (!isQuantized(tensor)) return { values, dequantized: false };
  return { values: dequantize(values, tensor.shape, tensor.quant), dequantized: true };
}
