// Values between the core's feeds and outputs and the TFLite interpreter's tensors: feeds cast to the
// tensor's element type (real values quantized with its scale and zero point), outputs back to real values.
// Pure, so Node tests check them without the interpreter.
import type { FeedArray } from '../../core';
import type { TfliteQuantization } from './tflite-io';

/** Element types the interpreter exchanges values in (as tflite-runtime.ts names them). */
export type TfliteValueType = 'int8' | 'uint8' | 'bool' | 'int16' | 'int32' | 'uint32' | 'float32' | 'float64';

/** What conversion needs of a tensor. */
export interface TfliteValueInfo {
  readonly dtype: TfliteValueType;
  readonly shape: readonly number[];
  readonly quantization?: TfliteQuantization;
}

type Values = Int8Array | Uint8Array | Int16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** The typed array holding values of each element type (bool as bytes). */
export const TFLITE_ARRAYS: Readonly<Record<TfliteValueType, new (length: number) => Values>> = {
  int8: Int8Array,
  uint8: Uint8Array,
  bool: Uint8Array,
  int16: Int16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
};

const RANGES: Partial<Record<TfliteValueType, readonly [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
};

// TFLite's reference kernels quantize with std::round: half away from zero.
const roundHalfAway = (v: number): number => (v < 0 ? -Math.round(-v) : Math.round(v));

const isFloatArray = (a: FeedArray): boolean => a instanceof Float32Array || a instanceof Float64Array;

/** Per element, the index into a quantization's scale / zero point (per tensor, or along its axis). */
function channelOf(q: TfliteQuantization, shape: readonly number[]): (i: number) => number {
  if (q.scale.length <= 1) return () => 0;
  const inner = shape.slice(q.axis + 1).reduce((a, b) => a * b, 1);
  const count = shape[q.axis] ?? q.scale.length;
  return (i) => Math.floor(i / inner) % count;
}

/** `values` (one run's worth) in the interpreter's element type for `info`. */
export function toInterpreter(values: FeedArray, info: TfliteValueInfo): Values {
  const Ctor = TFLITE_ARRAYS[info.dtype];
  if (values.constructor === Ctor) return values as Values;
  const out = new Ctor(values.length);
  const q = info.quantization;
  const range = RANGES[info.dtype];
  if (q && range && isFloatArray(values)) {
    const channel = channelOf(q, info.shape);
    for (let i = 0; i < out.length; i++) {
      const c = channel(i);
      const v = roundHalfAway(Number(values[i]) / q.scale[c]!) + (q.zeroPoint[c] ?? 0);
      out[i] = Math.min(range[1], Math.max(range[0], v));
    }
    return out;
  }
  for (let i = 0; i < out.length; i++) out[i] = Number(values[i]);
  return out;
}

/** An output's values as real numbers (dequantized when the tensor is quantized). */
export function realValues(values: ArrayLike<number>, info: TfliteValueInfo): Float32Array {
  const q = info.quantization;
  if (!q || info.dtype === 'float32' || info.dtype === 'float64') return Float32Array.from(values);
  const channel = channelOf(q, info.shape);
  return Float32Array.from(values, (v, i) => q.scale[channel(i)]! * (v - (q.zeroPoint[channel(i)] ?? 0)));
}
