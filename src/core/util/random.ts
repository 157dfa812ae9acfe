/**
 * A seeded pseudo-random generator (mulberry32: 32-bit state, full period, fast). Everything in the
 * project that needs randomness — sample training, calibration subsets, k-means initialisation, test
 * inputs — takes a seed, so runs are reproducible.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 0..count−1 in a seeded Fisher–Yates order: a reproducible random subset is a prefix of it, and a
 * class-sorted file still gives every class in a small prefix.
 */
export function seededOrder(count: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}
