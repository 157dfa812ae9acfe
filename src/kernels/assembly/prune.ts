// Magnitude pruning on the magnitude key of src/kernels/js/prune.ts: the float32 bits & 0x7fffffff,
// clamped to 0x7f800000 so NaN counts as +Infinity. For non-negative floats the bits grow with the value,
// so integer compares of keys are magnitude compares.

const INFINITY_KEY: i32 = 0x7f800000;

@inline
function keysV(v: v128): v128 {
  return i32x4.min_u(v128.and(v, i32x4.splat(0x7fffffff)), i32x4.splat(INFINITY_KEY));
}

@inline
function keyS(bits: u32): u32 {
  return min<u32>(bits & 0x7fffffff, <u32>INFINITY_KEY);
}

@inline
function bump(p: usize): void {
  store<u32>(p, load<u32>(p) + 1);
}

/**
 * First pass of the radix select: counts of key >>> 16 into four u32 histograms `stride` bytes apart
 * (one per lane, so the four increments of a vector never hit the same address).
 */
export function magnitudeHigh(x: usize, n: i32, counts: usize, stride: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const h = i32x4.shr_u(keysV(v128.load(x + (<usize>i << 2))), 16);
    bump(counts + (<usize>i32x4.extract_lane(h, 0) << 2));
    bump(counts + stride + (<usize>i32x4.extract_lane(h, 1) << 2));
    bump(counts + 2 * stride + (<usize>i32x4.extract_lane(h, 2) << 2));
    bump(counts + 3 * stride + (<usize>i32x4.extract_lane(h, 3) << 2));
  }
  for (; i < n; i++) bump(counts + (<usize>(keyS(load<u32>(x + (<usize>i << 2))) >>> 16) << 2));
}

/** Second pass: counts of key & 0xffff among the keys whose high half is `high` (a small share). */
export function magnitudeLow(x: usize, n: i32, high: u32, counts: usize): void {
  const vh = i32x4.splat(high);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const a = keysV(v128.load(x + (<usize>i << 2)));
    const b = keysV(v128.load(x + (<usize>i << 2) + 16));
    const hit = v128.or(i32x4.eq(i32x4.shr_u(a, 16), vh), i32x4.eq(i32x4.shr_u(b, 16), vh));
    if (!v128.any_true(hit)) continue;
    for (let j = i; j < i + 8; j++) {
      const key = keyS(load<u32>(x + (<usize>j << 2)));
      if (key >>> 16 == high) bump(counts + (<usize>(key & 0xffff) << 2));
    }
  }
  for (; i < n; i++) {
    const key = keyS(load<u32>(x + (<usize>i << 2)));
    if (key >>> 16 == high) bump(counts + (<usize>(key & 0xffff) << 2));
  }
}

/**
 * Keep-mask bytes: 0 where key < tkey, 0 for the first (ties − pruned) keys equal to tkey, else 1.
 * Returns how many ties it pruned here. 16 values per step; a step holding a tie while ties remain
 * goes through the scalar loop, so ties are taken in index order.
 */
export function magnitudeMask(x: usize, out: usize, n: i32, tkey: i32, ties: i32): i32 {
  const t = i32x4.splat(tkey);
  const one = i32x4.splat(1);
  let pruned = 0;
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const p = x + (<usize>i << 2);
    const k0 = keysV(v128.load(p));
    const k1 = keysV(v128.load(p + 16));
    const k2 = keysV(v128.load(p + 32));
    const k3 = keysV(v128.load(p + 48));
    if (pruned < ties) {
      const eq = v128.or(v128.or(i32x4.eq(k0, t), i32x4.eq(k1, t)), v128.or(i32x4.eq(k2, t), i32x4.eq(k3, t)));
      if (v128.any_true(eq)) {
        pruned += maskScalar(x + (<usize>i << 2), out + i, 16, tkey, ties - pruned);
        continue;
      }
    }
    const a = i16x8.narrow_i32x4_u(v128.and(i32x4.ge_s(k0, t), one), v128.and(i32x4.ge_s(k1, t), one));
    const b = i16x8.narrow_i32x4_u(v128.and(i32x4.ge_s(k2, t), one), v128.and(i32x4.ge_s(k3, t), one));
    v128.store(out + i, i8x16.narrow_i16x8_u(a, b));
  }
  return pruned + maskScalar(x + (<usize>i << 2), out + i, n - i, tkey, ties - pruned);
}

@inline
function maskScalar(x: usize, out: usize, n: i32, tkey: i32, ties: i32): i32 {
  let pruned = 0;
  for (let i = 0; i < n; i++) {
    const key = <i32>keyS(load<u32>(x + (<usize>i << 2)));
    let keep: u8 = 1;
    if (key < tkey) keep = 0;
    else if (key == tkey && pruned < ties) {
      keep = 0;
      pruned++;
    }
    store<u8>(out + i, keep);
  }
  return pruned;
}

/** Rank-based N:M of one group of `size` keys `inner` apart: keeps rank < n; returns the kept count. */
@inline
function nmGroupScalar(x: usize, out: usize, size: i32, inner: i32, n: i32): i32 {
  let kept = 0;
  for (let j = 0; j < size; j++) {
    const kj = keyS(load<u32>(x + (<usize>(j * inner) << 2)));
    let rank = 0;
    for (let i = 0; i < size; i++) {
      const ki = keyS(load<u32>(x + (<usize>(i * inner) << 2)));
      if (ki > kj || (ki == kj && i < j)) rank++;
    }
    const keep = rank < n ? 1 : 0;
    store<u8>(out + j * inner, <u8>keep);
    kept += keep;
  }
  return kept;
}

/** The same for four neighbouring positions at once (lanes along the inner axis). */
@inline
function nmGroupLanes(x: usize, out: usize, size: i32, inner: i32, n: i32): i32 {
  const vn = i32x4.splat(n);
  const one = i32x4.splat(1);
  let kept = i32x4.splat(0);
  for (let j = 0; j < size; j++) {
    const kj = keysV(v128.load(x + (<usize>(j * inner) << 2)));
    // rank counts −1 per lane that beats j (compare masks are −1), so keep where −rank > −n.
    let rank = i32x4.splat(0);
    for (let i = 0; i < size; i++) {
      if (i == j) continue;
      const ki = keysV(v128.load(x + (<usize>(i * inner) << 2)));
      rank = i32x4.add(rank, i < j ? i32x4.ge_u(ki, kj) : i32x4.gt_u(ki, kj));
    }
    const keep = v128.and(i32x4.gt_s(rank, i32x4.neg(vn)), one);
    kept = i32x4.add(kept, keep);
    const bytes = i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_u(keep, keep), i16x8.narrow_i32x4_u(keep, keep));
    v128.store32_lane(out + j * inner, bytes, 0);
  }
  return i32x4.extract_lane(kept, 0) + i32x4.extract_lane(kept, 1) + i32x4.extract_lane(kept, 2) + i32x4.extract_lane(kept, 3);
}

/** A whole group of four consecutive keys (inner = 1, m = 4: 2:4 on the last axis) in one vector. */
@inline
function nmFour(x: usize, out: usize, n: i32): i32 {
  const a = keysV(v128.load(x));
  // Lane j of rotation r holds key (j + r) mod 4; that index is below j exactly in lanes j ≥ 4 − r.
  const r1 = i32x4.shuffle(a, a, 1, 2, 3, 0);
  const r2 = i32x4.shuffle(a, a, 2, 3, 0, 1);
  const r3 = i32x4.shuffle(a, a, 3, 0, 1, 2);
  const below1 = i32x4(0, 0, 0, -1);
  const below2 = i32x4(0, 0, -1, -1);
  const below3 = i32x4(0, -1, -1, -1);
  let rank = i32x4.add(i32x4.add(i32x4.gt_u(r1, a), i32x4.gt_u(r2, a)), i32x4.gt_u(r3, a));
  rank = i32x4.add(rank, v128.and(i32x4.eq(r1, a), below1));
  rank = i32x4.add(rank, v128.and(i32x4.eq(r2, a), below2));
  rank = i32x4.add(rank, v128.and(i32x4.eq(r3, a), below3));
  const keep = v128.and(i32x4.gt_s(rank, i32x4.splat(-n)), i32x4.splat(1));
  const bytes = i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_u(keep, keep), i16x8.narrow_i32x4_u(keep, keep));
  v128.store32_lane(out, bytes, 0);
  return i32x4.extract_lane(keep, 0) + i32x4.extract_lane(keep, 1) + i32x4.extract_lane(keep, 2) + i32x4.extract_lane(keep, 3);
}

/**
 * N:M keep-mask of `blocks` blocks of [channels, inner] (groups of m along channels; a last partial group
 * of r < m keeps min(n, r)). Returns the kept count.
 */
export function nmMask(x: usize, out: usize, blocks: i32, channels: i32, inner: i32, n: i32, m: i32): i32 {
  let kept = 0;
  const block = channels * inner;
  for (let o = 0; o < blocks; o++) {
    for (let c0 = 0; c0 < channels; c0 += m) {
      const size = min(m, channels - c0);
      const at = o * block + c0 * inner;
      if (inner == 1 && size == 4) {
        kept += nmFour(x + (<usize>at << 2), out + at, n);
        continue;
      }
      let p = 0;
      for (; p + 4 <= inner; p += 4) kept += nmGroupLanes(x + (<usize>(at + p) << 2), out + at + p, size, inner, n);
      for (; p < inner; p++) kept += nmGroupScalar(x + (<usize>(at + p) << 2), out + at + p, size, inner, n);
    }
  }
  return kept;
}
