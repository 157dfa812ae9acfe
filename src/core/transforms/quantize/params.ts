// Choosing scales and zero points: real = scale × (q − zeroPoint).
//
// Both ONNX (QuantizeLinear) and TFLite (the int8 quantization spec) need the real value 0 to be exactly
// representable — zero padding and ReLU must not shift values — so ranges are widened to hold 0 and the
// zero point is an integer inside the type's range.
import { getKernels } from '../../../kernels/index';
import type { ChannelLayout, Rounding } from '../../../kernels/types';
import type { QuantDType, TensorRange } from './types';

/** Smallest and largest stored integer of a type. */
export interface IntRange {
  readonly qmin: number;
  readonly qmax: number;
}

const RANGES: Readonly<Record<QuantDType, IntRange>> = {
  int4: { qmin: -8, qmax: 7 },
  uint4: { qmin: 0, qmax: 15 },
  int8: { qmin: -128, qmax: 127 },
  uint8: { qmin: 0, qmax: 255 },
  int16: { qmin: -32768, qmax: 32767 },
  uint16: { qmin: 0, qmax: 65535 },
  int32: { qmin: -2147483648, qmax: 2147483647 },
};

/**
 * The integer range of `dtype`. `narrow` drops the most negative value of a signed type (int8 → [-127, 127]),
 * as symmetric weights use so that the range is symmetric around zero (TFLite spec; onnxruntime's
 * symmetric int8 weights).
 */
export function intRange(dtype: QuantDType, narrow = false): IntRange {
  const r = RANGES[dtype];
  return narrow && r.qmin < 0 ? { qmin: r.qmin + 1, qmax: r.qmax } : r;
}

/** True for the signed integer types. */
export function isSignedQuant(dtype: QuantDType): boolean {
  return RANGES[dtype].qmin < 0;
}

/** How a scale and zero point are chosen for a range. */
export interface ParamOptions {
  readonly dtype: QuantDType;
  /** Symmetric: zero point in the middle of the type (0 for signed types), scale from max |x|. */
  readonly symmetric: boolean;
  /** Narrow signed range ([-127, 127] for int8); default: narrow when symmetric. */
  readonly narrow?: boolean;
  /** Rounding of the zero point (default 'half-even', ONNX's rule; TFLite rounds half away from zero). */
  readonly rounding?: Rounding;
}

/** Scales below this are treated as an empty range: the tensor is (almost) all zeros. */
export const TINY_SCALE = 1e-20;

/** Rounds to the nearest integer, ties to even (ONNX) or away from zero (TFLite). */
export function roundWith(x: number, rounding: Rounding): number {
  if (rounding === 'half-away') return Math.sign(x) * Math.round(Math.abs(x));
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The range actually quantized: widened to contain 0 (and made symmetric when asked). */
export function effectiveRange(range: TensorRange, symmetric: boolean): TensorRange {
  const lo = Math.min(Number.isFinite(range.min) ? range.min : 0, 0);
  const hi = Math.max(Number.isFinite(range.max) ? range.max : 0, 0);
  if (!symmetric) return { min: lo, max: hi };
  const m = Math.max(-lo, hi);
  return { min: -m, max: m };
}

/**
 * Scale and zero point for one range. The scale is a float32 value (it is stored as one) and the zero point
 * is computed from that stored scale. An empty or tiny range gets scale 1 (every value becomes the zero
 * point), as a zero scale would divide by zero.
 */
export function chooseParams(range: TensorRange, options: ParamOptions): { scale: number; zeroPoint: number } {
  const narrow = options.narrow ?? options.symmetric;
  const { qmin, qmax } = intRange(options.dtype, narrow);
  const rounding = options.rounding ?? 'half-even';
  const { min, max } = effectiveRange(range, options.symmetric);
  if (options.symmetric) {
    // Signed: zero point 0 and scale = max|x| / qmax. Unsigned: the middle of the type.
    const zeroPoint = qmin < 0 ? 0 : Math.ceil((qmin + qmax) / 2);
    const half = qmax - zeroPoint;
    const scale = Math.fround(max / half);
    return scale >= TINY_SCALE && Number.isFinite(scale) ? { scale, zeroPoint } : { scale: 1, zeroPoint };
  }
  const scale = Math.fround((max - min) / (qmax - qmin));
  if (!(scale >= TINY_SCALE) || !Number.isFinite(scale)) return { scale: 1, zeroPoint: clampInt(0, qmin, qmax) };
  const zeroPoint = clampInt(roundWith(qmin - min / scale, rounding), qmin, qmax);
  return { scale, zeroPoint };
}

function clampInt(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Per-channel parameters: one scale and zero point per channel. */
export interface ChannelParams {
  readonly scale: Float32Array;
  readonly zeroPoint: Int32Array;
}

/** Parameters for each range of a list (per channel or per block). */
export function chooseParamsFor(
  mins: ArrayLike<number>,
  maxs: ArrayLike<number>,
  options: ParamOptions,
): ChannelParams {
  const n = mins.length;
  const scale = new Float32Array(n);
  const zeroPoint = new Int32Array(n);
  for (let c = 0; c < n; c++) {
    const p = chooseParams({ min: mins[c]!, max: maxs[c]! }, options);
    scale[c] = p.scale;
    zeroPoint[c] = p.zeroPoint;
  }
  return { scale, zeroPoint };
}

/** Per-channel parameters of a tensor laid out as [outer, channels, inner] (min/max from the kernels). */
export function chooseChannelParams(x: Float32Array, layout: ChannelLayout, options: ParamOptions): ChannelParams {
  const { min, max } = getKernels().minMaxPerChannel(x, layout);
  return chooseParamsFor(min, max, options);
}

/** Per-tensor parameters of a tensor's values. */
export function chooseTensorParams(x: Float32Array, options: ParamOptions): { scale: number; zeroPoint: number } {
  return chooseParams(getKernels().minMax(x), options);
}

/**
 * The channel layout of `shape` with `axis` as the channel axis: [product before, dim, product after].
 * Negative axes count from the end.
 */
export function channelLayout(shape: readonly number[], axis: number): ChannelLayout {
  const a = axis < 0 ? axis + shape.length : axis;
  if (a < 0 || a >= shape.length) throw new RangeError(`axis ${axis} is outside a rank-${shape.length} shape`);
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < a; i++) outer *= shape[i]!;
  for (let i = a + 1; i < shape.length; i++) inner *= shape[i]!;
  return { outer, channels: shape[a]!, inner };
}
