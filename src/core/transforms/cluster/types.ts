// Options and reports of weight clustering (weight sharing, as in Deep Compression: Han et al., 2016).
import type { Model } from '../../ir/types';
import type { WeightLayerIdentity } from '../weights/types';

/** How the k initial centroids are placed: evenly over [min, max] ('linear', Deep Compression's best),
 * at the quantiles of the values ('density'), or at k values drawn at random with a seed ('random'). */
export type ClusterInit = 'linear' | 'density' | 'random';

/**
 * How a clustered weight is written:
 * - 'dense': ordinary weights whose values are the centroids (any runtime runs it; the file compresses well);
 * - 'codebook': ONNX only — a uint8 index tensor plus a float codebook, joined by a Gather node in front of
 *   the layer (the file holds k floats and one byte per weight).
 */
export type ClusterStorage = 'dense' | 'codebook';

export interface ClusterOverride {
  readonly exclude?: boolean;
  readonly clusters?: number;
}

export interface ClusterOptions {
  /** Clusters per layer, 2 … 256 (default 16). */
  readonly clusters?: number;
  /** Default 'linear'. */
  readonly init?: ClusterInit;
  /** Lloyd iterations at most (default 30). */
  readonly iterations?: number;
  /** Seed of the 'random' initialisation (default 1). */
  readonly seed?: number;
  /** Zero weights (pruned) stay exactly zero and are not clustered (default true). */
  readonly keepZeros?: boolean;
  /** Default 'dense'. */
  readonly storage?: ClusterStorage;
  readonly excludeFirstLast?: boolean;
  readonly overrides?: Readonly<Record<string, ClusterOverride>>;
  /** Weights with fewer elements than this are left alone (default 16). */
  readonly minElements?: number;
}

/** Sizes of one weight stored the Deep Compression way (bytes, rounded up per stream). */
export interface CompressedSize {
  /** Dense float32 (the baseline of the compression ratio). */
  readonly float32Bytes: number;
  /** Cluster indices at ⌈log2 k⌉ bits each for the non-zero weights. */
  readonly indexBytes: number;
  /** The same indices Huffman-coded. */
  readonly huffmanIndexBytes: number;
  /** Positions of non-zero weights as relative gaps (CSR-like, with filler zeros where a gap overflows). */
  readonly positionBytes: number;
  /** The same gaps Huffman-coded. */
  readonly huffmanPositionBytes: number;
  /** k float32 centroids. */
  readonly codebookBytes: number;
  /** huffmanIndexBytes + huffmanPositionBytes + codebookBytes (positions only when the weight is sparse). */
  readonly totalBytes: number;
}

/** What one layer's weight became. */
export interface ClusterLayerReport extends WeightLayerIdentity {
  readonly clusters: number;
  /** The final centroids, ascending. */
  readonly centroids: readonly number[];
  /**
   * True when `centroids` are integer steps of a per-channel quantization grid (per-axis quantized weights
   * are clustered on their grid, so a centroid's real value is step × the channel's scale).
   */
  readonly gridUnits?: boolean;
  /** Error of the clustered weight against the original. */
  readonly sqnrDb: number;
  readonly iterations: number;
  readonly size: CompressedSize;
  readonly skipped?: string;
}

export interface ClusterReport {
  readonly layers: readonly ClusterLayerReport[];
  /** Sums over the clustered layers plus every other weight at its stored size. */
  readonly totals: CompressedSize & {
    /** Every constant of the model as the input stored it. */
    readonly modelWeightBytes: number;
    /** float32 bytes of all weights / total compressed bytes. */
    readonly compressionRatio: number;
  };
  readonly notes: readonly string[];
}

export interface ClusterResult {
  readonly model: Model;
  readonly report: ClusterReport;
}
