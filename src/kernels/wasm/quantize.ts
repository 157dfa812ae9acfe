// quantize / fakeQuantize / dequantize on the WebAssembly kernels, chunk by chunk. Returns undefined where
// the TypeScript twin must do the work instead (an integer range the output type cannot hold, which the
// twin wraps as typed arrays do, or a zero point outside [qmin, qmax] on a narrow type).
import { affineLayout, checkQuantRange, checkSameLength } from '../js/checks';
import type { AffineParams, QuantArray, QuantizeParams } from '../types';
import { CHUNK, channelWalk, spreadParams, walkAt, walkParams, type WasmContext } from './context';
import { bytesOf } from './heap';

type IntKind = 'I8' | 'U8' | 'I16' | 'U16' | 'I32';

const KINDS: readonly { kind: IntKind; test: (a: ArrayBufferView) => boolean; min: number; max: number }[] = [
  { kind: 'I8', test: (a) => a instanceof Int8Array, min: -128, max: 127 },
  { kind: 'U8', test: (a) => a instanceof Uint8Array, min: 0, max: 255 },
  { kind: 'I16', test: (a) => a instanceof Int16Array, min: -32768, max: 32767 },
  { kind: 'U16', test: (a) => a instanceof Uint16Array, min: 0, max: 65535 },
  { kind: 'I32', test: (a) => a instanceof Int32Array, min: -(2 ** 31), max: 2 ** 31 - 1 },
];

function kindOf(a: ArrayBufferView): (typeof KINDS)[number] | undefined {
  return KINDS.find((k) => k.test(a));
}

/** Beyond this the float32 fast path is not exact (src/kernels/assembly/quantize.ts). */
const FAST_LIMIT = 2 ** 24;

export function quantizeWasm(
  ctx: WasmContext,
  kernel: string,
  x: Float32Array,
  params: QuantizeParams,
  out: QuantArray | Float32Array,
  fake: boolean,
): number | undefined {
  checkSameLength(kernel, x, out);
  const { outer, channels, inner } = affineLayout(kernel, x.length, params);
  const { scale, zeroPoint, qmin, qmax } = params;
  checkQuantRange(kernel, qmin, qmax);
  const kind = fake ? undefined : kindOf(out);
  if (!fake && (!kind || qmin < kind.min || qmax > kind.max)) return undefined;
  const zerosInside = zeroPoint.every((z) => z >= qmin && z <= qmax);
  const fast = qmin > -FAST_LIMIT && qmax < FAST_LIMIT && zerosInside;
  if (!fast && !(fake || kind?.kind === 'I32')) return undefined;
  const n = x.length;
  if (n === 0) return 0;

  const walk = channelWalk(outer, channels, inner, fast);
  const slots = walkParams(walk);
  const outBytes = fake ? 4 : (out as QuantArray).BYTES_PER_ELEMENT;
  const heap = ctx.heap.reset();
  const sp = heap.alloc(slots * 4);
  const zp = heap.alloc(slots * 4);
  const xp = heap.alloc(CHUNK * 4);
  const op = heap.alloc(CHUNK * outBytes);
  const v = heap.commit();
  spreadParams(walk, scale, v.f32, sp >> 2);
  // The fast path adds the zero point in float32 (exact below 2^24); the wide path reads int32.
  spreadParams(walk, zeroPoint, fast ? v.f32 : v.i32, zp >> 2);

  const e = ctx.exports;
  const halfEven = params.rounding === 'half-even' ? 1 : 0;
  const run = fast ? (fake ? e.fakeQuantize : e[`quantize${kind!.kind}`]) : undefined;
  const target = bytesOf(out);
  let clamped = 0;
  for (let g = 0; g < n; g += CHUNK) {
    const len = Math.min(CHUNK, n - g);
    v.f32.set(x.subarray(g, g + len), xp >> 2);
    const [c0, p0] = walkAt(walk, g);
    clamped += run
      ? run(xp, op, len, channels, inner, c0, p0, walk.expanded ? 1 : 0, sp, zp, qmin, qmax, halfEven)
      : e.quantizeWide(xp, op, len, channels, inner, c0, p0, sp, zp, qmin, qmax, halfEven, fake ? 1 : 0);
    target.set(v.u8.subarray(op, op + len * outBytes), g * outBytes);
  }
  return clamped;
}

export function dequantizeWasm(ctx: WasmContext, q: QuantArray, params: AffineParams, out: Float32Array): boolean {
  checkSameLength('dequantize', q, out);
  const { outer, channels, inner } = affineLayout('dequantize', q.length, params);
  const kind = kindOf(q);
  if (!kind) return false;
  const n = q.length;
  if (n === 0) return true;

  const wide = kind.kind === 'I32';
  const walk = channelWalk(outer, channels, inner, !wide);
  const slots = walkParams(walk);
  const inBytes = q.BYTES_PER_ELEMENT;
  const heap = ctx.heap.reset();
  const sp = heap.alloc(slots * 4);
  const zp = heap.alloc(slots * 4);
  const qp = heap.alloc(CHUNK * inBytes);
  const op = heap.alloc(CHUNK * 4);
  const v = heap.commit();
  spreadParams(walk, params.scale, v.f32, sp >> 2);
  spreadParams(walk, params.zeroPoint, v.i32, zp >> 2);

  const e = ctx.exports;
  const source = bytesOf(q);
  for (let g = 0; g < n; g += CHUNK) {
    const len = Math.min(CHUNK, n - g);
    v.u8.set(source.subarray(g * inBytes, (g + len) * inBytes), qp);
    const [c0, p0] = walkAt(walk, g);
    if (wide) e.dequantizeI32(qp, op, len, channels, inner, c0, p0, sp, zp);
    else
      e[`dequantize${kind.kind as Exclude<IntKind, 'I32'>}`](
        qp,
        op,
        len,
        channels,
        inner,
        c0,
        p0,
        walk.expanded ? 1 : 0,
        sp,
        zp,
      );
    out.set(v.f32.subarray(op >> 2, (op >> 2) + len), g);
  }
  return true;
}
