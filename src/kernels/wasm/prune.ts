// Magnitude selection, magnitude masks and N:M masks on the WebAssembly kernels, chunk by chunk.
import {
  HIGH_BINS,
  INFINITY_KEY,
  LOW_BINS,
  bitsOf,
  checkMagnitudeMask,
  checkNm,
  checkSelect,
  keyToFloat,
  pickHighBin,
} from '../js/prune';
import type { ChannelLayout } from '../types';
import { CHUNK, type WasmContext } from './context';

export function selectMagnitudeWasm(
  ctx: WasmContext,
  parts: readonly Float32Array[],
  k: number,
): { threshold: number; below: number } {
  checkSelect(parts, k);
  const stride = HIGH_BINS * 4;
  const heap = ctx.heap.reset();
  const hp = heap.alloc(4 * stride);
  const lp = heap.alloc(LOW_BINS * 4);
  const xp = heap.alloc(CHUNK * 4);
  const v = heap.commit();
  const e = ctx.exports;
  v.u32.fill(0, hp >> 2, (hp >> 2) + 4 * HIGH_BINS);
  for (const p of parts) {
    for (let g = 0; g < p.length; g += CHUNK) {
      const len = Math.min(CHUNK, p.length - g);
      v.f32.set(p.subarray(g, g + len), xp >> 2);
      e.magnitudeHigh(xp, len, hp, stride);
    }
  }
  const high = new Float64Array(HIGH_BINS);
  for (let b = 0, at = hp >> 2; b < HIGH_BINS; b++, at++) {
    high[b] = v.u32[at]! + v.u32[at + HIGH_BINS]! + v.u32[at + 2 * HIGH_BINS]! + v.u32[at + 3 * HIGH_BINS]!;
  }
  const { bin, before } = pickHighBin(high, k);
  v.u32.fill(0, lp >> 2, (lp >> 2) + LOW_BINS);
  for (const p of parts) {
    for (let g = 0; g < p.length; g += CHUNK) {
      const len = Math.min(CHUNK, p.length - g);
      v.f32.set(p.subarray(g, g + len), xp >> 2);
      e.magnitudeLow(xp, len, bin, lp);
    }
  }
  const low = v.u32.subarray(lp >> 2, (lp >> 2) + LOW_BINS);
  const { bin: lowBin, before: lowBefore } = pickHighBin(low, k - before);
  return { threshold: keyToFloat(((bin << 16) | lowBin) >>> 0), below: before + lowBefore };
}

/**
 * The module compares keys, so the threshold must be a float32. Another number t has no ties and prunes
 * exactly the values below the first float32 above it.
 */
function thresholdKey(threshold: number, ties: number): { key: number; ties: number } {
  const f = Math.fround(threshold);
  if (f === threshold) return { key: Math.min(bitsOf(new Float32Array([f]))[0]! & 0x7fffffff, INFINITY_KEY), ties };
  const above = f > threshold ? f : keyToFloat(bitsOf(new Float32Array([f]))[0]! + 1);
  return { key: bitsOf(new Float32Array([above]))[0]! & 0x7fffffff, ties: 0 };
}

export function magnitudeMaskWasm(
  ctx: WasmContext,
  x: Float32Array,
  threshold: number,
  ties: number,
  out: Uint8Array,
): number {
  checkMagnitudeMask(x, ties, out);
  // No magnitude is below a negative or NaN threshold or equal to it (|x| ≥ 0; −0 is handled as 0).
  if (threshold !== threshold || threshold < 0) {
    out.fill(1);
    return 0;
  }
  const t = thresholdKey(threshold, Math.min(ties, x.length));
  const heap = ctx.heap.reset();
  const xp = heap.alloc(CHUNK * 4);
  const op = heap.alloc(CHUNK);
  const v = heap.commit();
  let pruned = 0;
  for (let g = 0; g < x.length; g += CHUNK) {
    const len = Math.min(CHUNK, x.length - g);
    v.f32.set(x.subarray(g, g + len), xp >> 2);
    pruned += ctx.exports.magnitudeMask(xp, op, len, t.key, t.ties - pruned);
    out.set(v.u8.subarray(op, op + len), g);
  }
  return pruned;
}

/**
 * Chunks hold whole outer blocks when a block fits, else runs of whole groups of one block (the m channels
 * of a group are contiguous: m × inner values), else — a group bigger than a chunk — slices of the inner
 * axis of one group, gathered from its m rows. No group is ever split, and the memory stays one chunk.
 */
export function nmMaskWasm(
  ctx: WasmContext,
  x: Float32Array,
  layout: ChannelLayout,
  n: number,
  m: number,
  out: Uint8Array,
): number {
  checkNm(layout, x.length, n, m, out.length);
  const { outer, channels, inner } = layout;
  if (x.length === 0) return 0;
  const heap = ctx.heap.reset();
  const xp = heap.alloc(CHUNK * 4);
  const op = heap.alloc(CHUNK);
  const v = heap.commit();
  const e = ctx.exports;
  const block = channels * inner;
  const group = m * inner;
  let kept = 0;
  const run = (at: number, blocks: number, runChannels: number): void => {
    const len = blocks * runChannels * inner;
    v.f32.set(x.subarray(at, at + len), xp >> 2);
    kept += e.nmMask(xp, op, blocks, runChannels, inner, n, m);
    out.set(v.u8.subarray(op, op + len), at);
  };
  if (block <= CHUNK) {
    const per = Math.floor(CHUNK / block);
    for (let o = 0; o < outer; o += per) run(o * block, Math.min(per, outer - o), channels);
  } else if (group <= CHUNK) {
    const step = Math.floor(CHUNK / group) * m; // channels per chunk, a multiple of m
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < channels; c += step) run(o * block + c * inner, 1, Math.min(step, channels - c));
    }
  } else {
    const slice = Math.floor(CHUNK / m); // m ≤ 256, so at least 64 positions
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < channels; c += m) {
        const rows = Math.min(m, channels - c);
        for (let p = 0; p < inner; p += slice) {
          const len = Math.min(slice, inner - p);
          for (let r = 0; r < rows; r++) {
            const at = o * block + (c + r) * inner + p;
            v.f32.set(x.subarray(at, at + len), (xp >> 2) + r * len);
          }
          kept += e.nmMask(xp, op, 1, rows, len, n, m);
          for (let r = 0; r < rows; r++)
            out.set(v.u8.subarray(op + r * len, op + (r + 1) * len), o * block + (c + r) * inner + p);
        }
      }
    }
  }
  return kept;
}
