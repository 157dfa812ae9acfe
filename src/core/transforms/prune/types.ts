// Options and reports of pruning, shared by the unstructured / N:M pruner (./unstructured) and the
// structured channel pruner (./channels). Every format that has prunable weights uses the same types.
import type { Model } from '../../ir/types';
import type { WeightLayerIdentity } from '../weights/types';

/**
 * How weights are pruned:
 * - 'magnitude': unstructured — the smallest |w| become zero, per layer or with one threshold across layers;
 * - 'n-m': semi-structured N:M — in every group of m weights along the reduction axis, n are kept (2:4);
 * - 'channels': structured — whole output channels (filters) with the smallest L1 / L2 norm are removed,
 *   and every consumer is rewritten, so the model really gets smaller and faster.
 */
export type PruneMethod = 'magnitude' | 'n-m' | 'channels';

/** Per-layer choice, by node id (the node that reads the weight). */
export interface PruneOverride {
  /** Leave this layer alone. */
  readonly exclude?: boolean;
  /** This layer's own sparsity (magnitude: share of zero weights; channels: share of channels removed). */
  readonly sparsity?: number;
}

export interface PruneOptions {
  readonly method: PruneMethod;
  /**
   * 'magnitude': share of weights set to zero, 0 ≤ s < 1 (default 0.5). 'channels': share of each layer's
   * output channels removed (default 0.5). Ignored by 'n-m' (its sparsity is 1 − n/m).
   */
  readonly sparsity?: number;
  /** 'magnitude': one sparsity per layer (default 'layer'), or one magnitude threshold across all layers. */
  readonly scope?: 'layer' | 'global';
  /** 'n-m': keep n of every m (default 2 of 4). */
  readonly n?: number;
  readonly m?: number;
  /** 'channels': how a channel's importance is measured (default 'l1'). */
  readonly norm?: 'l1' | 'l2';
  /** 'channels': keep channel counts a multiple of this (default 1), as SIMD kernels like. */
  readonly channelMultiple?: number;
  /** Leave the first and the last prunable layer alone (they usually hurt accuracy most). Default false. */
  readonly excludeFirstLast?: boolean;
  /** Per-layer overrides by node id. */
  readonly overrides?: Readonly<Record<string, PruneOverride>>;
  /** Weights with fewer elements than this are left alone (default 16). */
  readonly minElements?: number;
}

/** What one layer's weight became. */
export interface PruneLayerReport extends WeightLayerIdentity {
  /** Zero weights before and after. */
  readonly zerosBefore: number;
  readonly zerosAfter: number;
  /** zerosAfter / elements. */
  readonly sparsity: number;
  /** Bytes of the weight stored dense in its element type. */
  readonly denseBytes: number;
  /** Stored as a keep-bitmask (1 bit per element) plus the non-zero values. */
  readonly bitmaskBytes: number;
  /** Stored as CSR over [output channels, rest]: values, int16 column indices, int32 row pointers. */
  readonly csrBytes: number;
  /** 'channels': output channels before and after. */
  readonly channelsBefore?: number;
  readonly channelsAfter?: number;
  /** 'channels': indices of the removed output channels (for drawing them on the graph). */
  readonly removedChannels?: readonly number[];
  /** Why the layer was left alone, when it was (excluded, too small, feeds a shape that cannot change …). */
  readonly skipped?: string;
}

export interface PruneTotals {
  readonly elements: number;
  readonly zeros: number;
  readonly sparsity: number;
  readonly denseBytes: number;
  readonly bitmaskBytes: number;
  readonly csrBytes: number;
}

export interface PruneReport {
  readonly method: PruneMethod;
  readonly layers: readonly PruneLayerReport[];
  readonly totals: PruneTotals;
  /** 'magnitude' with scope 'global': the magnitude threshold used. */
  readonly threshold?: number;
  /** 'channels': MACs and weight bytes before and after (the model really shrinks). */
  readonly macsBefore?: number;
  readonly macsAfter?: number;
  readonly weightBytesBefore?: number;
  readonly weightBytesAfter?: number;
  /** 'channels': peak of live activation bytes and the TFLM-style arena, before and after (thinner tensors). */
  readonly peakActivationBytesBefore?: number;
  readonly peakActivationBytesAfter?: number;
  readonly arenaBytesBefore?: number;
  readonly arenaBytesAfter?: number;
  /** Things the user should know (e.g. "Conv_3: kept 8 of 8 channels: its output feeds a residual Add"). */
  readonly notes: readonly string[];
}

export interface PruneResult {
  readonly model: Model;
  readonly report: PruneReport;
}
