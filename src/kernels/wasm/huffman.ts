// Symbol counts and Huffman code lengths on the WebAssembly kernels.
import { checkCountSymbols, checkHuffman, codedBits } from '../js/huffman';
import { CHUNK, type WasmContext } from './context';

export function countSymbolsWasm(ctx: WasmContext, symbols: Uint8Array, counts: Float64Array): void {
  checkCountSymbols(counts);
  const heap = ctx.heap.reset();
  const cp = heap.alloc(4 * 256 * 4);
  const sp = heap.alloc(CHUNK);
  const v = heap.commit();
  const at = cp >> 2;
  v.u32.fill(0, at, at + 4 * 256);
  for (let g = 0; g < symbols.length; g += CHUNK) {
    const len = Math.min(CHUNK, symbols.length - g);
    v.u8.set(symbols.subarray(g, g + len), sp);
    ctx.exports.countSymbols(sp, len, cp, 256 * 4);
  }
  for (let s = 0; s < 256; s++)
    counts[s]! += v.u32[at + s]! + v.u32[at + 256 + s]! + v.u32[at + 512 + s]! + v.u32[at + 768 + s]!;
}

export function huffmanLengthsWasm(ctx: WasmContext, counts: Float64Array, out: Uint8Array): number {
  checkHuffman(counts, out);
  const size = counts.length;
  const heap = ctx.heap.reset();
  const cp = heap.alloc(size * 8);
  const op = heap.alloc(size);
  const scratch = heap.alloc(512 * (4 + 8 + 4 + 4));
  const v = heap.commit();
  v.f64.set(counts, cp >> 3);
  ctx.exports.huffmanLengths(cp, size, op, scratch);
  out.set(v.u8.subarray(op, op + size));
  return codedBits(counts, out);
}
