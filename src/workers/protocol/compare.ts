// Two members of a family (the original and its variants) compared layer by layer: what each layer stores
// and how far its weight moved from A to B.
import type { JobId, ModelId } from './base';

/**
 * One layer in A and / or B, matched by node id, else by name (quantization keeps both; its Quantize /
 * Dequantize nodes are not layers: a weight read through a dequantizer belongs to the layer it feeds).
 */
export interface LayerChange {
  /** The layer's node in A and in B; one is missing for a layer only one side has. */
  readonly nodeIdA?: string;
  readonly nodeIdB?: string;
  readonly name: string;
  /** B's operator (A's for a layer only A has); `opA` when A's differs (Conv → QLinearConv). */
  readonly op: string;
  readonly opA?: string;
  /** Stored bytes of the constants the layer reads, through dequantizers too (0 on a missing side). */
  readonly weightBytesA: number;
  readonly weightBytesB: number;
  /** Share (0..1) of the layer's main weight's real values that are zero, when it has one. */
  readonly sparsityA?: number;
  readonly sparsityB?: number;
  /** Elements of the main weight on each side (they differ after channel pruning). */
  readonly elementsA?: number;
  readonly elementsB?: number;
  /**
   * ‖B − A‖₂ / ‖A‖₂ over the main weight's real values; channels B dropped count as set to zero. Undefined
   * when the two cannot be lined up (`note` says why) or a side has no weight.
   */
  readonly change?: number;
  readonly note?: string;
}

/** A layer-by-layer comparison of model B against model A. */
export interface MemberComparison {
  readonly aId: ModelId;
  readonly bId: ModelId;
  /** In B's node order, with layers only A has placed after the layer before them in A. */
  readonly layers: readonly LayerChange[];
  /** ‖B − A‖₂ / ‖A‖₂ over every layer whose weights were lined up; undefined when none was. */
  readonly change?: number;
  /** Layers whose change is known. */
  readonly compared: number;
}

export interface CompareApi {
  /** Compares two open models (usually members of one family) layer by layer. */
  compareMembers(jobId: JobId, aId: ModelId, bId: ModelId): Promise<MemberComparison>;
}
