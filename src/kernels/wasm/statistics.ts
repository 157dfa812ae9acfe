// minMax, histograms and error statistics on the WebAssembly kernels, chunk by chunk, with the
// accumulators kept in linear memory between chunks.
import { statsFromSums } from '../js/error-stats';
import { binFactor, checkPerChannelHistogram } from '../js/histogram';
import { checkLayout, checkSameLength } from '../js/checks';
import type { ChannelLayout, ErrorStats } from '../types';
import { CHUNK, channelWalk, walkAt, walkParams, type ChannelWalk, type WasmContext } from './context';

/** ±∞ left in an accumulator means the channel had no finite value: 0, 0 then; −0 reads as +0. */
function finish(min: number, max: number): [number, number] {
  if (min > max) return [0, 0];
  return [min === 0 ? 0 : min, max === 0 ? 0 : max];
}

function minMaxWalk(
  ctx: WasmContext,
  x: Float32Array,
  walk: ChannelWalk,
): { accMin: Float32Array; accMax: Float32Array } {
  const slots = walkParams(walk);
  const heap = ctx.heap.reset();
  const lo = heap.alloc(slots * 4);
  const hi = heap.alloc(slots * 4);
  const xp = heap.alloc(CHUNK * 4);
  const v = heap.commit();
  v.f32.fill(Infinity, lo >> 2, (lo >> 2) + slots);
  v.f32.fill(-Infinity, hi >> 2, (hi >> 2) + slots);
  for (let g = 0; g < x.length; g += CHUNK) {
    const len = Math.min(CHUNK, x.length - g);
    v.f32.set(x.subarray(g, g + len), xp >> 2);
    const [c0, p0] = walkAt(walk, g);
    ctx.exports.minMaxChannels(xp, len, walk.channels, walk.inner, c0, p0, walk.expanded ? 1 : 0, lo, hi);
  }
  return { accMin: v.f32.slice(lo >> 2, (lo >> 2) + slots), accMax: v.f32.slice(hi >> 2, (hi >> 2) + slots) };
}

export function minMaxWasm(ctx: WasmContext, x: Float32Array): { min: number; max: number } {
  if (x.length === 0) return { min: 0, max: 0 };
  const { accMin, accMax } = minMaxWalk(ctx, x, channelWalk(1, 1, x.length));
  const [min, max] = finish(accMin[0]!, accMax[0]!);
  return { min, max };
}

export function minMaxPerChannelWasm(
  ctx: WasmContext,
  x: Float32Array,
  layout: ChannelLayout,
): { min: Float32Array; max: Float32Array } {
  checkLayout('minMaxPerChannel', x.length, layout);
  const { outer, channels, inner } = layout;
  const min = new Float32Array(channels);
  const max = new Float32Array(channels);
  if (x.length === 0) return { min, max };
  const walk = channelWalk(outer, channels, inner);
  const { accMin, accMax } = minMaxWalk(ctx, x, walk);
  const span = walk.expanded ? inner : 1; // fold the block positions of each channel
  for (let c = 0; c < channels; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = c * span; k < (c + 1) * span; k++) {
      if (accMin[k]! < lo) lo = accMin[k]!;
      if (accMax[k]! > hi) hi = accMax[k]!;
    }
    [min[c], max[c]] = finish(lo, hi);
  }
  return { min, max };
}

export function histogramWasm(
  ctx: WasmContext,
  x: Float32Array,
  lo: number,
  hi: number,
  counts: Float64Array,
  absolute: boolean,
): void {
  const bins = counts.length;
  if (bins === 0 || x.length === 0) return;
  const stride = bins + 1; // one spare bin per copy takes NaN
  const heap = ctx.heap.reset();
  const cp = heap.alloc(4 * stride * 4);
  const xp = heap.alloc(CHUNK * 4);
  const v = heap.commit();
  const at = cp >> 2;
  v.u32.fill(0, at, at + 4 * stride);
  const factor = binFactor(lo, hi, bins);
  for (let g = 0; g < x.length; g += CHUNK) {
    const len = Math.min(CHUNK, x.length - g);
    v.f32.set(x.subarray(g, g + len), xp >> 2);
    ctx.exports.histogram(xp, len, lo, factor, bins - 1, cp, stride * 4, absolute ? 1 : 0);
  }
  for (let b = 0; b < bins; b++) {
    counts[b]! += v.u32[at + b]! + v.u32[at + stride + b]! + v.u32[at + 2 * stride + b]! + v.u32[at + 3 * stride + b]!;
  }
}

export function histogramPerChannelWasm(
  ctx: WasmContext,
  x: Float32Array,
  layout: ChannelLayout,
  lo: Float32Array,
  hi: Float32Array,
  bins: number,
  counts: Float64Array,
): void {
  checkPerChannelHistogram(x, layout, lo, hi, bins, counts);
  const { channels, inner } = layout;
  if (x.length === 0) return;
  const slots = channels * (bins + 1); // one spare bin per channel takes NaN
  const heap = ctx.heap.reset();
  const lows = heap.alloc(channels * 8);
  const factors = heap.alloc(channels * 8);
  const cp = heap.alloc(4 * slots * 4);
  const xp = heap.alloc(CHUNK * 4);
  const v = heap.commit();
  for (let c = 0; c < channels; c++) {
    v.f64[(lows >> 3) + c] = lo[c]!;
    v.f64[(factors >> 3) + c] = binFactor(lo[c]!, hi[c]!, bins);
  }
  const at = cp >> 2;
  v.u32.fill(0, at, at + 4 * slots);
  const walk = channelWalk(1, channels, inner, false);
  for (let g = 0; g < x.length; g += CHUNK) {
    const len = Math.min(CHUNK, x.length - g);
    v.f32.set(x.subarray(g, g + len), xp >> 2);
    const [c0, p0] = walkAt(walk, g);
    ctx.exports.histogramChannels(xp, len, channels, inner, c0, p0, lows, factors, bins, cp, slots * 4);
  }
  for (let c = 0; c < channels; c++) {
    for (let b = 0; b < bins; b++) {
      const s = at + c * (bins + 1) + b;
      counts[c * bins + b]! += v.u32[s]! + v.u32[s + slots]! + v.u32[s + 2 * slots]! + v.u32[s + 3 * slots]!;
    }
  }
}

export function errorStatsWasm(ctx: WasmContext, reference: Float32Array, test: Float32Array): ErrorStats {
  checkSameLength('errorStats', reference, test);
  const heap = ctx.heap.reset();
  const acc = heap.alloc(6 * 8);
  const rp = heap.alloc(CHUNK * 4);
  const tp = heap.alloc(CHUNK * 4);
  const v = heap.commit();
  v.f64.fill(0, acc >> 3, (acc >> 3) + 6);
  for (let g = 0; g < reference.length; g += CHUNK) {
    const len = Math.min(CHUNK, reference.length - g);
    v.f32.set(reference.subarray(g, g + len), rp >> 2);
    v.f32.set(test.subarray(g, g + len), tp >> 2);
    ctx.exports.errorSums(rp, tp, len, acc);
  }
  const s = v.f64.subarray(acc >> 3, (acc >> 3) + 6);
  return statsFromSums({ count: s[0]!, refSq: s[1]!, testSq: s[2]!, dot: s[3]!, diffSq: s[4]!, maxAbs: s[5]! });
}
