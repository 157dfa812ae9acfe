// Min/max of the finite values, per tensor and per channel. NaN and ±Infinity are skipped (types.ts).
import type { ChannelLayout } from '../types';
import { checkLayout } from './checks';

/** -0 and +0 compare equal; report +0 so both backends give the same bits whatever the order. */
const plusZero = (v: number): number => (v === 0 ? 0 : v);

export function minMax(x: Float32Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    // v - v is 0 for finite v and NaN for NaN and ±Infinity.
    if (v - v !== 0) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return { min: 0, max: 0 };
  return { min: plusZero(min), max: plusZero(max) };
}

export function minMaxPerChannel(x: Float32Array, layout: ChannelLayout): { min: Float32Array; max: Float32Array } {
  checkLayout('minMaxPerChannel', x.length, layout);
  const { outer, channels, inner } = layout;
  const min = new Float32Array(channels).fill(Infinity);
  const max = new Float32Array(channels).fill(-Infinity);
  let i = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      let lo = min[c]!;
      let hi = max[c]!;
      for (let k = 0; k < inner; k++, i++) {
        const v = x[i]!;
        if (v - v !== 0) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      min[c] = lo;
      max[c] = hi;
    }
  }
  for (let c = 0; c < channels; c++) {
    if (min[c]! > max[c]!) {
      min[c] = 0;
      max[c] = 0;
    } else {
      min[c] = plusZero(min[c]!);
      max[c] = plusZero(max[c]!);
    }
  }
  return { min, max };
}
