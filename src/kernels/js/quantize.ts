// Affine quantization: q = clamp(round(x / scale) + zeroPoint, qmin, qmax), real = scale × (q − zeroPoint).
// The arithmetic is float32's, as the targets do it: x / scale is rounded to float32 (Math.fround of the
// double quotient is the correctly rounded float32 quotient), the rounding to an integer is exact, and
// the zero point and the clamp are applied to that integer exactly. NaN quantizes to the zero point.
import type { AffineParams, QuantArray, QuantizeParams } from '../types';
import { affineLayout, checkQuantRange, checkSameLength } from './checks';

// Both roundings start from floor(v + 0.5), which rounds ties up and is exact in double for any float32
// v below 2^52 (larger float32 values are integers already), and fix the ties they disagree on. Only a
// tie takes the branch, so the loop stays fast (Math.round is several times slower in V8): the twin is
// an honest baseline for the benchmarks, not a slow one.

/** Round half to even (ONNX QuantizeLinear). */
export function roundHalfEven(v: number): number {
  const r = Math.floor(v + 0.5);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r; // an odd result of a tie steps down to even
}

/** Round half away from zero (TFLite). */
export function roundHalfAway(v: number): number {
  const r = Math.floor(v + 0.5);
  return r - v === 0.5 && v < 0 ? r - 1 : r; // a negative tie went up (towards zero): step down
}

/** The integer of one value before the clamp (NaN gives 0, i.e. the zero point). */
function roundedQuotient(x: number, scale: number, halfEven: boolean): number {
  const v = Math.fround(x / scale);
  if (v !== v) return 0;
  return halfEven ? roundHalfEven(v) : roundHalfAway(v);
}

/**
 * Quantizes `x` (optionally dequantizing again when `fake` is set) into `out`; returns the clamped count.
 * One plain loop for both, so the benchmark's JS figure is the honest cost of the arithmetic.
 */
function quantizeLoop(
  kernel: string,
  x: Float32Array,
  params: QuantizeParams,
  out: QuantArray | Float32Array,
  fake: boolean,
): number {
  checkSameLength(kernel, x, out);
  const { outer, channels, inner } = affineLayout(kernel, x.length, params);
  const { scale, zeroPoint, qmin, qmax } = params;
  checkQuantRange(kernel, qmin, qmax);
  const halfEven = params.rounding === 'half-even';
  let clamped = 0;
  let i = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const s = scale[c]!;
      const zp = zeroPoint[c]!;
      for (let k = 0; k < inner; k++, i++) {
        let q = roundedQuotient(x[i]!, s, halfEven) + zp;
        if (q < qmin) {
          q = qmin;
          clamped++;
        } else if (q > qmax) {
          q = qmax;
          clamped++;
        }
        out[i] = fake ? Math.fround(s * Math.fround(q - zp)) : q;
      }
    }
  }
  return clamped;
}

export function quantize(x: Float32Array, params: QuantizeParams, out: QuantArray): number {
  return quantizeLoop('quantize', x, params, out, false);
}

export function fakeQuantize(x: Float32Array, params: QuantizeParams, out: Float32Array): number {
  return quantizeLoop('fakeQuantize', x, params, out, true);
}

export function dequantize(q: QuantArray, params: AffineParams, out: Float32Array): void {
  checkSameLength('dequantize', q, out);
  const { outer, channels, inner } = affineLayout('dequantize', q.length, params);
  const { scale, zeroPoint } = params;
  let i = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const s = scale[c]!;
      const zp = zeroPoint[c]!;
      for (let k = 0; k < inner; k++, i++) out[i] = Math.fround(s * Math.fround(q[i]! - zp));
    }
  }
}
