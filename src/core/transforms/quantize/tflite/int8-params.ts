// Quantization parameters of int8 activations as the TFLite converter derives them from a calibrated
// range: asymmetric over [-128, 127], the range widened to hold 0 (zero must be exact: padding, ReLU),
// the zero point nudged to an integer. Scales are stored as float32 in the file, so they are float32
// here too: the int8 kernels check that a bias scale equals s_input · s_weight to 1e-6.
import { chooseParams } from '../params';
import type { TensorRange } from '../types';

export type { TensorRange };

/** Per-tensor int8 parameters of an activation, with the range they were made from. */
export interface ActivationParams {
  readonly scale: number;
  readonly zeroPoint: number;
  /** The calibrated range (recorded in the file's min/max, as the converter does). */
  readonly min: number;
  readonly max: number;
}

export const INT8_MIN = -128;
export const INT8_MAX = 127;
/** TFLite spec: weights use [-127, 127] so that −q is always representable. */
export const WEIGHT_QMAX = 127;
export const INT32_MAX = 2147483647;

/**
 * Asymmetric int8 parameters covering [min, max] widened to hold 0 (the shared chooser, with TFLite's
 * rounding of the zero point: half away from zero).
 */
export function int8ParamsForRange(range: TensorRange): ActivationParams {
  if (!Number.isFinite(range.min) || !Number.isFinite(range.max))
    throw new RangeError(`the range [${range.min}, ${range.max}] is not finite`);
  const p = chooseParams(range, { dtype: 'int8', symmetric: false, rounding: 'half-away' });
  return { scale: p.scale, zeroPoint: p.zeroPoint, min: range.min, max: range.max };
}

/** The float range int8 parameters can represent. */
export function representedRange(p: { scale: number; zeroPoint: number }): TensorRange {
  return { min: p.scale * (INT8_MIN - p.zeroPoint), max: p.scale * (INT8_MAX - p.zeroPoint) };
}

/** True when two parameter sets quantize identically. */
export function sameParams(a: { scale: number; zeroPoint: number }, b: { scale: number; zeroPoint: number }): boolean {
  return Math.fround(a.scale) === Math.fround(b.scale) && a.zeroPoint === b.zeroPoint;
}

/** The intersection of a calibrated range with a fused activation's output range. */
export function clampRange(range: TensorRange, bounds: TensorRange | undefined): TensorRange {
  if (!bounds) return range;
  const min = Math.min(Math.max(range.min, bounds.min), bounds.max);
  const max = Math.max(Math.min(range.max, bounds.max), bounds.min);
  return { min, max };
}
