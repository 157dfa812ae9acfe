// The calibration range searches on the WebAssembly kernels: the histogram is copied in once and the
// search loops (O(bins · levels) for entropy, O(steps · bins) for MSE) run in the module.
import { MSE_STEPS } from '../js/range-search';
import type { WasmContext } from './context';

function withCounts<T>(
  ctx: WasmContext,
  counts: Float64Array,
  scratch: number,
  work: (cp: number, sp: number, out: number, f64: Float64Array) => T,
): T {
  const heap = ctx.heap.reset();
  const cp = heap.alloc(counts.length * 8);
  const sp = heap.alloc(scratch * 8);
  const out = heap.alloc(16);
  const v = heap.commit();
  v.f64.set(counts, cp >> 3);
  return work(cp, sp, out, v.f64);
}

export function percentileRangeWasm(
  ctx: WasmContext,
  counts: Float64Array,
  lo: number,
  hi: number,
  percentile: number,
): { min: number; max: number } {
  return withCounts(ctx, counts, 0, (cp, _sp, out, f64) => {
    ctx.exports.percentileRange(cp, counts.length, lo, hi, percentile, out);
    return { min: f64[out >> 3]!, max: f64[(out >> 3) + 1]! };
  });
}

export function entropyThresholdWasm(ctx: WasmContext, counts: Float64Array, hi: number, levels: number): number {
  return withCounts(ctx, counts, 3 * (counts.length + 1), (cp, sp) =>
    ctx.exports.entropyThreshold(cp, counts.length, hi, levels, sp),
  );
}

export function mseRangeWasm(
  ctx: WasmContext,
  counts: Float64Array,
  lo: number,
  hi: number,
  levels: number,
): { min: number; max: number } {
  return withCounts(ctx, counts, 0, (cp, _sp, out, f64) => {
    ctx.exports.mseRange(cp, counts.length, lo, hi, levels, MSE_STEPS, out);
    return { min: f64[out >> 3]!, max: f64[(out >> 3) + 1]! };
  });
}
