import { describe, expect, it } from 'vitest';
import { jsKernels as k } from './index';

describe('int4 packing (js)', () => {
  it('puts element 2k in the low nibble and round-trips signed values with an odd count', () => {
    const q = new Int8Array([1, -1, -8, 7, 3]);
    const packed = new Uint8Array(3);
    k.packInt4(q, packed);
    expect([...packed]).toEqual([0xf1, 0x78, 0x03]);
    const back = new Int8Array(5);
    k.unpackInt4(packed, 5, true, back);
    expect([...back]).toEqual([1, -1, -8, 7, 3]);
  });
  it('unpacks unsigned nibbles', () => {
    const out = new Uint8Array(2);
    k.unpackInt4(new Uint8Array([0xf1]), 2, false, out);
    expect([...out]).toEqual([1, 15]);
  });
  it('rejects a packed buffer of the wrong size', () => {
    expect(() => k.packInt4(new Int8Array(3), new Uint8Array(1))).toThrow(RangeError);
  });
});
