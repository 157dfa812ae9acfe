// Value conversion to a dtype as float32-held numbers: integer types truncate toward zero and saturate
// (the common behaviour of onnxruntime's and TFLite's casts for in-range values), half types round to
// their precision, bool becomes 0/1.
import type { DType } from '../../ir/dtype';

const INT_RANGE: Partial<Record<DType, readonly [number, number]>> = {
  int4: [-8, 7],
  uint4: [0, 15],
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  // ±2^63 and 2^64: as float32-held numbers these bounds are only approximate anyway.
  int64: [-(2 ** 63), 2 ** 63],
  uint64: [0, 2 ** 64],
};

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** `v` rounded to the nearest float16 (ties to even), as a number. */
export function roundToHalf(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  const a = Math.abs(v);
  if (a >= 65520) return Math.sign(v) * Infinity;
  // Spacing of float16 values near `a`: 2^(e−10) for normal numbers, 2^−24 for subnormals.
  const e = Math.max(Math.floor(Math.log2(a)), -14);
  const ulp = 2 ** (e - 10);
  const q = a / ulp;
  let r = Math.round(q);
  if (r - q === 0.5 && r % 2 !== 0) r--;
  return Math.sign(v) * r * ulp;
}

/** `v` rounded to the nearest bfloat16 (ties to even). */
export function roundToBfloat16(v: number): number {
  if (!Number.isFinite(v)) return v;
  f32[0] = v;
  const bits = u32[0]!;
  const rounded = (bits + 0x7fff + ((bits >>> 16) & 1)) & 0xffff0000;
  u32[0] = rounded >>> 0;
  return f32[0]!;
}

/** A converter of values to `dtype`, or undefined for dtypes the executor cannot hold (strings). */
export function caster(dtype: DType): ((v: number) => number) | undefined {
  if (dtype === 'float32' || dtype === 'float64') return (v) => v;
  if (dtype === 'float16') return roundToHalf;
  if (dtype === 'bfloat16') return roundToBfloat16;
  if (dtype === 'bool') return (v) => (v !== 0 ? 1 : 0);
  const range = INT_RANGE[dtype];
  if (!range) return undefined;
  const [lo, hi] = range;
  return (v) => (Number.isNaN(v) ? 0 : Math.min(hi, Math.max(lo, Math.trunc(v))));
}
