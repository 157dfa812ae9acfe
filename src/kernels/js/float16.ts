// IEEE 754 binary16 conversion on the bit patterns. float32 → float16 rounds to nearest even, overflows
// to ±Infinity, gives subnormals below 2^−14 and keeps NaN a (quiet) NaN; float16 → float32 is exact and
// keeps a NaN's payload. Working on bits (through Uint32Array views) keeps the sign of NaN and is fast.

/** The binary16 bits of a float32 given as its bits. */
export function toHalf(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | (mantissa !== 0 ? 0x7e00 : 0x7c00); // NaN stays NaN, ±Infinity
  const e = exponent - 127 + 15; // the binary16 exponent field, if the result is normal
  if (e >= 0x1f) return sign | 0x7c00; // too large even before rounding
  let kept: number; // the bits that survive, exponent field included
  let rest: number; // the bits rounded away …
  let half: number; // … and the value of half a unit of the last kept bit
  if (e >= 1) {
    kept = (e << 10) | (mantissa >>> 13);
    rest = mantissa & 0x1fff;
    half = 0x1000;
  } else {
    // Subnormal result: the significand, implicit 1 included, shifted right past the exponent.
    const shift = 14 - e;
    if (shift > 24) return sign; // below half the smallest subnormal (float32 subnormals too)
    const significand = mantissa | 0x800000;
    kept = significand >>> shift;
    rest = significand & ((1 << shift) - 1);
    half = 1 << (shift - 1);
  }
  // Round to nearest even; a carry out of the mantissa bumps the exponent, up to Infinity (0x7c00).
  if (rest > half || (rest === half && (kept & 1) === 1)) kept++;
  return sign | kept;
}

/** The float32 bits of a binary16 bit pattern. */
export function fromHalf(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0x1f) return sign | 0x7f800000 | (mantissa << 13); // ±Infinity, NaN with its payload
  if (exponent !== 0) return sign | ((exponent + 112) << 23) | (mantissa << 13); // rebias 15 → 127
  if (mantissa === 0) return sign;
  // Subnormal m·2^−24: shift the leading 1 up to the implicit position, lowering the exponent.
  let e = 113;
  let m = mantissa;
  while ((m & 0x400) === 0) {
    m <<= 1;
    e--;
  }
  return sign | (e << 23) | ((m & 0x3ff) << 13);
}

export function float32ToFloat16(x: Float32Array, out: Uint16Array): void {
  if (x.length !== out.length)
    throw new RangeError(`float32ToFloat16: ${x.length} values but an output of ${out.length}.`);
  const bits = new Uint32Array(x.buffer, x.byteOffset, x.length);
  for (let i = 0; i < bits.length; i++) out[i] = toHalf(bits[i]!);
}

export function float16ToFloat32(h: Uint16Array, out: Float32Array): void {
  if (h.length !== out.length)
    throw new RangeError(`float16ToFloat32: ${h.length} values but an output of ${out.length}.`);
  const bits = new Uint32Array(out.buffer, out.byteOffset, out.length);
  for (let i = 0; i < h.length; i++) bits[i] = fromHalf(h[i]!);
}
