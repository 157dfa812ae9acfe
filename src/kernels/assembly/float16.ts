// IEEE binary16 conversion with integer lane arithmetic (the classic branch-free formulation: the
// float32 exponent is rebiased for normal results, subnormal results come from one float32 addition of
// 0.5, whose rounding is exactly the binary16 subnormal rounding). Results equal src/kernels/js/float16.ts.

@inline
function halfOf(bits: v128): v128 {
  const sign = v128.and(bits, i32x4.splat(0x80000000));
  const a = v128.xor(bits, sign);
  // NaN → quiet NaN, ∞ and everything from 65536 up → ∞ (65520 … 65535.99 round up to ∞ below).
  const special = v128.bitselect(i32x4.splat(0x7e00), i32x4.splat(0x7c00), i32x4.gt_s(a, i32x4.splat(0x7f800000)));
  // Subnormal results (|x| < 2^−14): add 0.5, whose ulp is 2^−24, and read the low bits.
  const sub = i32x4.sub(f32x4.add(a, f32x4.splat(0.5)), i32x4.splat(0x3f000000));
  // Normal results: rebias, round to nearest even on the 13 dropped bits (a carry may reach ∞).
  const odd = v128.and(i32x4.shr_u(a, 13), i32x4.splat(1));
  const normal = i32x4.shr_u(i32x4.add(i32x4.add(a, i32x4.splat(-0x38000000 + 0xfff)), odd), 13);
  let h = v128.bitselect(sub, normal, i32x4.lt_s(a, i32x4.splat(0x38800000)));
  h = v128.bitselect(special, h, i32x4.ge_s(a, i32x4.splat(0x47800000)));
  return v128.or(h, i32x4.shr_u(sign, 16));
}

@inline
function floatOf(h: v128): v128 {
  let o = i32x4.shl(v128.and(h, i32x4.splat(0x7fff)), 13);
  const exponent = v128.and(o, i32x4.splat(0x0f800000));
  o = i32x4.add(o, i32x4.splat(0x38000000));
  // ∞ / NaN: rebias to the float32 maximum exponent.
  o = i32x4.add(o, v128.and(i32x4.eq(exponent, i32x4.splat(0x0f800000)), i32x4.splat(0x38000000)));
  // Zero / subnormal: make it normal (2^−14 · 1.m) and subtract 2^−14, which is exact.
  const tiny = i32x4.eq(exponent, i32x4.splat(0));
  const renormal = f32x4.sub(i32x4.add(o, i32x4.splat(0x00800000)), i32x4.splat(0x38800000));
  o = v128.bitselect(renormal, o, tiny);
  return v128.or(o, i32x4.shl(v128.and(h, i32x4.splat(0x8000)), 16));
}

export function float32ToFloat16(x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const a = halfOf(v128.load(x + (<usize>i << 2)));
    const b = halfOf(v128.load(x + (<usize>i << 2) + 16));
    v128.store(out + (<usize>i << 1), i16x8.narrow_i32x4_u(a, b));
  }
  for (; i < n; i++) {
    const h = halfOf(v128.load32_zero(x + (<usize>i << 2)));
    store<u16>(out + (<usize>i << 1), <u16>i32x4.extract_lane(h, 0));
  }
}

export function float16ToFloat32(h: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const v = v128.load(h + (<usize>i << 1));
    v128.store(out + (<usize>i << 2), floatOf(i32x4.extend_low_i16x8_u(v)));
    v128.store(out + (<usize>i << 2) + 16, floatOf(i32x4.extend_high_i16x8_u(v)));
  }
  for (; i < n; i++) {
    const v = floatOf(i32x4.extend_low_i16x8_u(v128.load16_splat(h + (<usize>i << 1))));
    store<u32>(out + (<usize>i << 2), <u32>i32x4.extract_lane(v, 0));
  }
}
