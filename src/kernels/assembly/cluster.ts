// The passes of kmeans1d over x (src/kernels/js/cluster.ts drives them). The bin of a finite value is
// floor((v − lo) · factor) in f64, clamped to [0, last] (NaN offsets to 0) — the twin's arithmetic — and
// every float64 sum adds in the twin's order, so both give the same bits.
const LAST: i32 = 65535;

/** Bins of four values (non-finite lanes get some bin; the callers skip them). */
@inline
function binsOf(v: v128, lo: v128, factor: v128): v128 {
  const zero = f64x2.splat(0);
  const last = f64x2.splat(<f64>LAST);
  const a = f64x2.floor(f64x2.mul(f64x2.sub(f64x2.promote_low_f32x4(v), lo), factor));
  const b = f64x2.floor(f64x2.mul(f64x2.sub(f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)), lo), factor));
  const ia = i32x4.trunc_sat_f64x2_s_zero(f64x2.pmin(f64x2.pmax(zero, a), last));
  const ib = i32x4.trunc_sat_f64x2_s_zero(f64x2.pmin(f64x2.pmax(zero, b), last));
  return i32x4.shuffle(ia, ib, 0, 1, 4, 5);
}

@inline
function binS(v: f64, lo: f64, factor: f64): i32 {
  const t = Math.floor((v - lo) * factor);
  return t >= 0 ? (t > <f64>LAST ? LAST : <i32>t) : 0;
}

/** Lanes holding a finite value (v − v is 0). */
@inline
function finiteV(v: v128): v128 {
  return f32x4.eq(f32x4.sub(v, v), f32x4.splat(0));
}

@inline
function addToBin(v: f32, b: i32, counts: usize, sums: usize): void {
  const c = counts + (<usize>b << 2);
  store<u32>(c, load<u32>(c) + 1);
  const s = sums + (<usize>b << 3);
  store<f64>(s, load<f64>(s) + <f64>v);
}

/** Adds each finite value to the u32 count and f64 sum of its bin. */
export function kmeansHistogram(x: usize, n: i32, lo: f64, factor: f64, counts: usize, sums: usize): void {
  const vlo = f64x2.splat(lo);
  const vf = f64x2.splat(factor);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const b = binsOf(v, vlo, vf);
    if (i32x4.all_true(finiteV(v))) {
      addToBin(f32x4.extract_lane(v, 0), i32x4.extract_lane(b, 0), counts, sums);
      addToBin(f32x4.extract_lane(v, 1), i32x4.extract_lane(b, 1), counts, sums);
      addToBin(f32x4.extract_lane(v, 2), i32x4.extract_lane(b, 2), counts, sums);
      addToBin(f32x4.extract_lane(v, 3), i32x4.extract_lane(b, 3), counts, sums);
      continue;
    }
    for (let j = i; j < i + 4; j++) {
      const s = load<f32>(x + (<usize>j << 2));
      if (s - s == 0) addToBin(s, binS(s, lo, factor), counts, sums);
    }
  }
  for (; i < n; i++) {
    const s = load<f32>(x + (<usize>i << 2));
    if (s - s == 0) addToBin(s, binS(s, lo, factor), counts, sums);
  }
}

@inline
function gatherOne(v: f32, finite: i32, b: i32, active: usize, out: usize, got: i32): i32 {
  // Branch-free: write the value, advance only past the ones that count.
  store<f32>(out + (<usize>got << 2), v);
  return got + (finite & <i32>load<u8>(active + b));
}

/** Copies the finite values whose bin is marked in `active` (bytes) to out, in order; returns how many. */
export function kmeansGather(x: usize, n: i32, lo: f64, factor: f64, active: usize, out: usize): i32 {
  const vlo = f64x2.splat(lo);
  const vf = f64x2.splat(factor);
  const one = i32x4.splat(1);
  let got = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const b = binsOf(v, vlo, vf);
    const fin = v128.and(finiteV(v), one);
    got = gatherOne(f32x4.extract_lane(v, 0), i32x4.extract_lane(fin, 0), i32x4.extract_lane(b, 0), active, out, got);
    got = gatherOne(f32x4.extract_lane(v, 1), i32x4.extract_lane(fin, 1), i32x4.extract_lane(b, 1), active, out, got);
    got = gatherOne(f32x4.extract_lane(v, 2), i32x4.extract_lane(fin, 2), i32x4.extract_lane(b, 2), active, out, got);
    got = gatherOne(f32x4.extract_lane(v, 3), i32x4.extract_lane(fin, 3), i32x4.extract_lane(b, 3), active, out, got);
  }
  for (; i < n; i++) {
    const s = load<f32>(x + (<usize>i << 2));
    if (s - s == 0 && load<u8>(active + binS(s, lo, factor))) {
      store<f32>(out + (<usize>got << 2), s);
      got++;
    }
  }
  return got;
}

/**
 * Nearest centroid of every value (see assignTables in the twin): start at the bin's lower bound in
 * `table`, step past the mids below the value, then take the first of a run of equal centroids. Adds each
 * cluster's count and sum, and the squared distance, to the accumulators of the value's lane (index mod 4:
 * counts4 / sums4 at lane·k + j, inertia4[lane]; f64), in index order within each lane — four independent
 * chains of additions, the same ones the twin makes. NaN and −∞ go to 0, +∞ to `infinityIndex`, none of
 * them counted. n is a multiple of 4 except in the last chunk.
 */
export function kmeansAssign(
  x: usize,
  n: i32,
  lo: f64,
  factor: f64,
  table: usize,
  mids: usize,
  top: i32,
  canon: usize,
  centroids: usize,
  k: i32,
  infinityIndex: i32,
  indices: usize,
  counts4: usize,
  sums4: usize,
  inertia4: usize,
): void {
  const vlo = f64x2.splat(lo);
  const vf = f64x2.splat(factor);
  const laneBytes = <usize>k << 3;
  let e0 = load<f64>(inertia4);
  let e1 = load<f64>(inertia4, 8);
  let e2 = load<f64>(inertia4, 16);
  let e3 = load<f64>(inertia4, 24);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const b = binsOf(v, vlo, vf);
    if (!i32x4.all_true(finiteV(v))) {
      e0 = assignOne(x, i, binS(load<f32>(x + (<usize>i << 2)), lo, factor), table, mids, top, canon, centroids, infinityIndex, indices, counts4, sums4, e0);
      e1 = assignOne(x, i + 1, binS(load<f32>(x + (<usize>(i + 1) << 2)), lo, factor), table, mids, top, canon, centroids, infinityIndex, indices, counts4 + laneBytes, sums4 + laneBytes, e1);
      e2 = assignOne(x, i + 2, binS(load<f32>(x + (<usize>(i + 2) << 2)), lo, factor), table, mids, top, canon, centroids, infinityIndex, indices, counts4 + 2 * laneBytes, sums4 + 2 * laneBytes, e2);
      e3 = assignOne(x, i + 3, binS(load<f32>(x + (<usize>(i + 3) << 2)), lo, factor), table, mids, top, canon, centroids, infinityIndex, indices, counts4 + 3 * laneBytes, sums4 + 3 * laneBytes, e3);
      continue;
    }
    e0 = assignOne(x, i, i32x4.extract_lane(b, 0), table, mids, top, canon, centroids, infinityIndex, indices, counts4, sums4, e0);
    e1 = assignOne(x, i + 1, i32x4.extract_lane(b, 1), table, mids, top, canon, centroids, infinityIndex, indices, counts4 + laneBytes, sums4 + laneBytes, e1);
    e2 = assignOne(x, i + 2, i32x4.extract_lane(b, 2), table, mids, top, canon, centroids, infinityIndex, indices, counts4 + 2 * laneBytes, sums4 + 2 * laneBytes, e2);
    e3 = assignOne(x, i + 3, i32x4.extract_lane(b, 3), table, mids, top, canon, centroids, infinityIndex, indices, counts4 + 3 * laneBytes, sums4 + 3 * laneBytes, e3);
  }
  // The tail starts on lane 0: it is the end of x (every other chunk is a multiple of 4 long).
  if (i < n) e0 = assignOne(x, i, binS(load<f32>(x + (<usize>i << 2)), lo, factor), table, mids, top, canon, centroids, infinityIndex, indices, counts4, sums4, e0);
  if (i + 1 < n) e1 = assignOne(x, i + 1, binS(load<f32>(x + (<usize>(i + 1) << 2)), lo, factor), table, mids, top, canon, centroids, infinityIndex, indices, counts4 + laneBytes, sums4 + laneBytes, e1);
  if (i + 2 < n) e2 = assignOne(x, i + 2, binS(load<f32>(x + (<usize>(i + 2) << 2)), lo, factor), table, mids, top, canon, centroids, infinityIndex, indices, counts4 + 2 * laneBytes, sums4 + 2 * laneBytes, e2);
  store<f64>(inertia4, e0);
  store<f64>(inertia4, e1, 8);
  store<f64>(inertia4, e2, 16);
  store<f64>(inertia4, e3, 24);
}

@inline
function assignOne(
  x: usize,
  i: i32,
  bin: i32,
  table: usize,
  mids: usize,
  top: i32,
  canon: usize,
  centroids: usize,
  infinityIndex: i32,
  indices: usize,
  counts: usize,
  sums: usize,
  inertia: f64,
): f64 {
  const s = load<f32>(x + (<usize>i << 2));
  if (s - s != 0) {
    store<u8>(indices + i, s == Infinity ? infinityIndex : 0);
    return inertia;
  }
  const v = <f64>s;
  let j = <i32>load<u8>(table + bin);
  while (j < top && v > load<f64>(mids + (<usize>j << 3))) j++;
  j = <i32>load<u8>(canon + j);
  store<u8>(indices + i, <u8>j);
  const c = counts + (<usize>j << 3);
  store<f64>(c, load<f64>(c) + 1);
  const p = sums + (<usize>j << 3);
  store<f64>(p, load<f64>(p) + v);
  const d = v - load<f64>(centroids + (<usize>j << 3));
  return inertia + d * d;
}
