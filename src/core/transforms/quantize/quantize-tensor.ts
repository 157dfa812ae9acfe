// Quantizing one constant tensor (a weight or a bias): parameters per tensor, per channel or per block,
// the integer values, and how far their dequantized values are from the float ones. Every loop over the
// tensor's elements runs in the kernels.
import { getKernels } from '../../../kernels/index';
import type { ChannelLayout, ErrorStats, QuantArray, Rounding } from '../../../kernels/types';
import { channelLayout, chooseParams, chooseParamsFor, intRange, type ParamOptions } from './params';
import type { QuantDType } from './types';

/** How a tensor is quantized. */
export interface TensorQuantSpec {
  readonly dtype: QuantDType;
  readonly symmetric: boolean;
  /** Narrow signed range ([-127, 127] for int8); default: narrow when symmetric. */
  readonly narrow?: boolean;
  /** Per-channel quantization along this axis (absent: per tensor). */
  readonly axis?: number;
  /** With `axis`: one scale per block of this many elements along the axis (ONNX blocked quantization). */
  readonly blockSize?: number;
  readonly rounding: Rounding;
}

/** A quantized tensor: integers (sub-byte types unpacked, one value per element) and their parameters. */
export interface QuantizedTensor {
  readonly values: QuantArray;
  readonly scale: Float32Array;
  readonly zeroPoint: Int32Array;
  /** Shape of `scale`: [] per tensor, [C] per channel, the tensor's rank with the axis cut into blocks. */
  readonly scaleDims: readonly number[];
  /** Values clamped to the integer range. */
  readonly clipped: number;
  /** Dequantized values against the float ones. */
  readonly error: ErrorStats;
}

/** A typed array for `count` integers of `dtype` (int4/uint4 unpacked into bytes). */
export function quantArrayFor(dtype: QuantDType, count: number): QuantArray {
  switch (dtype) {
    case 'int4':
    case 'int8':
      return new Int8Array(count);
    case 'uint4':
    case 'uint8':
      return new Uint8Array(count);
    case 'int16':
      return new Int16Array(count);
    case 'uint16':
      return new Uint16Array(count);
    case 'int32':
      return new Int32Array(count);
  }
}

/** Quantizes `x` (shape `dims`) as `spec` asks, choosing the parameters from its values. */
export function quantizeTensor(x: Float32Array, dims: readonly number[], spec: TensorQuantSpec): QuantizedTensor {
  const options: ParamOptions = {
    dtype: spec.dtype,
    symmetric: spec.symmetric,
    rounding: spec.rounding,
    ...(spec.narrow !== undefined ? { narrow: spec.narrow } : {}),
  };
  if (spec.axis === undefined || dims.length === 0) {
    const k = getKernels();
    const p = chooseParams(k.minMax(x), options);
    return quantizeWith(x, { scale: Float32Array.of(p.scale), zeroPoint: Int32Array.of(p.zeroPoint) }, [], spec);
  }
  const layout = channelLayout(dims, spec.axis);
  if (spec.blockSize && spec.blockSize > 0) return quantizeBlocks(x, dims, layout, spec.blockSize, options, spec);
  const { min, max } = getKernels().minMaxPerChannel(x, layout);
  return quantizeWith(x, chooseParamsFor(min, max, options), [layout.channels], spec, layout);
}

/**
 * Quantizes `x` with given parameters (per tensor, or per channel along `layout`): used for biases,
 * whose scale is fixed by their layer (s_input × s_weight).
 */
export function quantizeWith(
  x: Float32Array,
  params: { readonly scale: Float32Array; readonly zeroPoint: Int32Array },
  scaleDims: readonly number[],
  spec: Pick<TensorQuantSpec, 'dtype' | 'rounding' | 'narrow' | 'symmetric'>,
  layout?: ChannelLayout,
): QuantizedTensor {
  const k = getKernels();
  const { qmin, qmax } = intRange(spec.dtype, spec.narrow ?? spec.symmetric);
  const values = quantArrayFor(spec.dtype, x.length);
  const affine = { scale: params.scale, zeroPoint: params.zeroPoint, ...(layout ? { layout } : {}) };
  const clipped = k.quantize(x, { ...affine, qmin, qmax, rounding: spec.rounding }, values);
  const back = new Float32Array(x.length);
  k.dequantize(values, affine, back);
  return { values, scale: params.scale, zeroPoint: params.zeroPoint, scaleDims, clipped, error: k.errorStats(x, back) };
}

// Blocked quantization (ONNX DequantizeLinear-21 `block_size`): the scale has the tensor's rank, with the
// axis dimension cut into ceil(D / blockSize) blocks; scale (o, b, i) covers elements (o, b·B … b·B+B−1, i).
// One block row over all `inner` positions is a contiguous run, so each run goes to the kernels as its own
// [block, inner] tensor with `inner` channels.
function quantizeBlocks(
  x: Float32Array,
  dims: readonly number[],
  layout: ChannelLayout,
  blockSize: number,
  options: ParamOptions,
  spec: TensorQuantSpec,
): QuantizedTensor {
  const k = getKernels();
  const { outer, channels: depth, inner } = layout;
  const blocks = Math.ceil(depth / blockSize);
  const axis = spec.axis! < 0 ? spec.axis! + dims.length : spec.axis!;
  const scaleDims = dims.map((d, i) => (i === axis ? blocks : d));
  const scale = new Float32Array(outer * blocks * inner);
  const zeroPoint = new Int32Array(scale.length);
  const values = quantArrayFor(spec.dtype, x.length);
  const back = new Float32Array(x.length);
  const { qmin, qmax } = intRange(spec.dtype, spec.narrow ?? spec.symmetric);
  let clipped = 0;
  for (let o = 0; o < outer; o++) {
    for (let b = 0; b < blocks; b++) {
      const rows = Math.min(blockSize, depth - b * blockSize);
      const start = (o * depth + b * blockSize) * inner;
      const region = x.subarray(start, start + rows * inner);
      const regionLayout: ChannelLayout = { outer: rows, channels: inner, inner: 1 };
      const { min, max } = k.minMaxPerChannel(region, regionLayout);
      const p = chooseParamsFor(min, max, options);
      const at = (o * blocks + b) * inner;
      scale.set(p.scale, at);
      zeroPoint.set(p.zeroPoint, at);
      const affine = { scale: p.scale, zeroPoint: p.zeroPoint, layout: regionLayout };
      const out = values.subarray(start, start + rows * inner);
      clipped += k.quantize(region, { ...affine, qmin, qmax, rounding: spec.rounding }, out);
      k.dequantize(out, affine, back.subarray(start, start + rows * inner));
    }
  }
  return { values, scale, zeroPoint, scaleDims, clipped, error: k.errorStats(x, back) };
}
