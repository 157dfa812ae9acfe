// k-means clustering of one layer's weight (weight sharing, Han et al. 2016 section 3). With keepZeros the
// pruned zeros stay exactly zero and only the surviving weights are clustered, as Deep Compression does
// after pruning. Quantized weights are clustered in grid steps (real / scale, per channel), so every
// centroid is an integer on the tensor's own grid and the stored integers take at most k values.
import { getKernels } from '../../../kernels/index';
import type { FormatId } from '../../ir/types';
import { fromGridUnits, gridUnitRange, toGridUnits, type WeightRef } from '../weights/index';
import { initialCentroids } from './init';
import type { ClusterInit } from './types';

export interface LayerClusterOptions {
  readonly clusters: number;
  readonly init: ClusterInit;
  readonly iterations: number;
  readonly seed: number;
  readonly keepZeros: boolean;
}

/** One clustered weight. */
export interface LayerClustering {
  /** The new real values (what the layer computes with). */
  readonly values: Float32Array;
  /** The used centroids, ascending and distinct: real values, or grid steps when `gridUnits`. */
  readonly codebook: Float32Array;
  readonly gridUnits: boolean;
  /** Codebook index of every element (0 where `clustered` is 0). */
  readonly indices: Uint8Array;
  /** With keepZeros on a weight holding zeros: 1 where the element was clustered, 0 where it stayed zero. */
  readonly clustered?: Uint8Array;
  readonly iterations: number;
}

/** Elements of `x` that are not zero, packed, and the mask of where they were. */
function nonZeros(x: Float32Array): { packed: Float32Array; mask: Uint8Array; count: number } {
  const mask = new Uint8Array(x.length);
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === 0) continue;
    mask[i] = 1;
    count++;
  }
  const packed = new Float32Array(count);
  for (let i = 0, j = 0; i < x.length; i++) if (mask[i]) packed[j++] = x[i]!;
  return { packed, mask, count };
}

/** Centroids the stored type can hold: whole grid steps in range, or float16 values. */
function storable(ref: WeightRef, centroids: Float32Array): void {
  const kernels = getKernels();
  if (ref.quant) {
    const { lo, hi } = gridUnitRange(ref);
    for (let j = 0; j < centroids.length; j++) centroids[j] = Math.min(hi, Math.max(lo, Math.round(centroids[j]!)));
  } else if (ref.dtype === 'float16') {
    const half = new Uint16Array(centroids.length);
    kernels.float32ToFloat16(centroids, half);
    kernels.float16ToFloat32(half, centroids);
  }
}

/** Clusters `real` (the weight's real values) into at most `options.clusters` shared values. */
export function clusterLayer(
  ref: WeightRef,
  real: Float32Array,
  format: FormatId,
  options: LayerClusterOptions,
): LayerClustering {
  const kernels = getKernels();
  const gridUnits = ref.quant !== undefined;
  const domain = gridUnits ? Float32Array.from(toGridUnits(ref, real, format)) : real;
  const sparse = options.keepZeros ? nonZeros(domain) : undefined;
  const clusteredMask = sparse && sparse.count < domain.length ? sparse.mask : undefined;
  const data = clusteredMask ? sparse!.packed : domain;

  const k = options.clusters;
  const centroids = initialCentroids(data, k, options.init, options.seed);
  const assigned = new Uint8Array(data.length);
  const { iterations } = data.length
    ? kernels.kmeans1d(data, centroids, assigned, options.iterations)
    : { iterations: 0 };
  storable(ref, centroids);

  // Keep the used centroids only, merged where rounding made them equal: remap[j] is the codebook index.
  const counts = new Float64Array(256);
  kernels.countSymbols(assigned, counts);
  const book: number[] = [];
  const remap = new Uint8Array(k);
  for (let j = 0; j < k; j++) {
    if (counts[j] === 0) continue;
    const c = centroids[j]!;
    if (book.length === 0 || book[book.length - 1] !== c) book.push(c);
    remap[j] = book.length - 1;
  }
  const codebook = Float32Array.from(book);

  const out = new Float32Array(domain.length);
  const indices = new Uint8Array(domain.length);
  for (let i = 0, j = 0; i < domain.length; i++) {
    if (clusteredMask && !clusteredMask[i]) continue;
    const c = remap[assigned[j++]!]!;
    indices[i] = c;
    out[i] = codebook[c]!;
  }
  const values = gridUnits ? fromGridUnits(ref, Int32Array.from(out)) : out;
  return { values, codebook, gridUnits, indices, ...(clusteredMask ? { clustered: clusteredMask } : {}), iterations };
}
