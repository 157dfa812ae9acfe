// Magnitude pruning: selecting the k-th smallest |x| over several tensors, the keep-mask it implies, and
// N:M semi-structured masks.
//
// Magnitudes are compared through their IEEE bits: for a non-negative float32 the bit pattern read as an
// unsigned integer grows with the value, so |x| has the key bits & 0x7fffffff, and clamping the key to
// 0x7f800000 (the bits of +Infinity) makes every NaN count as +Infinity, as types.ts asks. The selection
// is then a two-pass radix select on that 31-bit key (15 high bits, then 16 low bits): O(n), no sort.
import type { ChannelLayout } from '../types';
import { checkLayout, checkSameLength } from './checks';

/** The key of +Infinity; NaN keys are clamped to it. */
export const INFINITY_KEY = 0x7f800000;
/** Bins of the first pass (key >>> 16 is at most 0x7f80). */
export const HIGH_BINS = (INFINITY_KEY >>> 16) + 1;
export const LOW_BINS = 65536;

/** The bits of a Float32Array as unsigned integers (a view, not a copy). */
export function bitsOf(x: Float32Array): Uint32Array {
  return new Uint32Array(x.buffer, x.byteOffset, x.length);
}

/** The float32 value whose bits are `key`. */
export function keyToFloat(key: number): number {
  const f = new Float32Array(1);
  new Uint32Array(f.buffer)[0] = key;
  return f[0]!;
}

export function checkSelect(parts: readonly Float32Array[], k: number): number {
  let total = 0;
  for (const p of parts) total += p.length;
  if (!Number.isInteger(k) || k < 1 || k > total) {
    throw new RangeError(`selectMagnitude: k = ${k} is not between 1 and the ${total} values of the tensors.`);
  }
  return total;
}

/**
 * Given the first-pass histogram (key >>> 16), the high half of the k-th key and how many keys lie in
 * lower bins. Shared by both backends.
 */
export function pickHighBin(high: ArrayLike<number>, k: number): { bin: number; before: number } {
  let before = 0;
  for (let b = 0; b < high.length; b++) {
    const c = high[b]!;
    if (before + c >= k) return { bin: b, before };
    before += c;
  }
  throw new RangeError(`selectMagnitude: the histogram holds fewer than k = ${k} values.`);
}

export function selectMagnitude(parts: readonly Float32Array[], k: number): { threshold: number; below: number } {
  checkSelect(parts, k);
  const high = new Float64Array(HIGH_BINS);
  for (const p of parts) {
    const bits = bitsOf(p);
    for (let i = 0; i < bits.length; i++) {
      const key = Math.min(bits[i]! & 0x7fffffff, INFINITY_KEY);
      high[key >>> 16]!++;
    }
  }
  const { bin, before } = pickHighBin(high, k);
  const low = new Float64Array(LOW_BINS);
  for (const p of parts) {
    const bits = bitsOf(p);
    for (let i = 0; i < bits.length; i++) {
      const key = Math.min(bits[i]! & 0x7fffffff, INFINITY_KEY);
      if (key >>> 16 === bin) low[key & 0xffff]!++;
    }
  }
  const { bin: lowBin, before: lowBefore } = pickHighBin(low, k - before);
  return { threshold: keyToFloat(((bin << 16) | lowBin) >>> 0), below: before + lowBefore };
}

export function checkMagnitudeMask(x: Float32Array, ties: number, out: Uint8Array): void {
  checkSameLength('magnitudeMask', x, out);
  if (!(ties >= 0) || (ties !== Infinity && !Number.isInteger(ties))) {
    throw new RangeError(`magnitudeMask: ties = ${ties} is not a count.`);
  }
}

export function magnitudeMask(x: Float32Array, threshold: number, ties: number, out: Uint8Array): number {
  checkMagnitudeMask(x, ties, out);
  let pruned = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const a = v === v ? Math.abs(v) : Infinity; // NaN counts as +Infinity
    if (a < threshold) out[i] = 0;
    else if (a === threshold && pruned < ties) {
      out[i] = 0;
      pruned++;
    } else out[i] = 1;
  }
  return pruned;
}

/** Groups are ranked in O(m²); real patterns (2:4, 4:8, 1:16) are far below this. */
export const MAX_M = 256;

export function checkNm(layout: ChannelLayout, length: number, n: number, m: number, outLength: number): void {
  checkLayout('nmMask', length, layout);
  if (outLength !== length) {
    throw new RangeError(`nmMask: the input has ${length} elements but the output has ${outLength}.`);
  }
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 1 || n < 0 || n > m || m > MAX_M) {
    throw new RangeError(`nmMask: ${n}:${m} is not an N:M pattern (0 ≤ N ≤ M, 1 ≤ M ≤ ${MAX_M}).`);
  }
}

/** The magnitude key of one float (see the file comment). */
function keyOf(bits: Uint32Array, i: number): number {
  return Math.min(bits[i]! & 0x7fffffff, INFINITY_KEY);
}

export function nmMask(x: Float32Array, layout: ChannelLayout, n: number, m: number, out: Uint8Array): number {
  checkNm(layout, x.length, n, m, out.length);
  const { outer, channels, inner } = layout;
  const bits = bitsOf(x);
  const keys = new Float64Array(m);
  let kept = 0;
  for (let o = 0; o < outer; o++) {
    for (let c0 = 0; c0 < channels; c0 += m) {
      const size = Math.min(m, channels - c0);
      const base = (o * channels + c0) * inner;
      for (let p = 0; p < inner; p++) {
        for (let j = 0; j < size; j++) keys[j] = keyOf(bits, base + j * inner + p);
        // Rank of j: how many beat it (larger, or equal at a lower index). The n best have rank < n.
        for (let j = 0; j < size; j++) {
          const kj = keys[j]!;
          let rank = 0;
          for (let i = 0; i < size; i++) {
            const ki = keys[i]!;
            if (ki > kj || (ki === kj && i < j)) rank++;
          }
          const keep = rank < n ? 1 : 0;
          out[base + j * inner + p] = keep;
          kept += keep;
        }
      }
    }
  }
  return kept;
}
