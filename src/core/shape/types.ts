import type { DType } from '../ir/dtype';
import type { Shape } from '../ir/types';

/** What is known of a tensor's type: its dtype and, when known, its shape (undefined = unknown rank). */
export interface TensorType {
  readonly dtype: DType;
  readonly shape?: Shape;
}

/** A value folded at analysis time (small integer/float tensors: shapes, axes, pads, Constant nodes). */
export interface FoldedValue {
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** Elements in row-major order (int64 as numbers). */
  readonly values: readonly number[];
}

/** Something inference could not settle; never fatal. */
export interface ShapeProblem {
  readonly nodeId: string;
  readonly op: string;
  readonly code: 'unknown-op' | 'shape-mismatch' | 'missing-input' | 'bad-attribute' | 'unsupported-case';
  readonly message: string;
}

/** Options of `inferShapes`. */
export interface ShapeInferenceOptions {
  /** Overrides of graph input shapes by input id (e.g. fix batch N to 1). */
  readonly inputShapes?: Readonly<Record<string, Shape>>;
}

/** Result of shape inference over a model's main graph (and the graphs nested in it). */
export interface ShapeInference {
  /** Type of every tensor id of the main graph and of nested graphs that inference reached. */
  readonly types: ReadonlyMap<string, TensorType>;
  /** Values of tensors that could be folded (constants, shape arithmetic). */
  readonly folded: ReadonlyMap<string, FoldedValue>;
  readonly problems: readonly ShapeProblem[];
}
