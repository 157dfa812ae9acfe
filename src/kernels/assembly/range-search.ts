// Calibration range searches over a histogram (f64 counts), mirroring src/kernels/js/range-search.ts
// statement for statement in f64, with the host's Math.log, so both backends pick the same range.

@external('env', 'log')
declare function hostLog(x: f64): f64;

/** Writes [min, max] to out. */
export function percentileRange(counts: usize, bins: i32, lo: f64, hi: f64, percentile: f64, out: usize): void {
  let total: f64 = 0;
  for (let i = 0; i < bins; i++) total += load<f64>(counts + (<usize>i << 3));
  if (bins == 0 || !(hi > lo) || !(total > 0)) {
    store<f64>(out, lo);
    store<f64>(out + 8, hi);
    return;
  }
  const p = min<f64>(100, max<f64>(0, percentile));
  const tail = (total * (100 - p)) / 200;
  const width = (hi - lo) / bins;
  let mn = lo;
  let cum: f64 = 0;
  for (let i = 0; i < bins; i++) {
    const c = load<f64>(counts + (<usize>i << 3));
    if (cum + c > tail) {
      mn = lo + (<f64>i + (tail - cum) / c) * width;
      break;
    }
    cum += c;
  }
  let mx = hi;
  cum = 0;
  for (let i = bins - 1; i >= 0; i--) {
    const c = load<f64>(counts + (<usize>i << 3));
    if (cum + c > tail) {
      mx = lo + (<f64>i + 1 - (tail - cum) / c) * width;
      break;
    }
    cum += c;
  }
  if (mn > mx) {
    const mid = (mn + mx) / 2;
    mn = mid;
    mx = mid;
  }
  store<f64>(out, mn);
  store<f64>(out + 8, mx);
}

/** `scratch` holds 3 · (bins + 1) f64: the prefix sums of the TypeScript twin. */
export function entropyThreshold(counts: usize, bins: i32, hi: f64, levels: f64, scratch: usize): f64 {
  const groups = <i32>Math.floor(levels);
  if (bins == 0 || !(hi > 0) || groups < 1 || groups >= bins) return hi;
  const sum = scratch;
  const sumCLogC = scratch + ((<usize>bins + 1) << 3);
  const nonEmpty = scratch + ((<usize>bins + 1) << 4);
  store<f64>(sum, 0);
  store<f64>(sumCLogC, 0);
  store<f64>(nonEmpty, 0);
  for (let j = 0; j < bins; j++) {
    const o = <usize>j << 3;
    const c = load<f64>(counts + o);
    store<f64>(sum + o + 8, load<f64>(sum + o) + c);
    store<f64>(sumCLogC + o + 8, c > 0 ? load<f64>(sumCLogC + o) + c * hostLog(c) : load<f64>(sumCLogC + o));
    store<f64>(nonEmpty + o + 8, c > 0 ? load<f64>(nonEmpty + o) + 1 : load<f64>(nonEmpty + o));
  }
  const total = load<f64>(sum + (<usize>bins << 3));
  if (!(total > 0)) return hi;
  let best = Infinity;
  let bestI = bins;
  for (let i = groups; i <= bins; i++) {
    const kept = load<f64>(sum + (<usize>i << 3));
    if (!(kept > 0)) continue;
    const outliers = total - kept;
    const lastCount = load<f64>(counts + (<usize>(i - 1) << 3));
    const last = lastCount + outliers;
    let sumPLogPQ = load<f64>(sumCLogC + (<usize>(i - 1) << 3)) + (last > 0 ? last * hostLog(last) : 0);
    for (let g = 0; g < groups; g++) {
      // i64: g · i stays exact for any histogram size.
      const start = <i32>((<i64>g * i + groups - 1) / groups);
      const end = <i32>((<i64>(g + 1) * i + groups - 1) / groups);
      if (end == start) continue;
      const raw = load<f64>(sum + (<usize>end << 3)) - load<f64>(sum + (<usize>start << 3));
      let size = load<f64>(nonEmpty + (<usize>end << 3)) - load<f64>(nonEmpty + (<usize>start << 3));
      let mass = raw;
      if (end == i) {
        mass += outliers;
        if (lastCount == 0 && outliers > 0) size += 1;
      }
      if (!(mass > 0)) continue;
      const q = raw / size;
      if (!(q > 0)) {
        sumPLogPQ = Infinity;
        break;
      }
      sumPLogPQ -= mass * hostLog(q);
    }
    const divergence = sumPLogPQ / total + hostLog(kept / total);
    if (divergence < best) {
      best = divergence;
      bestI = i;
    }
  }
  return <f64>bestI * (hi / bins);
}

/**
 * Writes [min, max] to out; `steps` is MSE_STEPS of the TypeScript twin. Two candidates run side by side
 * in f64x2 lanes (α = k / steps and (k − 1) / steps): each lane does exactly the twin's operations in the
 * twin's order (a skipped `if` is an added +0, which changes nothing), so the picks are identical.
 */
export function mseRange(counts: usize, bins: i32, lo: f64, hi: f64, levels: f64, steps: i32, out: usize): void {
  const low = min<f64>(lo, 0);
  const high = max<f64>(hi, 0);
  if (bins == 0 || !(high > low) || !(hi > lo) || !(levels >= 2)) {
    store<f64>(out, low);
    store<f64>(out + 8, high);
    return;
  }
  const width = (hi - lo) / bins;
  const zero = f64x2.splat(0);
  const three = f64x2.splat(3);
  let best = Infinity;
  let bestAlpha: f64 = 1;
  for (let k = steps; k >= 1; k -= 2) {
    const k1 = max(k - 1, 1); // with an odd count the last pair repeats k = 1, which cannot win twice
    const alpha = f64x2.replace_lane(f64x2.splat(<f64>k / steps), 1, <f64>k1 / steps);
    const mn = f64x2.mul(alpha, f64x2.splat(low));
    const mx = f64x2.mul(alpha, f64x2.splat(high));
    const step = f64x2.div(f64x2.sub(mx, mn), f64x2.splat(levels - 1));
    const noise = f64x2.div(f64x2.mul(step, step), f64x2.splat(12));
    let error = zero;
    for (let j = 0; j < bins; j++) {
      const c = load<f64>(counts + (<usize>j << 3));
      if (c == 0) continue;
      const as = lo + <f64>j * width;
      const a = f64x2.splat(as);
      const b = f64x2.splat(as + width);
      let e = zero;
      // Each branch is taken when either lane needs it; the other lane then adds +0. pmin / pmax (plain
      // compare-and-select) may differ from Math.min / max only in the sign of a zero, which cannot
      // change a term here: it only meets a zero difference, whose term is masked out or is 0 anyway.
      const below = f64x2.lt(a, mn);
      if (v128.any_true(below)) {
        const u = f64x2.pmin(b, mn);
        const term = f64x2.div(f64x2.sub(cube2(f64x2.sub(mn, a)), cube2(f64x2.sub(mn, u))), three);
        e = f64x2.add(e, v128.and(term, below));
      }
      const above = f64x2.gt(b, mx);
      if (v128.any_true(above)) {
        const u = f64x2.pmax(a, mx);
        const term = f64x2.div(f64x2.sub(cube2(f64x2.sub(b, mx)), cube2(f64x2.sub(u, mx))), three);
        e = f64x2.add(e, v128.and(term, above));
      }
      const inside = f64x2.sub(f64x2.pmin(b, mx), f64x2.pmax(a, mn));
      e = f64x2.add(e, v128.and(f64x2.mul(inside, noise), f64x2.gt(inside, zero)));
      error = f64x2.add(error, f64x2.mul(f64x2.splat(c / width), e));
    }
    const e0 = f64x2.extract_lane(error, 0);
    const e1 = f64x2.extract_lane(error, 1);
    if (e0 < best) {
      best = e0;
      bestAlpha = <f64>k / steps;
    }
    if (e1 < best) {
      best = e1;
      bestAlpha = <f64>k1 / steps;
    }
  }
  store<f64>(out, bestAlpha * low);
  store<f64>(out + 8, bestAlpha * high);
}

@inline
function cube2(v: v128): v128 {
  return f64x2.mul(f64x2.mul(v, v), v);
}
