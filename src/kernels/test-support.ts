// Seeded inputs for the tests that hold the two kernel backends to each other: ordinary values mixed
// with the cases kernels get wrong (exact rounding ties, NaN, ±Infinity, ±0, huge and tiny values).
import { seededRandom } from '../core/util/random';

const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 3e38, -3e38, 1e-40, -1e-45, 0.49999997, -0.49999997];

/**
 * `n` float32 values: mostly uniform in ±spread; about 1 in 8 an exact tie (k + ½)·tieStep; with
 * `specials`, about 1 in 32 a special value.
 */
export function testValues(n: number, seed: number, { spread = 4, tieStep = 1, specials = true } = {}): Float32Array {
  const random = seededRandom(seed);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = random();
    if (specials && r < 1 / 32) x[i] = SPECIALS[Math.floor(random() * SPECIALS.length)]!;
    else if (r < 1 / 8 + 1 / 32) x[i] = (Math.floor((random() - 0.5) * 2 * spread) + 0.5) * tieStep;
    else x[i] = (random() - 0.5) * 2 * spread;
  }
  return x;
}

/** Lengths around the vector widths (4, 8, 16, 32) and the WebAssembly chunk size (16384). */
export const AWKWARD_LENGTHS = [0, 1, 3, 4, 5, 15, 16, 17, 31, 33, 100, 16383, 16385, 40000];

/**
 * Where two arrays first differ (-1 if nowhere), comparing with Object.is so NaN equals NaN and −0 differs
 * from +0. Far faster than a deep equality on long typed arrays, and the index says where to look.
 */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** A readable note for a failed comparison: the index and both values. */
export function describeDifference(a: ArrayLike<number>, b: ArrayLike<number>): string {
  const i = firstDifference(a, b);
  return i < 0 ? 'same' : `differ at ${i}: ${a[i]} vs ${b[i]}`;
}
