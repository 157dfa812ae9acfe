// Equal-bin histograms into u32 counts the host adds to its Float64Array. The bin is
// floor((x − lo) · factor) in f64 (x is exact in f64), clamped to [0, last] with NaN offsets going to 0
// (pmax(0, t) is 0 < t ? t : 0) — the same arithmetic as src/kernels/js/histogram.ts, so counts agree.
//
// Per-tensor: four copies of the counts (one per lane, `stride` bytes apart, each with a spare bin at
// `last + 1` that takes NaN inputs) so the four increments of one vector never hit the same address.

@inline
function binsOf(v: v128, lo: v128, factor: v128, last: v128, spare: v128): v128 {
  const zero = f64x2.splat(0);
  const a = f64x2.floor(f64x2.mul(f64x2.sub(f64x2.promote_low_f32x4(v), lo), factor));
  const b = f64x2.floor(f64x2.mul(f64x2.sub(f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)), lo), factor));
  const ia = i32x4.trunc_sat_f64x2_s_zero(f64x2.pmin(f64x2.pmax(zero, a), last));
  const ib = i32x4.trunc_sat_f64x2_s_zero(f64x2.pmin(f64x2.pmax(zero, b), last));
  const bins = i32x4.shuffle(ia, ib, 0, 1, 4, 5);
  return v128.bitselect(spare, bins, f32x4.ne(v, v));
}

@inline
function bump(p: usize): void {
  store<u32>(p, load<u32>(p) + 1);
}

export function histogram(x: usize, n: i32, lo: f64, factor: f64, last: i32, counts: usize, stride: usize, absolute: bool): void {
  const vlo = f64x2.splat(lo);
  const vf = f64x2.splat(factor);
  const vlast = f64x2.splat(<f64>last);
  const spare = i32x4.splat(last + 1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    let v = v128.load(x + (<usize>i << 2));
    if (absolute) v = f32x4.abs(v);
    const b = binsOf(v, vlo, vf, vlast, spare);
    bump(counts + (<usize>i32x4.extract_lane(b, 0) << 2));
    bump(counts + stride + (<usize>i32x4.extract_lane(b, 1) << 2));
    bump(counts + 2 * stride + (<usize>i32x4.extract_lane(b, 2) << 2));
    bump(counts + 3 * stride + (<usize>i32x4.extract_lane(b, 3) << 2));
  }
  for (; i < n; i++) {
    let v = load<f32>(x + (<usize>i << 2));
    if (v != v) continue;
    if (absolute) v = abs<f32>(v);
    const t = Math.floor((<f64>v - lo) * factor);
    const b = t >= 0 ? (t > <f64>last ? last : <i32>t) : 0;
    bump(counts + (<usize>b << 2));
  }
}

/**
 * One histogram of `bins` bins per channel over [lows[c], …) with factors[c] (f64 arrays), row walk.
 * Like the per-tensor histogram: four copies `stride` bytes apart, each channel with a spare bin for NaN,
 * so channel c's bin b of copy k is at counts + k·stride + (c·(bins + 1) + b)·4.
 */
export function histogramChannels(x: usize, n: i32, channels: i32, inner: i32, c0: i32, p0: i32, lows: usize, factors: usize, bins: i32, counts: usize, stride: usize): void {
  const last = bins - 1;
  const vlast = f64x2.splat(<f64>last);
  const spare = i32x4.splat(bins);
  let c = c0;
  let p = p0;
  let i = 0;
  while (i < n) {
    const end = i + min(inner - p, n - i);
    const lo = load<f64>(lows + (<usize>c << 3));
    const factor = load<f64>(factors + (<usize>c << 3));
    const vlo = f64x2.splat(lo);
    const vf = f64x2.splat(factor);
    const base = counts + (<usize>(c * (bins + 1)) << 2);
    for (; i + 4 <= end; i += 4) {
      const b = binsOf(v128.load(x + (<usize>i << 2)), vlo, vf, vlast, spare);
      bump(base + (<usize>i32x4.extract_lane(b, 0) << 2));
      bump(base + stride + (<usize>i32x4.extract_lane(b, 1) << 2));
      bump(base + 2 * stride + (<usize>i32x4.extract_lane(b, 2) << 2));
      bump(base + 3 * stride + (<usize>i32x4.extract_lane(b, 3) << 2));
    }
    for (; i < end; i++) {
      const v = load<f32>(x + (<usize>i << 2));
      if (v != v) continue;
      const t = Math.floor((<f64>v - lo) * factor);
      const b = t >= 0 ? (t > <f64>last ? last : <i32>t) : 0;
      bump(base + (<usize>b << 2));
    }
    p = 0;
    if (++c == channels) c = 0;
  }
}
