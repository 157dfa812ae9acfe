// int4 packing and float16 conversion on the WebAssembly kernels, chunk by chunk.
import { checkInt4, int4Bytes } from '../js/int4';
import { CHUNK, type WasmContext } from './context';
import { bytesOf } from './heap';

export function packInt4Wasm(ctx: WasmContext, q: Int8Array | Uint8Array, out: Uint8Array): void {
  checkInt4('packInt4', q.length, out);
  const heap = ctx.heap.reset();
  const qp = heap.alloc(CHUNK);
  const op = heap.alloc(CHUNK / 2);
  const v = heap.commit();
  const source = bytesOf(q);
  // CHUNK is even, so every chunk but the last starts on a pair; the module packs whole pairs only.
  for (let g = 0; g < q.length; g += CHUNK) {
    const len = Math.min(CHUNK, q.length - g);
    v.u8.set(source.subarray(g, g + len), qp);
    ctx.exports.packInt4(qp, op, len);
    out.set(v.u8.subarray(op, op + (len >> 1)), g >> 1);
  }
  if (q.length % 2 === 1) out[out.length - 1] = q[q.length - 1]! & 0x0f;
}

export function unpackInt4Wasm(
  ctx: WasmContext,
  packed: Uint8Array,
  count: number,
  signed: boolean,
  out: Int8Array | Uint8Array,
): void {
  checkInt4('unpackInt4', count, packed);
  if (out.length !== count) throw new RangeError(`unpackInt4: ${count} values do not fit an output of ${out.length}.`);
  const bytes = int4Bytes(count);
  const step = CHUNK / 2;
  const heap = ctx.heap.reset();
  const pp = heap.alloc(step);
  const op = heap.alloc(CHUNK);
  const v = heap.commit();
  const target = bytesOf(out);
  for (let b = 0; b < bytes; b += step) {
    const len = Math.min(step, bytes - b);
    v.u8.set(packed.subarray(b, b + len), pp);
    ctx.exports.unpackInt4(pp, op, len, signed ? 1 : 0);
    target.set(v.u8.subarray(op, op + Math.min(2 * len, count - 2 * b)), 2 * b);
  }
}

export function float32ToFloat16Wasm(ctx: WasmContext, x: Float32Array, out: Uint16Array): void {
  if (x.length !== out.length)
    throw new RangeError(`float32ToFloat16: ${x.length} values but an output of ${out.length}.`);
  const heap = ctx.heap.reset();
  const xp = heap.alloc(CHUNK * 4);
  const op = heap.alloc(CHUNK * 2);
  const v = heap.commit();
  const target = bytesOf(out);
  for (let g = 0; g < x.length; g += CHUNK) {
    const len = Math.min(CHUNK, x.length - g);
    v.f32.set(x.subarray(g, g + len), xp >> 2);
    ctx.exports.float32ToFloat16(xp, op, len);
    target.set(v.u8.subarray(op, op + 2 * len), 2 * g);
  }
}

export function float16ToFloat32Wasm(ctx: WasmContext, h: Uint16Array, out: Float32Array): void {
  if (h.length !== out.length)
    throw new RangeError(`float16ToFloat32: ${h.length} values but an output of ${out.length}.`);
  const heap = ctx.heap.reset();
  const hp = heap.alloc(CHUNK * 2);
  const op = heap.alloc(CHUNK * 4);
  const v = heap.commit();
  const source = bytesOf(h);
  for (let g = 0; g < h.length; g += CHUNK) {
    const len = Math.min(CHUNK, h.length - g);
    v.u8.set(source.subarray(2 * g, 2 * (g + len)), hp);
    ctx.exports.float16ToFloat32(hp, op, len);
    out.set(v.f32.subarray(op >> 2, (op >> 2) + len), g);
  }
}
