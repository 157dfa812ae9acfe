// 4-bit packing, element 2k in the low nibble of byte k (as src/kernels/js/int4.ts).

/** Packs n values (n even here; the host handles an odd last value) into n / 2 bytes. */
export function packInt4(q: usize, out: usize, n: i32): void {
  const pairs = n >> 1;
  const low = i8x16.splat(0x0f);
  let k = 0;
  for (; k + 16 <= pairs; k += 16) {
    const a = v128.load(q + ((<usize>k) << 1));
    const b = v128.load(q + ((<usize>k) << 1) + 16);
    const even = i8x16.shuffle(a, b, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const odd = i8x16.shuffle(a, b, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    v128.store(out + k, v128.or(v128.and(even, low), i8x16.shl(odd, 4)));
  }
  for (; k < pairs; k++) {
    const e = load<u8>(q + ((<usize>k) << 1));
    const o = load<u8>(q + ((<usize>k) << 1) + 1);
    store<u8>(out + k, (e & 0x0f) | ((o & 0x0f) << 4));
  }
}

/** Unpacks 2 · bytes values from `bytes` bytes. */
export function unpackInt4(packed: usize, out: usize, bytes: i32, signed: bool): void {
  const low = i8x16.splat(0x0f);
  let k = 0;
  for (; k + 16 <= bytes; k += 16) {
    const p = v128.load(packed + k);
    // Two's complement nibbles: move the nibble to the top of the byte, shift back arithmetically.
    const lo = signed ? i8x16.shr_s(i8x16.shl(p, 4), 4) : v128.and(p, low);
    const hi = signed ? i8x16.shr_s(p, 4) : i8x16.shr_u(p, 4);
    v128.store(out + ((<usize>k) << 1), i8x16.shuffle(lo, hi, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23));
    v128.store(
      out + ((<usize>k) << 1) + 16,
      i8x16.shuffle(lo, hi, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31),
    );
  }
  for (; k < bytes; k++) {
    const b = load<u8>(packed + k);
    const lo = <i32>(b & 0x0f);
    const hi = <i32>(b >> 4);
    store<u8>(out + ((<usize>k) << 1), signed && lo > 7 ? lo - 16 : lo);
    store<u8>(out + ((<usize>k) << 1) + 1, signed && hi > 7 ? hi - 16 : hi);
  }
}
