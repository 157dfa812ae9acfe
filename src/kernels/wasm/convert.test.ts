// int4 packing and float16 conversion: the WebAssembly backend against the TypeScript twin, bit for bit.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/util/random';
import { jsKernels, wasmKernels } from '../index';
import { AWKWARD_LENGTHS, describeDifference, testValues } from '../test-support';

const wasm = wasmKernels();
if (!wasm) throw new Error('These tests need WebAssembly SIMD, which Node 20 has.');

describe('conversions: WebAssembly equals the TypeScript twin', () => {
  it('packs and unpacks int4 (signed and unsigned, odd counts) and round-trips', () => {
    for (const n of AWKWARD_LENGTHS) {
      const random = seededRandom(n);
      const signed = new Int8Array(n).map(() => Math.floor(random() * 16) - 8);
      const unsigned = new Uint8Array(n).map(() => Math.floor(random() * 16));
      for (const [q, isSigned] of [
        [signed, true],
        [unsigned, false],
      ] as const) {
        const a = new Uint8Array(Math.ceil(n / 2));
        const b = new Uint8Array(Math.ceil(n / 2));
        jsKernels.packInt4(q, a);
        wasm.packInt4(q, b);
        expect(describeDifference(a, b)).toBe('same');
        const back = isSigned ? new Int8Array(n) : new Uint8Array(n);
        wasm.unpackInt4(b, n, isSigned, back);
        expect(describeDifference(q, back)).toBe('same');
      }
    }
  });

  it('float32 → float16: subnormals, overflow, NaN, ties — the same bits', () => {
    const edge = new Float32Array([
      65504,
      65519.996,
      65520,
      1e6,
      -1e6,
      Infinity,
      -Infinity,
      NaN,
      -NaN,
      0,
      -0,
      2 ** -24,
      2 ** -25,
      3 * 2 ** -25,
      2 ** -14,
      2 ** -14 - 2 ** -25,
      1 + 2 ** -11,
      1 + 3 * 2 ** -11,
      1e-45,
      5.960464477539063e-8,
      6.097555160522461e-5,
    ]);
    const cases = [
      edge,
      ...AWKWARD_LENGTHS.map((n) => testValues(n, 50 + n, { spread: 70000 })),
      testValues(1000, 7, { spread: 1e-5 }),
    ];
    for (const x of cases) {
      const a = new Uint16Array(x.length);
      const b = new Uint16Array(x.length);
      jsKernels.float32ToFloat16(x, a);
      wasm.float32ToFloat16(x, b);
      expect(describeDifference(a, b)).toBe('same');
    }
    // A NaN with its sign bit set keeps it.
    const negativeNaN = new Float32Array(new Uint32Array([0xffc00000]).buffer);
    const h = new Uint16Array(1);
    wasm.float32ToFloat16(negativeNaN, h);
    expect(h[0]).toBe(0xfe00);
  });

  it('float16 → float32 for every one of the 65,536 patterns', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const a = new Float32Array(all.length);
    const b = new Float32Array(all.length);
    jsKernels.float16ToFloat32(all, a);
    wasm.float16ToFloat32(all, b);
    expect(describeDifference(a, b)).toBe('same');
    // and back: every non-NaN pattern round-trips exactly
    const back = new Uint16Array(all.length);
    wasm.float32ToFloat16(b, back);
    const wrong = all.filter((h, i) => !Number.isNaN(b[i]) && back[i] !== h);
    expect(wrong.length).toBe(0);
  });
});
