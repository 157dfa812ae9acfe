// real = scale × (q − zeroPoint), per tensor or per channel (same channel walk as quantize.ts).
// For 8- and 16-bit q, q − zeroPoint is an exact i32 below 2^24, so its float32 conversion is exact too;
// int32 q takes the f64 path, where the difference is exact before its one rounding to float32.

/** Loads 4 values of T at p as i32 lanes. */
@inline
function load4<T>(p: usize): v128 {
  if (sizeof<T>() == 1) return isSigned<T>() ? i32x4.extend_low_i16x8_s(i16x8.extend_low_i8x16_s(v128.load32_zero(p))) : i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(p)));
  if (sizeof<T>() == 2) return isSigned<T>() ? i32x4.extend_low_i16x8_s(v128.load64_zero(p)) : i32x4.extend_low_i16x8_u(v128.load64_zero(p));
  return v128.load(p);
}

@inline
function dequantizeRun<T>(q: usize, out: usize, n: i32, sp: usize, zp: usize, perLane: bool): void {
  let vs = v128.load32_splat(sp);
  let vz = v128.load32_splat(zp);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    if (perLane) {
      vs = v128.load(sp + o);
      vz = v128.load(zp + o);
    }
    const d = f32x4.convert_i32x4_s(i32x4.sub(load4<T>(q + (<usize>i) * sizeof<T>()), vz));
    v128.store(out + o, f32x4.mul(vs, d));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const s = load<f32>(perLane ? sp + o : sp);
    const z = load<i32>(perLane ? zp + o : zp);
    store<f32>(out + o, s * <f32>(<i32>load<T>(q + (<usize>i) * sizeof<T>()) - z));
  }
}

@inline
function dequantizeWalk<T>(q: usize, out: usize, n: i32, channels: i32, inner: i32, c0: i32, p0: i32, expanded: bool, scales: usize, zeros: usize): void {
  let i = 0;
  if (expanded) {
    const block = channels * inner;
    let j = p0;
    while (i < n) {
      const run = min(block - j, n - i);
      const pj = <usize>j << 2;
      dequantizeRun<T>(q + (<usize>i) * sizeof<T>(), out + (<usize>i << 2), run, scales + pj, zeros + pj, true);
      i += run;
      j = 0;
    }
  } else {
    let c = c0;
    let p = p0;
    while (i < n) {
      const run = min(inner - p, n - i);
      const pc = <usize>c << 2;
      dequantizeRun<T>(q + (<usize>i) * sizeof<T>(), out + (<usize>i << 2), run, scales + pc, zeros + pc, false);
      i += run;
      p = 0;
      if (++c == channels) c = 0;
    }
  }
}

@inline
function dequantizeAs<T>(q: usize, out: usize, n: i32, channels: i32, inner: i32, c0: i32, p0: i32, expanded: bool, scales: usize, zeros: usize): void {
  if (expanded) dequantizeWalk<T>(q, out, n, channels, inner, c0, p0, true, scales, zeros);
  else dequantizeWalk<T>(q, out, n, channels, inner, c0, p0, false, scales, zeros);
}

// One entry point per input type; `zeros` holds int32 zero points.
export function dequantizeI8(q: usize, out: usize, n: i32, channels: i32, inner: i32, c0: i32, p0: i32, expanded: bool, scales: usize, zeros: usize): void {
  dequantizeAs<i8>(q, out, n, channels, inner, c0, p0, expanded, scales, zeros);
}
export function dequantizeU8(q: usize, out: usize, n: i32, channels: i32, inner: i32, c0: i32, p0: i32, expanded: bool, scales: usize, zeros: usize): void {
  dequantizeAs<u8>(q, out, n, channels, inner, c0, p0, expanded, scales, zeros);
}
export function dequantizeI16(q: usize, out: usize, n: i32, channels: i32, inner: i32, c0: i32, p0: i32, expanded: bool, scales: usize, zeros: usize): void {
  dequantizeAs<i16>(q, out, n, channels, inner, c0, p0, expanded, scales, zeros);
}
export function dequantizeU16(q: usize, out: usize, n: i32, channels: i32, inner: i32, c0: i32, p0: i32, expanded: bool, scales: usize, zeros: usize): void {
  dequantizeAs<u16>(q, out, n, channels, inner, c0, p0, expanded, scales, zeros);
}

/** int32 q, row mode, in f64 (see the header). */
export function dequantizeI32(q: usize, out: usize, n: i32, channels: i32, inner: i32, c0: i32, p0: i32, scales: usize, zeros: usize): void {
  let c = c0;
  let p = p0;
  let i = 0;
  while (i < n) {
    const end = i + min(inner - p, n - i);
    const s = load<f32>(scales + (<usize>c << 2));
    const z = <f64>load<i32>(zeros + (<usize>c << 2));
    for (; i < end; i++) {
      const o = <usize>i << 2;
      store<f32>(out + o, s * <f32>(<f64>load<i32>(q + o) - z));
    }
    p = 0;
    if (++c == channels) c = 0;
  }
}
