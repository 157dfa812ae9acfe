// Finite min/max, per channel (one channel of the whole chunk for a tensor). Non-finite lanes (v − v is
// not 0) are replaced by +∞ for the min and −∞ for the max; the host turns an untouched ±∞ into 0.
// Row mode folds each run into acc[c]; expanded mode keeps one accumulator per block position and the
// host folds those per channel at the end. pmin/pmax are exact selects, so lane order cannot matter
// (apart from the sign of zero, which the host normalises).
import { maxLanes, minLanes } from './lanes';

@inline
function finite(v: v128): v128 {
  return f32x4.eq(f32x4.sub(v, v), f32x4.splat(0));
}

/** min and max of a run, folded into *accMin / *accMax. */
@inline
function minMaxRun(x: usize, n: i32, accMin: usize, accMax: usize): void {
  const inf = f32x4.splat(Infinity);
  const ninf = f32x4.splat(-Infinity);
  let lo0 = inf, lo1 = inf, hi0 = ninf, hi1 = ninf;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const a = v128.load(x + (<usize>i << 2));
    const b = v128.load(x + (<usize>i << 2) + 16);
    const fa = finite(a);
    const fb = finite(b);
    lo0 = f32x4.pmin(lo0, v128.bitselect(a, inf, fa));
    hi0 = f32x4.pmax(hi0, v128.bitselect(a, ninf, fa));
    lo1 = f32x4.pmin(lo1, v128.bitselect(b, inf, fb));
    hi1 = f32x4.pmax(hi1, v128.bitselect(b, ninf, fb));
  }
  let lo = min<f32>(minLanes(f32x4.pmin(lo0, lo1)), load<f32>(accMin));
  let hi = max<f32>(maxLanes(f32x4.pmax(hi0, hi1)), load<f32>(accMax));
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    if (v - v != 0) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  store<f32>(accMin, lo);
  store<f32>(accMax, hi);
}

/** Element-wise min/max of a run into the accumulator arrays (expanded mode). */
@inline
function minMaxLanesRun(x: usize, n: i32, accMin: usize, accMax: usize): void {
  const inf = f32x4.splat(Infinity);
  const ninf = f32x4.splat(-Infinity);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const a = v128.load(x + o);
    const fa = finite(a);
    v128.store(accMin + o, f32x4.pmin(v128.load(accMin + o), v128.bitselect(a, inf, fa)));
    v128.store(accMax + o, f32x4.pmax(v128.load(accMax + o), v128.bitselect(a, ninf, fa)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    if (v - v != 0) continue;
    if (v < load<f32>(accMin + o)) store<f32>(accMin + o, v);
    if (v > load<f32>(accMax + o)) store<f32>(accMax + o, v);
  }
}

export function minMaxChannels(x: usize, n: i32, channels: i32, inner: i32, c0: i32, p0: i32, expanded: bool, accMin: usize, accMax: usize): void {
  let i = 0;
  if (expanded) {
    const block = channels * inner;
    let j = p0;
    while (i < n) {
      const run = min(block - j, n - i);
      const pj = <usize>j << 2;
      minMaxLanesRun(x + (<usize>i << 2), run, accMin + pj, accMax + pj);
      i += run;
      j = 0;
    }
  } else {
    let c = c0;
    let p = p0;
    while (i < n) {
      const run = min(inner - p, n - i);
      const pc = <usize>c << 2;
      minMaxRun(x + (<usize>i << 2), run, accMin + pc, accMax + pc);
      i += run;
      p = 0;
      if (++c == channels) c = 0;
    }
  }
}
