// The sums of src/kernels/js/error-stats.ts, in f64 lanes: pairs with a NaN are masked out, an ∞ − ∞
// difference counts as 0. acc holds [count, Σr², Σt², Σr·t, Σd², max|d|] and is updated in place.

export function errorSums(ref: usize, test: usize, n: i32, acc: usize): void {
  let rr = f64x2.splat(0),
    tt = rr,
    rt = rr,
    dd = rr,
    mx = rr;
  let count = i32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    const r4 = v128.load(ref + o);
    const t4 = v128.load(test + o);
    const ok = v128.and(f32x4.eq(r4, r4), f32x4.eq(t4, t4));
    count = i32x4.sub(count, ok);
    const r = v128.and(r4, ok);
    const t = v128.and(t4, ok);
    // low pair
    let a = f64x2.promote_low_f32x4(r);
    let b = f64x2.promote_low_f32x4(t);
    let d = f64x2.sub(a, b);
    d = v128.and(d, f64x2.eq(d, d));
    rr = f64x2.add(rr, f64x2.mul(a, a));
    tt = f64x2.add(tt, f64x2.mul(b, b));
    rt = f64x2.add(rt, f64x2.mul(a, b));
    dd = f64x2.add(dd, f64x2.mul(d, d));
    mx = f64x2.pmax(mx, f64x2.abs(d));
    // high pair
    a = f64x2.promote_low_f32x4(i32x4.shuffle(r, r, 2, 3, 0, 1));
    b = f64x2.promote_low_f32x4(i32x4.shuffle(t, t, 2, 3, 0, 1));
    d = f64x2.sub(a, b);
    d = v128.and(d, f64x2.eq(d, d));
    rr = f64x2.add(rr, f64x2.mul(a, a));
    tt = f64x2.add(tt, f64x2.mul(b, b));
    rt = f64x2.add(rt, f64x2.mul(a, b));
    dd = f64x2.add(dd, f64x2.mul(d, d));
    mx = f64x2.pmax(mx, f64x2.abs(d));
  }
  let sCount = <f64>(
    (i32x4.extract_lane(count, 0) +
      i32x4.extract_lane(count, 1) +
      i32x4.extract_lane(count, 2) +
      i32x4.extract_lane(count, 3))
  );
  let sRR = f64x2.extract_lane(rr, 0) + f64x2.extract_lane(rr, 1);
  let sTT = f64x2.extract_lane(tt, 0) + f64x2.extract_lane(tt, 1);
  let sRT = f64x2.extract_lane(rt, 0) + f64x2.extract_lane(rt, 1);
  let sDD = f64x2.extract_lane(dd, 0) + f64x2.extract_lane(dd, 1);
  let sMax = max<f64>(f64x2.extract_lane(mx, 0), f64x2.extract_lane(mx, 1));
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const r = <f64>load<f32>(ref + o);
    const t = <f64>load<f32>(test + o);
    if (r != r || t != t) continue;
    let d = r - t;
    if (d != d) d = 0;
    sCount += 1;
    sRR += r * r;
    sTT += t * t;
    sRT += r * t;
    sDD += d * d;
    const m = abs<f64>(d);
    if (m > sMax) sMax = m;
  }
  store<f64>(acc, load<f64>(acc) + sCount);
  store<f64>(acc + 8, load<f64>(acc + 8) + sRR);
  store<f64>(acc + 16, load<f64>(acc + 16) + sTT);
  store<f64>(acc + 24, load<f64>(acc + 24) + sRT);
  store<f64>(acc + 32, load<f64>(acc + 32) + sDD);
  store<f64>(acc + 40, max<f64>(load<f64>(acc + 40), sMax));
}
