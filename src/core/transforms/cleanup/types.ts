// Options and reports of the clean-up passes every converter runs. Each pass is a pure Model → Model
// rewrite that keeps the outputs equal (within float rounding).
import type { Model } from '../../ir/types';

/**
 * - 'fold-batchnorm': BatchNormalization after Conv / Gemm / MatMul (ONNX) folded into its weights and bias;
 * - 'fold-constants': nodes whose inputs are all constants replaced by their values (reference executor);
 * - 'remove-identity': Identity, Dropout (inference) and Reshapes to the shape the tensor already has;
 * - 'dead-nodes': nodes and constants nothing reads on the way to an output;
 * - 'fuse-activations': TFLite — RELU / RELU6 / RELU_N1_TO_1 / TANH after an op with a fused_activation_function
 *   folded into it.
 */
export type CleanupPass = 'fold-batchnorm' | 'fold-constants' | 'remove-identity' | 'dead-nodes' | 'fuse-activations';

export const CLEANUP_PASSES: readonly CleanupPass[] = [
  'fold-constants',
  'remove-identity',
  'fold-batchnorm',
  'fuse-activations',
  'dead-nodes',
];

export interface CleanupOptions {
  /** Passes to run, in this order (default CLEANUP_PASSES; passes that do not apply to the format are skipped). */
  readonly passes?: readonly CleanupPass[];
  /** 'fold-constants': results larger than this many elements stay computed at run time (default 1 << 20). */
  readonly maxFoldedElements?: number;
  /**
   * 'fold-constants': also fold generators — nodes whose output is much larger than their constant inputs
   * (ConstantOfShape, Expand, Tile, Range…), storing what they generate (default false: ONNX's "light"
   * models generate every weight at run time, and storing them would grow the file a hundredfold).
   */
  readonly foldGenerators?: boolean;
}

export interface CleanupPassReport {
  readonly pass: CleanupPass;
  /** Nodes removed or rewritten ('dead-nodes' also counts the unused constants it drops). */
  readonly changed: number;
  /**
   * One line per change ("bn1 folded into conv1"), plus notes: initializers of an IR-version-3 file made
   * plain constants, nodes 'fold-constants' left because of maxFoldedElements / foldGenerators (first few).
   */
  readonly details: readonly string[];
}

export interface CleanupReport {
  readonly passes: readonly CleanupPassReport[];
  readonly nodesBefore: number;
  readonly nodesAfter: number;
}

export interface CleanupResult {
  readonly model: Model;
  readonly report: CleanupReport;
}
