// Initial centroids of k-means (Han et al. 2016, section 3.1 compares the three):
// - 'linear': evenly spaced over [min, max] — keeps the few large weights, which matter most; Deep
//   Compression found it best;
// - 'density': at the quantiles (i + ½) / k of the values — dense near zero, where most weights are;
// - 'random': k of the values drawn with a seed.
// The centroids come back ascending, as the kernel expects.
import { getKernels } from '../../../kernels/index';
import { seededRandom } from '../../util/random';
import type { ClusterInit } from './types';

/** Bins of the histogram the quantiles are read from (fine enough for 256 clusters). */
const DENSITY_BINS = 4096;

export function initialCentroids(x: Float32Array, k: number, init: ClusterInit, seed: number): Float32Array {
  const kernels = getKernels();
  const centroids = new Float32Array(k);
  if (x.length === 0) return centroids;
  if (init === 'random') {
    const random = seededRandom(seed);
    for (let i = 0; i < k; i++) centroids[i] = x[Math.min(x.length - 1, Math.floor(random() * x.length))]!;
    return centroids.sort();
  }
  const { min, max } = kernels.minMax(x);
  if (init === 'linear' || !(max > min)) {
    for (let i = 0; i < k; i++) centroids[i] = k === 1 ? min : min + ((max - min) * i) / (k - 1);
    return centroids;
  }
  const counts = new Float64Array(DENSITY_BINS);
  kernels.histogram(x, min, max, counts);
  const total = counts.reduce((a, b) => a + b, 0);
  const width = (max - min) / DENSITY_BINS;
  let bin = 0;
  let before = 0;
  for (let i = 0; i < k; i++) {
    const target = ((i + 0.5) / k) * total;
    while (bin < DENSITY_BINS - 1 && before + counts[bin]! < target) before += counts[bin++]!;
    const inside = counts[bin]! > 0 ? (target - before) / counts[bin]! : 0.5;
    centroids[i] = Math.min(max, min + (bin + inside) * width);
  }
  // Rounding to float32 can only break ties, never the order; keep it ascending anyway.
  for (let i = 1; i < k; i++) if (centroids[i]! < centroids[i - 1]!) centroids[i] = centroids[i - 1]!;
  return centroids;
}
