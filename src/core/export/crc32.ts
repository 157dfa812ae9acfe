// CRC-32 (IEEE 802.3, the polynomial zip and PNG use), so a firmware author can check the array against
// the file: `crc32 model.tflite` or Python's zlib.crc32 print the same number.
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 of the bytes, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** "0x1c291ca3". */
export function crc32Hex(bytes: Uint8Array): string {
  return `0x${crc32(bytes).toString(16).padStart(8, '0')}`;
}
