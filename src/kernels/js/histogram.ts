// Histograms with equal bins, accumulated into Float64Array counts so they can be built batch by batch.
// The bin of x is floor((x − lo) · bins / (hi − lo)) in double precision, clamped to the first and last
// bin; NaN is skipped. Both backends compute exactly this, so their counts agree bit for bit.
import type { ChannelLayout } from '../types';
import { checkLayout } from './checks';

/** bins / (hi − lo): the factor from a value's offset to its bin (Infinity when the range is empty). */
export function binFactor(lo: number, hi: number, bins: number): number {
  return hi > lo ? bins / (hi - lo) : Infinity;
}

/** The bin of one value, or −1 for NaN. NaN offsets (x = lo when the range is empty) go to bin 0. */
export function binOf(v: number, lo: number, factor: number, last: number): number {
  if (v !== v) return -1;
  const b = Math.floor((v - lo) * factor);
  if (!(b >= 0)) return 0;
  return b > last ? last : b;
}

export function histogram(x: Float32Array, lo: number, hi: number, counts: Float64Array): void {
  const last = counts.length - 1;
  if (last < 0) return;
  const factor = binFactor(lo, hi, counts.length);
  for (let i = 0; i < x.length; i++) {
    const b = binOf(x[i]!, lo, factor, last);
    if (b >= 0) counts[b]!++;
  }
}

export function absHistogram(x: Float32Array, hi: number, counts: Float64Array): void {
  const last = counts.length - 1;
  if (last < 0) return;
  const factor = binFactor(0, hi, counts.length);
  for (let i = 0; i < x.length; i++) {
    const b = binOf(Math.abs(x[i]!), 0, factor, last);
    if (b >= 0) counts[b]!++;
  }
}

export function checkPerChannelHistogram(
  x: Float32Array,
  layout: ChannelLayout,
  lo: Float32Array,
  hi: Float32Array,
  bins: number,
  counts: Float64Array,
): void {
  checkLayout('histogramPerChannel', x.length, layout);
  if (lo.length !== layout.channels || hi.length !== layout.channels) {
    throw new RangeError(
      `histogramPerChannel: ${layout.channels} channels but ${lo.length} lower and ${hi.length} upper bounds.`,
    );
  }
  if (!Number.isInteger(bins) || bins < 1 || counts.length !== layout.channels * bins) {
    throw new RangeError(
      `histogramPerChannel: ${layout.channels} channels of ${bins} bins need ${layout.channels * bins} counts, not ${counts.length}.`,
    );
  }
}

export function histogramPerChannel(
  x: Float32Array,
  layout: ChannelLayout,
  lo: Float32Array,
  hi: Float32Array,
  bins: number,
  counts: Float64Array,
): void {
  checkPerChannelHistogram(x, layout, lo, hi, bins, counts);
  const { outer, channels, inner } = layout;
  const last = bins - 1;
  let i = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const low = lo[c]!;
      const factor = binFactor(low, hi[c]!, bins);
      const base = c * bins;
      for (let k = 0; k < inner; k++, i++) {
        const b = binOf(x[i]!, low, factor, last);
        if (b >= 0) counts[base + b]!++;
      }
    }
  }
}
