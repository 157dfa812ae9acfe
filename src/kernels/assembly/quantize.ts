// Affine quantize / fake-quantize / dequantize, per tensor or per channel, in both rounding modes.
// Same arithmetic as src/kernels/js/quantize.ts: the float32 quotient x / scale (NaN → 0), rounded, plus
// the zero point, clamped to [qmin, qmax]. In the fast path (|qmin|, |qmax| < 2^24, the zero point inside)
// "plus the zero point" and the clamp are exact in float32: an in-range sum is an integer below 2^24, and
// an out-of-range one stays out of range after rounding. Wider ranges (int32 bias) take the f64 path.
//
// Channel walk: the host passes where the chunk starts. Row mode (`expanded` false): channel c0, offset
// p0 in a run of `inner` values sharing one scale. Expanded mode (small `inner`): the host spreads the
// parameters to one per position of a `channels × inner` block and p0 is the offset in that block.
import { quotientS, quotientV, roundAwayV, roundEvenV, roundS, sumLanes } from './lanes';

@inline
function roundV(v: v128, halfEven: bool): v128 {
  return halfEven ? roundEvenV(v) : roundAwayV(v);
}

/** Stores 16 clamped integers (four i32x4) as T. */
@inline
function store16<T>(out: usize, q0: v128, q1: v128, q2: v128, q3: v128): void {
  if (sizeof<T>() == 1) {
    const a = i16x8.narrow_i32x4_s(q0, q1);
    const b = i16x8.narrow_i32x4_s(q2, q3);
    v128.store(out, isSigned<T>() ? i8x16.narrow_i16x8_s(a, b) : i8x16.narrow_i16x8_u(a, b));
  } else if (sizeof<T>() == 2) {
    v128.store(out, isSigned<T>() ? i16x8.narrow_i32x4_s(q0, q1) : i16x8.narrow_i32x4_u(q0, q1));
    v128.store(out + 16, isSigned<T>() ? i16x8.narrow_i32x4_s(q2, q3) : i16x8.narrow_i32x4_u(q2, q3));
  } else {
    v128.store(out, q0);
    v128.store(out + 16, q1);
    v128.store(out + 32, q2);
    v128.store(out + 48, q3);
  }
}

/** x / scale rounded, plus the zero point: the integer before the clamp, as float32 lanes. */
@inline
function shifted(x: usize, vs: v128, vz: v128, halfEven: bool): v128 {
  return f32x4.add(roundV(quotientV(v128.load(x), vs), halfEven), vz);
}

/** −1 in the lanes outside [lo, hi] (subtracting it counts them). */
@inline
function outside(a: v128, vlo: v128, vhi: v128): v128 {
  return v128.or(f32x4.lt(a, vlo), f32x4.gt(a, vhi));
}

@inline
function clampV(a: v128, vlo: v128, vhi: v128): v128 {
  return f32x4.pmin(f32x4.pmax(a, vlo), vhi);
}

/**
 * One run of values sharing parameters (perLane false: the scale and zero point at sp / zp) or with one
 * parameter per value (perLane true: arrays at sp / zp). Writes T, or float32 when `fake`; returns the
 * clamped count. 16 values per step (what one i8x16 store takes), then a scalar tail.
 */
@inline
function quantizeRun<T>(x: usize, out: usize, n: i32, sp: usize, zp: usize, perLane: bool, lo: f32, hi: f32, halfEven: bool, fake: bool): i32 {
  const vlo = f32x4.splat(lo);
  const vhi = f32x4.splat(hi);
  let s0 = v128.load32_splat(sp);
  let z0 = v128.load32_splat(zp);
  let s1 = s0, s2 = s0, s3 = s0;
  let z1 = z0, z2 = z0, z3 = z0;
  let count = i32x4.splat(0);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const o = <usize>i << 2;
    if (perLane) {
      s0 = v128.load(sp + o);
      s1 = v128.load(sp + o + 16);
      s2 = v128.load(sp + o + 32);
      s3 = v128.load(sp + o + 48);
      z0 = v128.load(zp + o);
      z1 = v128.load(zp + o + 16);
      z2 = v128.load(zp + o + 32);
      z3 = v128.load(zp + o + 48);
    }
    const a0 = shifted(x + o, s0, z0, halfEven);
    const a1 = shifted(x + o + 16, s1, z1, halfEven);
    const a2 = shifted(x + o + 32, s2, z2, halfEven);
    const a3 = shifted(x + o + 48, s3, z3, halfEven);
    count = i32x4.sub(count, i32x4.add(i32x4.add(outside(a0, vlo, vhi), outside(a1, vlo, vhi)), i32x4.add(outside(a2, vlo, vhi), outside(a3, vlo, vhi))));
    const c0 = clampV(a0, vlo, vhi);
    const c1 = clampV(a1, vlo, vhi);
    const c2 = clampV(a2, vlo, vhi);
    const c3 = clampV(a3, vlo, vhi);
    if (fake) {
      // real = scale × (q − zero point): q − zero point is an integer below 2^24, exact in float32.
      v128.store(out + o, f32x4.mul(s0, f32x4.sub(c0, z0)));
      v128.store(out + o + 16, f32x4.mul(s1, f32x4.sub(c1, z1)));
      v128.store(out + o + 32, f32x4.mul(s2, f32x4.sub(c2, z2)));
      v128.store(out + o + 48, f32x4.mul(s3, f32x4.sub(c3, z3)));
    } else {
      store16<T>(out + (<usize>i) * sizeof<T>(), i32x4.trunc_sat_f32x4_s(c0), i32x4.trunc_sat_f32x4_s(c1), i32x4.trunc_sat_f32x4_s(c2), i32x4.trunc_sat_f32x4_s(c3));
    }
  }
  let clamped = sumLanes(count);
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const s = load<f32>(perLane ? sp + o : sp);
    const z = load<f32>(perLane ? zp + o : zp);
    const a = roundS(quotientS(load<f32>(x + o), s), halfEven) + z;
    if (a < lo || a > hi) clamped++;
    const c = min<f32>(max<f32>(a, lo), hi);
    if (fake) store<f32>(out + o, s * (c - z));
    else store<T>(out + (<usize>i) * sizeof<T>(), <T>(<i32>c));
  }
  return clamped;
}

/** Walks a chunk run by run (see the header); T is the output type (f32 when `fake`). */
@inline
function quantizeWalk<T>(x: usize, out: usize, n: i32, channels: i32, inner: i32, c0: i32, p0: i32, expanded: bool, scales: usize, zeros: usize, lo: f32, hi: f32, halfEven: bool, fake: bool): i32 {
  let clamped = 0;
  let i = 0;
  if (expanded) {
    const block = channels * inner;
    let j = p0;
    while (i < n) {
      const run = min(block - j, n - i);
      const pj = <usize>j << 2;
      clamped += quantizeRun<T>(x + (<usize>i << 2), out + (<usize>i) * sizeof<T>(), run, scales + pj, zeros + pj, true, lo, hi, halfEven, fake);
      i += run;
      j = 0;
    }
  } else {
    let c = c0;
    let p = p0;
    while (i < n) {
      const run = min(inner - p, n - i);
      const pc = <usize>c << 2;
      clamped += quantizeRun<T>(x + (<usize>i << 2), out + (<usize>i) * sizeof<T>(), run, scales + pc, zeros + pc, false, lo, hi, halfEven, fake);
      i += run;
      p = 0;
      if (++c == channels) c = 0;
    }
  }
  return clamped;
}

@inline
function quantizeAs<T>(x: usize, out: usize, n: i32, channels: i32, inner: i32, c0: i32, p0: i32, expanded: bool, scales: usize, zeros: usize, lo: f32, hi: f32, halfEven: bool, fake: bool): i32 {
  if (halfEven) {
    return expanded
      ? quantizeWalk<T>(x, out, n, channels, inner, c0, p0, true, scales, zeros, lo, hi, true, fake)
      : quantizeWalk<T>(x, out, n, channels, inner, c0, p0, false, scales, zeros, lo, hi, true, fake);
  }
  return expanded
    ? quantizeWalk<T>(x, out, n, channels, inner, c0, p0, true, scales, zeros, lo, hi, false, fake)
    : quantizeWalk<T>(x, out, n, channels, inner, c0, p0, false, scales, zeros, lo, hi, false, fake);
}

// Fast-path entry points, one per output type. `zeros` holds the zero points as float32 here.
export function quantizeI8(x: usize, out: usize, n: i32, channels: i32, inner: i32, c0: i32, p0: i32, expanded: bool, scales: usize, zeros: usize, lo: f32, hi: f32, halfEven: bool): i32 {
  return quantizeAs<i8>(x, out, n, channels, inner, c0, p0, expanded, scales, zeros, lo, hi, halfEven, false);
}
export function quantizeU8(x: usize, out: usize, n: i32, channels: i32, inner: i32, c0: i32, p0: i32, expanded: bool, scales: usize, zeros: usize, lo: f32, hi: f32, halfEven: bool): i32 {
  return quantizeAs<u8>(x, out, n, channels, inner, c0, p0, expanded, scales, zeros, lo, hi, halfEven, false);
}
export function quantizeI16(x: usize, out: usize, n: i32, channels: i32, inner: i32, c0: i32, p0: i32, expanded: bool, scales: usize, zeros: usize, lo: f32, hi: f32, halfEven: bool): i32 {
  return quantizeAs<i16>(x, out, n, channels, inner, c0, p0, expanded, scales, zeros, lo, hi, halfEven, false);
}
export function quantizeU16(x: usize, out: usize, n: i32, channels: i32, inner: i32, c0: i32, p0: i32, expanded: bool, scales: usize, zeros: usize, lo: f32, hi: f32, halfEven: bool): i32 {
  return quantizeAs<u16>(x, out, n, channels, inner, c0, p0, expanded, scales, zeros, lo, hi, halfEven, false);
}
export function quantizeI32(x: usize, out: usize, n: i32, channels: i32, inner: i32, c0: i32, p0: i32, expanded: bool, scales: usize, zeros: usize, lo: f32, hi: f32, halfEven: bool): i32 {
  return quantizeAs<i32>(x, out, n, channels, inner, c0, p0, expanded, scales, zeros, lo, hi, halfEven, false);
}
export function fakeQuantize(x: usize, out: usize, n: i32, channels: i32, inner: i32, c0: i32, p0: i32, expanded: bool, scales: usize, zeros: usize, lo: f32, hi: f32, halfEven: bool): i32 {
  return quantizeAs<f32>(x, out, n, channels, inner, c0, p0, expanded, scales, zeros, lo, hi, halfEven, true);
}

/**
 * The wide path (any integer range, e.g. int32 bias), scalar and in double like the TypeScript twin:
 * the rounded float32 quotient plus the zero point is exact in f64, and so is the clamp. Row mode only;
 * `zeros` holds int32 zero points. Writes int32, or float32 when `fake`.
 */
export function quantizeWide(x: usize, out: usize, n: i32, channels: i32, inner: i32, c0: i32, p0: i32, scales: usize, zeros: usize, qmin: f64, qmax: f64, halfEven: bool, fake: bool): i32 {
  let clamped = 0;
  let c = c0;
  let p = p0;
  let i = 0;
  while (i < n) {
    const end = i + min(inner - p, n - i);
    const s = load<f32>(scales + (<usize>c << 2));
    const z = <f64>load<i32>(zeros + (<usize>c << 2));
    for (; i < end; i++) {
      const o = <usize>i << 2;
      let q = <f64>roundS(quotientS(load<f32>(x + o), s), halfEven) + z;
      if (q < qmin) {
        q = qmin;
        clamped++;
      } else if (q > qmax) {
        q = qmax;
        clamped++;
      }
      if (fake) store<f32>(out + o, s * <f32>(q - z));
      else store<i32>(out + o, <i32>q);
    }
    p = 0;
    if (++c == channels) c = 0;
  }
  return clamped;
}
