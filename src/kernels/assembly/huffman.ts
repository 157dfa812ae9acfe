// Symbol counts and Huffman code lengths, the algorithm of src/kernels/js/huffman.ts step for step (leaves
// sorted by (count, symbol), two queues, a leaf first on equal weights), so both build the same tree.

/** Byte frequencies into four u32 histograms `stride` bytes apart (one per lane of four). */
export function countSymbols(symbols: usize, n: i32, counts: usize, stride: usize): void {
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const v = v128.load(symbols + i);
    // Unrolled by lane: a constant lane index is what extract_lane takes.
    bumpLane(counts, i8x16.extract_lane_u(v, 0));
    bumpLane(counts + stride, i8x16.extract_lane_u(v, 1));
    bumpLane(counts + 2 * stride, i8x16.extract_lane_u(v, 2));
    bumpLane(counts + 3 * stride, i8x16.extract_lane_u(v, 3));
    bumpLane(counts, i8x16.extract_lane_u(v, 4));
    bumpLane(counts + stride, i8x16.extract_lane_u(v, 5));
    bumpLane(counts + 2 * stride, i8x16.extract_lane_u(v, 6));
    bumpLane(counts + 3 * stride, i8x16.extract_lane_u(v, 7));
    bumpLane(counts, i8x16.extract_lane_u(v, 8));
    bumpLane(counts + stride, i8x16.extract_lane_u(v, 9));
    bumpLane(counts + 2 * stride, i8x16.extract_lane_u(v, 10));
    bumpLane(counts + 3 * stride, i8x16.extract_lane_u(v, 11));
    bumpLane(counts, i8x16.extract_lane_u(v, 12));
    bumpLane(counts + stride, i8x16.extract_lane_u(v, 13));
    bumpLane(counts + 2 * stride, i8x16.extract_lane_u(v, 14));
    bumpLane(counts + 3 * stride, i8x16.extract_lane_u(v, 15));
  }
  for (; i < n; i++) bumpLane(counts, load<u8>(symbols + i));
}

@inline
function bumpLane(counts: usize, symbol: u32): void {
  const p = counts + (<usize>symbol << 2);
  store<u32>(p, load<u32>(p) + 1);
}

/**
 * Code lengths of `size` symbols with f64 counts into out (bytes). Scratch: 512 i32 for the leaf order,
 * 511 f64 weights, 511 i32 parents and 511 i32 depths, in that order (16-byte aligned by the host).
 */
export function huffmanLengths(counts: usize, size: i32, out: usize, scratch: usize): void {
  const order = scratch;
  const weight = order + 512 * 4;
  const parent = weight + 512 * 8;
  const depth = parent + 512 * 4;
  let n = 0;
  for (let s = 0; s < size; s++) {
    store<u8>(out + s, 0);
    if (load<f64>(counts + (<usize>s << 3)) > 0) {
      // Insertion by (count, symbol): symbols arrive in order, so equal counts stay in symbol order.
      const c = load<f64>(counts + (<usize>s << 3));
      let at = n;
      while (at > 0 && load<f64>(counts + (<usize>load<i32>(order + (<usize>(at - 1) << 2)) << 3)) > c) {
        store<i32>(order + (<usize>at << 2), load<i32>(order + (<usize>(at - 1) << 2)));
        at--;
      }
      store<i32>(order + (<usize>at << 2), s);
      n++;
    }
  }
  if (n == 0) return;
  if (n == 1) {
    store<u8>(out + load<i32>(order), 1);
    return;
  }
  for (let i = 0; i < n; i++) store<f64>(weight + (<usize>i << 3), load<f64>(counts + (<usize>load<i32>(order + (<usize>i << 2)) << 3)));
  let leaf = 0;
  let merged = n;
  for (let next = n; next < 2 * n - 1; next++) {
    let a: i32;
    let b: i32;
    if (leaf < n && (merged >= next || load<f64>(weight + (<usize>leaf << 3)) <= load<f64>(weight + (<usize>merged << 3)))) a = leaf++;
    else a = merged++;
    if (leaf < n && (merged >= next || load<f64>(weight + (<usize>leaf << 3)) <= load<f64>(weight + (<usize>merged << 3)))) b = leaf++;
    else b = merged++;
    store<f64>(weight + (<usize>next << 3), load<f64>(weight + (<usize>a << 3)) + load<f64>(weight + (<usize>b << 3)));
    store<i32>(parent + (<usize>a << 2), next);
    store<i32>(parent + (<usize>b << 2), next);
  }
  store<i32>(depth + (<usize>(2 * n - 2) << 2), 0);
  for (let i = 2 * n - 3; i >= 0; i--) {
    store<i32>(depth + (<usize>i << 2), load<i32>(depth + (<usize>load<i32>(parent + (<usize>i << 2)) << 2)) + 1);
  }
  for (let i = 0; i < n; i++) store<u8>(out + load<i32>(order + (<usize>i << 2)), <u8>load<i32>(depth + (<usize>i << 2)));
}
