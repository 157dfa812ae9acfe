// 4-bit packing: two values per byte, element 2k in the low nibble, 2k + 1 in the high one (ONNX int4 and
// TFLite's packed int4 both use this order). An odd count leaves the last high nibble zero.

/** Bytes that hold `count` packed 4-bit values. */
export const int4Bytes = (count: number): number => Math.ceil(count / 2);

export function checkInt4(kernel: string, count: number, packed: Uint8Array): void {
  if (packed.length !== int4Bytes(count)) {
    throw new RangeError(`${kernel}: ${count} 4-bit values take ${int4Bytes(count)} bytes, not ${packed.length}.`);
  }
}

export function packInt4(q: Int8Array | Uint8Array, out: Uint8Array): void {
  checkInt4('packInt4', q.length, out);
  const pairs = q.length >> 1;
  for (let k = 0; k < pairs; k++) out[k] = (q[2 * k]! & 0x0f) | ((q[2 * k + 1]! & 0x0f) << 4);
  if (q.length % 2 === 1) out[pairs] = q[q.length - 1]! & 0x0f;
}

export function unpackInt4(packed: Uint8Array, count: number, signed: boolean, out: Int8Array | Uint8Array): void {
  checkInt4('unpackInt4', count, packed);
  if (out.length !== count) throw new RangeError(`unpackInt4: ${count} values do not fit an output of ${out.length}.`);
  for (let i = 0; i < count; i++) {
    const byte = packed[i >> 1]!;
    const nibble = i % 2 === 0 ? byte & 0x0f : byte >> 4;
    // A signed nibble is two's complement: 8…15 stand for −8…−1.
    out[i] = signed && nibble > 7 ? nibble - 16 : nibble;
  }
}
