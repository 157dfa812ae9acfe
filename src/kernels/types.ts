/**
 * The hot loops of quantization, pruning and clustering. Two implementations share this contract: the
 * WebAssembly one (AssemblyScript with SIMD, src/kernels/assembly) and a plain TypeScript twin
 * (src/kernels/js) that is the fallback where WebAssembly SIMD is missing and the oracle in tests.
 * Both must give the same results (bit for bit on integer outputs; float results within rounding).
 *
 * Conventions:
 * - Tensors are flat Float32Arrays in row-major order. Per-channel work sees the tensor as
 *   [outer, channels, inner] (the channel axis in the middle): element (o, c, i) is at (o·C + c)·inner + i.
 * - NaN inputs are ignored by statistics; ±Infinity counts as out of range (clamped).
 */

/** How a tensor is cut into channels: `outer` blocks of `channels` channels of `inner` elements. */
export interface ChannelLayout {
  readonly outer: number;
  readonly channels: number;
  readonly inner: number;
}

/**
 * Rounding of x / scale to an integer: 'half-even' (ONNX QuantizeLinear: ties to even) or 'half-away'
 * (TFLite's reference kernels and converter: ties away from zero).
 */
export type Rounding = 'half-even' | 'half-away';

/** Integer buffers quantized values are written to (bias: Int32Array). */
export type QuantArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array;

/** Affine parameters: q = clamp(round(x / scale) + zeroPoint, qmin, qmax); real = scale × (q − zeroPoint). */
export interface AffineParams {
  /** One scale per tensor (length 1), or one per channel (length layout.channels). */
  readonly scale: Float32Array;
  /** Same length as `scale`. */
  readonly zeroPoint: Int32Array;
  /** Required when there is more than one scale. */
  readonly layout?: ChannelLayout;
}

export interface QuantizeParams extends AffineParams {
  readonly qmin: number;
  readonly qmax: number;
  readonly rounding: Rounding;
}

/** How far `test` is from `reference`. */
export interface ErrorStats {
  /** Mean squared error. */
  readonly mse: number;
  /** Signal-to-quantization-noise ratio in dB: 10·log10(Σref² / Σ(ref − test)²); Infinity when equal. */
  readonly sqnrDb: number;
  /** Cosine similarity of the two vectors (1 when both are zero). */
  readonly cosine: number;
  readonly maxAbsError: number;
}

export interface Kernels {
  /** Which implementation this is. */
  readonly backend: 'wasm-simd' | 'js';

  /** Smallest and largest finite value (0, 0 for an empty or all-NaN input). */
  minMax(x: Float32Array): { min: number; max: number };
  /** The same per channel. */
  minMaxPerChannel(x: Float32Array, layout: ChannelLayout): { min: Float32Array; max: Float32Array };

  /**
   * Adds the values of `x` to `counts` (counts.length equal bins over [lo, hi]; values below lo / above hi
   * land in the first / last bin). Accumulates, so a histogram can be built batch by batch.
   */
  histogram(x: Float32Array, lo: number, hi: number, counts: Float64Array): void;
  /** The same for |x| (bins over [0, hi]), as symmetric range searches need. */
  absHistogram(x: Float32Array, hi: number, counts: Float64Array): void;
  /** Per channel: counts holds `layout.channels` histograms of `bins` bins one after another, over [lo[c], hi[c]]. */
  histogramPerChannel(
    x: Float32Array,
    layout: ChannelLayout,
    lo: Float32Array,
    hi: Float32Array,
    bins: number,
    counts: Float64Array,
  ): void;

  /** Quantizes `x` into `out` (same length); returns how many values were clamped to qmin/qmax. */
  quantize(x: Float32Array, params: QuantizeParams, out: QuantArray): number;
  /** real = scale × (q − zeroPoint) into `out`. */
  dequantize(q: QuantArray, params: AffineParams, out: Float32Array): void;
  /** Quantize and dequantize in one pass (the values a quantized model will see); returns the clamped count. */
  fakeQuantize(x: Float32Array, params: QuantizeParams, out: Float32Array): number;

  /** MSE, SQNR, cosine and max error of `test` against `reference` (same length). */
  errorStats(reference: Float32Array, test: Float32Array): ErrorStats;

  /**
   * The range holding `percentile` (e.g. 99.99) of a histogram over [lo, hi], the clipped rest split evenly
   * between both tails, interpolated inside bins.
   */
  percentileRange(counts: Float64Array, lo: number, hi: number, percentile: number): { min: number; max: number };
  /**
   * The clipping threshold t in (0, hi] that minimises the KL divergence between a histogram of |x| over
   * [0, hi] and its quantization into `levels` bins (the TensorRT entropy calibration).
   */
  entropyThreshold(counts: Float64Array, hi: number, levels: number): number;
  /**
   * The range [α·lo', α·hi'] (lo' = min(lo, 0), hi' = max(hi, 0), α in (0, 1]) whose quantization into
   * `levels` levels has the least expected squared error (rounding plus clipping) over the histogram.
   */
  mseRange(counts: Float64Array, lo: number, hi: number, levels: number): { min: number; max: number };

  /** Two 4-bit values per byte, element 2k in the low nibble (ONNX and TFLite int4 packing). */
  packInt4(q: Int8Array | Uint8Array, out: Uint8Array): void;
  unpackInt4(packed: Uint8Array, count: number, signed: boolean, out: Int8Array | Uint8Array): void;

  /** IEEE binary16 bits, rounding to nearest even (overflow to ±Infinity, NaN kept). */
  float32ToFloat16(x: Float32Array, out: Uint16Array): void;
  float16ToFloat32(h: Uint16Array, out: Float32Array): void;

  // --- pruning and clustering (issue 5) ---

  /**
   * Magnitude selection over several tensors taken together (a global threshold across layers, or one
   * tensor for a per-layer one): the k-th smallest |x| (1 ≤ k ≤ total count) over all values of `parts`,
   * and how many values lie strictly below it. Pruning the `below` values plus `k − below` of the values
   * equal to the threshold prunes exactly k. NaN counts as +Infinity (never selected before a number).
   */
  selectMagnitude(parts: readonly Float32Array[], k: number): { threshold: number; below: number };
  /**
   * The keep-mask of magnitude pruning: out[i] = 0 where |x[i]| < threshold, and for the first `ties`
   * values (in index order) with |x[i]| = threshold; 1 elsewhere. Returns how many ties it pruned (fewer
   * than asked when `x` has fewer such values).
   */
  magnitudeMask(x: Float32Array, threshold: number, ties: number, out: Uint8Array): number;
  /**
   * The keep-mask of N:M semi-structured sparsity. `x` is seen as [outer, channels, inner] with `channels`
   * the reduction axis; along it, every group of m consecutive elements (for each outer and inner index)
   * keeps its n largest magnitudes (ties: the lower index is kept). A last partial group of r < m
   * elements keeps min(n, r). Returns the number of kept values.
   */
  nmMask(x: Float32Array, layout: ChannelLayout, n: number, m: number, out: Uint8Array): number;
  /**
   * One-dimensional k-means (Lloyd): `centroids` holds the k initial centroids in ascending order on entry
   * and the final ones on return (still ascending); `indices` (length x.length) receives each value's
   * nearest centroid (ties to the lower index). Empty clusters keep their centroid. Iterates until no
   * centroid moves or `maxIterations` is reached. It may iterate on a fine histogram of x (at least 2^16
   * bins) for speed, but the returned indices are the exact nearest centroids and each returned centroid
   * of a non-empty cluster is the mean of the values assigned to it (float64 sums). k ≤ 256.
   */
  kmeans1d(
    x: Float32Array,
    centroids: Float32Array,
    indices: Uint8Array,
    maxIterations: number,
  ): { iterations: number; inertia: number };
  /** How often each byte value occurs in `symbols`, added to counts (length 256). */
  countSymbols(symbols: Uint8Array, counts: Float64Array): void;
  /**
   * Huffman code lengths for symbol frequencies `counts` into `out` (same length; 0 for absent symbols, 1
   * when only one symbol occurs). Returns the total coded size in bits, Σ counts[s] · out[s].
   */
  huffmanLengths(counts: Float64Array, out: Uint8Array): number;
}
