// The WebAssembly quantize kernels against the TypeScript twin: integer outputs and clamped counts bit
// for bit, fake-quantized and dequantized floats too (both compute in float32 the same way).
import { describe, expect, it } from 'vitest';
import { jsKernels, wasmKernels } from '../index';
import { AWKWARD_LENGTHS, describeDifference, testValues } from '../test-support';
import type { ChannelLayout, QuantArray, QuantizeParams, Rounding } from '../types';

const wasm = wasmKernels();
if (!wasm) throw new Error('These tests need WebAssembly SIMD, which Node 20 has.');

type Make = (n: number) => QuantArray;
const TYPES: { name: string; make: Make; qmin: number; qmax: number; zero: number }[] = [
  { name: 'int8', make: (n) => new Int8Array(n), qmin: -128, qmax: 127, zero: -3 },
  { name: 'int8 symmetric', make: (n) => new Int8Array(n), qmin: -127, qmax: 127, zero: 0 },
  { name: 'uint8', make: (n) => new Uint8Array(n), qmin: 0, qmax: 255, zero: 128 },
  { name: 'int4 in int8', make: (n) => new Int8Array(n), qmin: -8, qmax: 7, zero: 0 },
  { name: 'int16', make: (n) => new Int16Array(n), qmin: -32768, qmax: 32767, zero: 7 },
  { name: 'uint16', make: (n) => new Uint16Array(n), qmin: 0, qmax: 65535, zero: 30000 },
  { name: 'int32 (bias)', make: (n) => new Int32Array(n), qmin: -(2 ** 31), qmax: 2 ** 31 - 1, zero: 0 },
  { name: 'int32 narrow range', make: (n) => new Int32Array(n), qmin: -1000, qmax: 1000, zero: 5 },
];
const ROUNDINGS: Rounding[] = ['half-even', 'half-away'];

function perTensor(scale: number, zero: number, qmin: number, qmax: number, rounding: Rounding): QuantizeParams {
  return { scale: new Float32Array([scale]), zeroPoint: new Int32Array([zero]), qmin, qmax, rounding };
}

function perChannel(
  layout: ChannelLayout,
  zero: number,
  qmin: number,
  qmax: number,
  rounding: Rounding,
): QuantizeParams {
  const scale = new Float32Array(layout.channels).map((_, c) => 0.01 * (1 + (c % 7)));
  const zeroPoint = new Int32Array(layout.channels).map((_, c) => Math.min(qmax, Math.max(qmin, zero + (c % 3))));
  return { scale, zeroPoint, layout, qmin, qmax, rounding };
}

function expectSameQuantize(x: Float32Array, params: QuantizeParams, make: Make): void {
  const a = make(x.length);
  const b = make(x.length);
  const clampedJs = jsKernels.quantize(x, params, a);
  expect(wasm!.quantize(x, params, b)).toBe(clampedJs);
  expect(describeDifference(a, b)).toBe('same');
  const fa = new Float32Array(x.length);
  const fb = new Float32Array(x.length);
  expect(wasm!.fakeQuantize(x, params, fb)).toBe(jsKernels.fakeQuantize(x, params, fa));
  expect(describeDifference(fa, fb)).toBe('same');
  const da = new Float32Array(x.length);
  const db = new Float32Array(x.length);
  jsKernels.dequantize(a, params, da);
  wasm!.dequantize(a, params, db);
  expect(describeDifference(da, db)).toBe('same');
}

describe('quantize: WebAssembly equals the TypeScript twin', () => {
  for (const type of TYPES) {
    for (const rounding of ROUNDINGS) {
      it(`${type.name}, ${rounding}, per tensor, awkward lengths, ties and specials`, () => {
        for (const n of AWKWARD_LENGTHS) {
          // Scale 1 makes every x.5 an exact tie; 0.03 spreads ±4 over ±133 steps so int8 clamps.
          expectSameQuantize(testValues(n, n + 1), perTensor(1, type.zero, type.qmin, type.qmax, rounding), type.make);
          expectSameQuantize(
            testValues(n, n + 2, { tieStep: 0.03 }),
            perTensor(0.03, type.zero, type.qmin, type.qmax, rounding),
            type.make,
          );
        }
      });
    }
  }

  const layouts: ChannelLayout[] = [
    { outer: 1, channels: 5, inner: 9 }, // ONNX depthwise 3×3 weights
    { outer: 64, channels: 10, inner: 1 }, // Dense [K, N] on axis 1: inner = 1
    { outer: 700, channels: 24, inner: 1 }, // … spanning chunks
    { outer: 9, channels: 33, inner: 3 },
    { outer: 3, channels: 4, inner: 16 },
    { outer: 2, channels: 3, inner: 7001 }, // runs that cross chunk boundaries
    { outer: 1, channels: 1, inner: 17 },
  ];
  for (const layout of layouts) {
    it(`per channel ${layout.outer}×${layout.channels}×${layout.inner}, every type and rounding`, () => {
      const n = layout.outer * layout.channels * layout.inner;
      const x = testValues(n, n, { spread: 3, tieStep: 0.01 });
      for (const type of TYPES) {
        for (const rounding of ROUNDINGS)
          expectSameQuantize(x, perChannel(layout, type.zero, type.qmin, type.qmax, rounding), type.make);
      }
    });
  }

  it('rounds the textbook ties as each target does', () => {
    const x = new Float32Array([0.5, 1.5, 2.5, -0.5, -2.5, 0.49999997, 16777215, -16777215]);
    const even = new Int32Array(x.length);
    const away = new Int32Array(x.length);
    wasm.quantize(x, perTensor(1, 0, -(2 ** 24) + 1, 2 ** 24 - 1, 'half-even'), even);
    wasm.quantize(x, perTensor(1, 0, -(2 ** 24) + 1, 2 ** 24 - 1, 'half-away'), away);
    expect([...even]).toEqual([0, 2, 2, 0, -2, 0, 16777215, -16777215]);
    expect([...away]).toEqual([1, 2, 3, -1, -3, 0, 16777215, -16777215]);
  });

  it('clamps at qmin/qmax and writes int32 bias beyond 2^24 exactly', () => {
    const x = new Float32Array([1e10, -1e10, 16777218, 33554436, 3e38, -Infinity, NaN, 0.75]);
    const params = perTensor(0.5, 0, -(2 ** 31), 2 ** 31 - 1, 'half-even');
    const a = new Int32Array(x.length);
    const b = new Int32Array(x.length);
    expect(wasm.quantize(x, params, b)).toBe(jsKernels.quantize(x, params, a));
    expect([...b]).toEqual([2 ** 31 - 1, -(2 ** 31), 33554436, 67108872, 2 ** 31 - 1, -(2 ** 31), 0, 2]);
    expect(describeDifference(a, b)).toBe('same');
  });

  it('keeps zero-range channels at their zero point', () => {
    const layout = { outer: 4, channels: 3, inner: 5 };
    const x = new Float32Array(60).map((_, i) => (Math.floor(i / 5) % 3 === 1 ? 0 : i / 7));
    expectSameQuantize(x, perChannel(layout, 0, -127, 127, 'half-away'), (n) => new Int8Array(n));
  });

  it('falls back to the twin for ranges the output type cannot hold (typed-array wrapping)', () => {
    const x = new Float32Array([300, -300, 1]);
    expectSameQuantize(x, perTensor(1, 0, -1000, 1000, 'half-even'), (n) => new Int8Array(n));
  });
});
