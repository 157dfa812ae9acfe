// Reading a weight as real values and encoding changed values back in its stored type. Quantized weights
// (TFLite int8 per axis, ONNX DequantizeLinear inputs) are re-quantized on their own scale and zero point,
// so the quantization parameters stay as they were; values that did not change get their old integers back
// (q → scale·(q − z) → q is exact for 8- and 16-bit grids). Element loops run in the kernels.
import { getKernels } from '../../../kernels/index';
import type { ChannelLayout, QuantArray, Rounding } from '../../../kernels/types';
import { bytesOf, toFloat64, typedView } from '../../ir/tensor';
import { dequantize } from '../../ir/quantization';
import type { FormatId, Model, Quantization } from '../../ir/types';
import { indexGraph } from '../../ir/graph-index';
import { channelLayout, intRange } from '../quantize/params';
import { quantArrayFor } from '../quantize/quantize-tensor';
import type { QuantDType } from '../quantize/types';
import type { WeightRef } from './types';

/** Rounding of a format's quantizer: TFLite rounds half away from zero, ONNX half to even. */
export function formatRounding(format: FormatId): Rounding {
  return format === 'tflite' ? 'half-away' : 'half-even';
}

/** The stored bytes of a weight in `model` (the tensor's, or the Constant node's value). */
export function storedBytes(model: Model, ref: WeightRef): Uint8Array {
  const index = indexGraph(model.graph);
  let bytes: Uint8Array | undefined;
  if (ref.storage === 'constant-node') {
    const value = index.node.get(ref.constantNode ?? '')?.attributes['value'];
    bytes = value?.type === 'tensor' ? value.value.data?.bytes : undefined;
  } else {
    bytes = index.tensor.get(ref.tensor)?.data?.bytes;
  }
  if (!bytes) throw new Error(`weight "${ref.tensor}" has no data in this model`);
  return bytes;
}

/** The per-channel layout of a quantized weight's scales (undefined: one scale). */
function quantLayout(ref: WeightRef, quant: Quantization): ChannelLayout | undefined {
  if (quant.scale.length <= 1 || quant.axis === undefined) return undefined;
  return channelLayout(ref.storedShape, quant.axis);
}

function affine(ref: WeightRef, quant: Quantization, withZeroPoint: boolean) {
  const layout = quantLayout(ref, quant);
  const channels = layout ? quant.scale.length : 1;
  const scale = Float32Array.from(quant.scale.slice(0, channels));
  const zeroPoint = withZeroPoint
    ? Int32Array.from({ length: channels }, (_, c) => quant.zeroPoint[c] ?? quant.zeroPoint[0] ?? 0)
    : new Int32Array(channels);
  return { scale, zeroPoint, ...(layout ? { layout } : {}) };
}

function storedIntegers(ref: WeightRef, bytes: Uint8Array): QuantArray | undefined {
  if (ref.dtype === 'int8' || ref.dtype === 'uint8' || ref.dtype === 'int16' || ref.dtype === 'uint16')
    return (typedView(ref.dtype, bytes) as QuantArray).subarray(0, ref.elements);
  return undefined;
}

/** The weight's real values (dequantized when it is stored on a grid), as a new array. */
export function readWeight(model: Model, ref: WeightRef): Float32Array {
  const bytes = storedBytes(model, ref);
  const kernels = getKernels();
  const out = new Float32Array(ref.elements);
  if (ref.dtype === 'float32') {
    out.set((typedView('float32', bytes) as Float32Array).subarray(0, ref.elements));
    return out;
  }
  if (ref.dtype === 'float16') {
    kernels.float16ToFloat32((typedView('float16', bytes) as Uint16Array).subarray(0, ref.elements), out);
    return out;
  }
  const ints = ref.quant ? storedIntegers(ref, bytes) : undefined;
  if (ref.quant && ints) {
    kernels.dequantize(ints, affine(ref, ref.quant, true), out);
    return out;
  }
  // float64 and 4-bit grids: the IR's general path.
  const stored = toFloat64(ref.dtype, bytes)!.subarray(0, ref.elements);
  out.set(ref.quant ? dequantize(stored, ref.storedShape, ref.quant) : stored);
  return out;
}

/** The stored bytes of `values` (real values, one per element) in the weight's own type and grid. */
export function encodeWeight(ref: WeightRef, values: Float32Array, format: FormatId): Uint8Array {
  const kernels = getKernels();
  if (ref.dtype === 'float32') return bytesOf(values.slice());
  if (ref.dtype === 'float64') return bytesOf(Float64Array.from(values));
  if (ref.dtype === 'float16') {
    const half = new Uint16Array(values.length);
    kernels.float32ToFloat16(values, half);
    return bytesOf(half);
  }
  const quant = ref.quant;
  if (!quant) throw new Error(`weight "${ref.tensor}" (${ref.dtype}) has no quantization parameters`);
  const dtype = ref.dtype as QuantDType;
  const q = quantArrayFor(dtype, values.length);
  const { qmin, qmax } = intRange(dtype);
  kernels.quantize(values, { ...affine(ref, quant, true), qmin, qmax, rounding: formatRounding(format) }, q);
  if (dtype !== 'int4' && dtype !== 'uint4') return bytesOf(q);
  const packed = new Uint8Array(Math.ceil(values.length / 2));
  kernels.packInt4(q as Int8Array | Uint8Array, packed);
  return packed;
}

/**
 * Grid units of a quantized weight: real / scale per channel, rounded (= q − zero point). Clustering works
 * in these units so that centroids land on the grid: every value of a cluster becomes the same integer.
 */
export function toGridUnits(ref: WeightRef, values: Float32Array, format: FormatId): Int32Array {
  const quant = ref.quant!;
  const units = new Int32Array(values.length);
  const params = {
    ...affine(ref, quant, false),
    qmin: -(2 ** 31),
    qmax: 2 ** 31 - 1,
    rounding: formatRounding(format),
  };
  getKernels().quantize(values, params, units);
  return units;
}

/** Real values of grid units (scale per channel × units). */
export function fromGridUnits(ref: WeightRef, units: Int32Array): Float32Array {
  const out = new Float32Array(units.length);
  getKernels().dequantize(units, affine(ref, ref.quant!, false), out);
  return out;
}

/** The range of grid units the stored type can hold (its integer range minus the zero point). */
export function gridUnitRange(ref: WeightRef): { lo: number; hi: number } {
  const { qmin, qmax } = intRange(ref.dtype as QuantDType);
  const zeros = ref.quant?.zeroPoint ?? [0];
  return { lo: qmin - Math.min(...zeros), hi: qmax - Math.max(...zeros) };
}
