// Weights and biases of TFLite int8 kernels (TFLite 8-bit spec): weights int8 symmetric in [-127, 127]
// with zero point 0, per tensor or per axis; bias int32 with scale s_input · s_weight[c] and zero point 0;
// every value rounded half away from zero. The loops run in the kernels (through quantizeWith).
import { getKernels } from '../../../../kernels/index';
import type { ChannelLayout, ErrorStats } from '../../../../kernels/types';
import { channelLayout as layoutOf } from '../params';
import { quantizeWith, type QuantizedTensor } from '../quantize-tensor';
import { INT32_MAX } from './int8-params';

/** How a tensor of `shape` splits into channels along `axis` (one channel when axis is undefined). */
export function channelLayout(shape: readonly number[], axis: number | undefined): ChannelLayout {
  if (axis === undefined) return { outer: 1, channels: 1, inner: shape.reduce((a, b) => a * b, 1) };
  return layoutOf(shape, axis);
}

/** Symmetrically quantized weights. */
export interface SymmetricWeights {
  readonly values: Int8Array;
  /** float32 scales, one per channel (one for per-tensor). */
  readonly scale: Float32Array;
  /** Channel axis, or undefined for per-tensor. */
  readonly axis: number | undefined;
  /** Per-channel float range of the original weights (recorded as the converter does). */
  readonly min: Float32Array;
  readonly max: Float32Array;
  readonly error: ErrorStats;
  readonly clipped: number;
  /** Channels whose scale was raised so that their int32 bias does not overflow. */
  readonly widenedForBias: number;
}

export interface SymmetricOptions {
  /** Bits of the integer grid: 8 gives [-127, 127], 4 gives [-7, 7] (TFLite's symmetric int4). */
  readonly bits?: 4 | 8;
  /** A lower bound per channel for the scale (bias overflow protection). */
  readonly minScale?: Float32Array;
}

/** Symmetric per-axis (or per-tensor) quantization of float weights. */
export function quantizeSymmetric(
  weights: Float32Array,
  shape: readonly number[],
  axis: number | undefined,
  options: SymmetricOptions = {},
): SymmetricWeights {
  const kernels = getKernels();
  const bits = options.bits ?? 8;
  const qmax = bits === 4 ? 7 : 127;
  const layout = channelLayout(shape, axis);
  const { min, max } = axis === undefined ? single(kernels.minMax(weights)) : kernels.minMaxPerChannel(weights, layout);
  const scale = new Float32Array(layout.channels);
  let widenedForBias = 0;
  for (let c = 0; c < scale.length; c++) {
    const bound = Math.max(Math.abs(min[c]!), Math.abs(max[c]!));
    // An all-zero channel quantizes to zeros under any scale; 1 keeps the kernels' multipliers finite.
    let s = bound > 0 ? Math.fround(bound / qmax) : 1;
    const floor = options.minScale?.[c] ?? 0;
    if (floor > s) {
      s = Math.fround(floor * (1 + 2 ** -20));
      widenedForBias++;
    }
    scale[c] = s;
  }
  const q: QuantizedTensor = quantizeWith(
    weights,
    { scale, zeroPoint: new Int32Array(scale.length) },
    axis === undefined ? [] : [layout.channels],
    { dtype: bits === 4 ? 'int4' : 'int8', symmetric: true, narrow: true, rounding: 'half-away' },
    axis === undefined ? undefined : layout,
  );
  return {
    values: q.values as Int8Array,
    scale,
    axis,
    min,
    max,
    error: q.error,
    clipped: q.clipped,
    widenedForBias,
  };
}

function single(r: { min: number; max: number }): { min: Float32Array; max: Float32Array } {
  return { min: Float32Array.of(r.min), max: Float32Array.of(r.max) };
}

/**
 * The smallest weight scale per channel that keeps round(bias / (s_input · s_weight)) inside int32
 * (TFLite stores biases as int32; a larger quotient would be clamped).
 */
export function biasScaleFloor(bias: Float32Array, inputScale: number, channels: number): Float32Array {
  const kernels = getKernels();
  const floor = new Float32Array(channels);
  if (bias.length === 0) return floor;
  const perChannel = channels === bias.length && channels > 1;
  const { min, max } = perChannel
    ? kernels.minMaxPerChannel(bias, { outer: 1, channels, inner: 1 })
    : single(kernels.minMax(bias));
  for (let c = 0; c < channels; c++) {
    const k = perChannel ? c : 0;
    const bound = Math.max(Math.abs(min[k]!), Math.abs(max[k]!));
    floor[c] = bound / (inputScale * INT32_MAX);
  }
  return floor;
}

/** Quantizes a bias to int32 with scale[c] = s_input · s_weight[c] (float32, as the file stores it). */
export function quantizeBias(bias: Float32Array, inputScale: number, weightScale: Float32Array): QuantizedTensor {
  const scale = Float32Array.from(weightScale, (s) => Math.fround(inputScale * s));
  const perChannel = scale.length > 1;
  return quantizeWith(
    bias,
    { scale, zeroPoint: new Int32Array(scale.length) },
    perChannel ? [scale.length] : [],
    { dtype: 'int32', symmetric: true, narrow: true, rounding: 'half-away' },
    perChannel ? { outer: 1, channels: scale.length, inner: 1 } : undefined,
  );
}

/** Asymmetric per-tensor int8 quantization of a constant operand with given parameters. */
export function quantizeWithParams(values: Float32Array, scale: number, zeroPoint: number): QuantizedTensor {
  return quantizeWith(values, { scale: Float32Array.of(scale), zeroPoint: Int32Array.of(zeroPoint) }, [], {
    dtype: 'int8',
    symmetric: false,
    narrow: false,
    rounding: 'half-away',
  });
}

/** Smallest and largest value of a float tensor. */
export function valueRange(values: Float32Array): { min: number; max: number } {
  return getKernels().minMax(values);
}
