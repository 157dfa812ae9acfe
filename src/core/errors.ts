/**
 * Typed errors of the core. Each carries a stable `code` the UI maps to its message table and the CLI
 * prints; `subject` names what was wrong (a file, a node, a tensor) so messages can point at it.
 */

export type ModelFormatErrorCode =
  'empty-file' | 'unknown-format' | 'truncated' | 'malformed' | 'out-of-bounds' | 'missing-file' | 'unsupported';

export type ShapeErrorCode = 'shape-mismatch' | 'rank-mismatch' | 'bad-attribute';

export type TransformErrorCode =
  'invalid-options' | 'invalid-recipe' | 'not-applicable' | 'invalid-result' | 'cancelled';

abstract class CoreError<Code extends string> extends Error {
  readonly code: Code;
  readonly subject: string | undefined;

  constructor(code: Code, message: string, subject?: string) {
    super(message);
    this.code = code;
    this.subject = subject;
  }
}

/** A file could not be read as a model (wrong format, truncated, offsets out of bounds, …). */
export class ModelFormatError extends CoreError<ModelFormatErrorCode> {
  override readonly name = 'ModelFormatError';
}

/** Shapes that cannot agree (e.g. a MatMul whose inner dimensions differ). */
export class ShapeError extends CoreError<ShapeErrorCode> {
  override readonly name = 'ShapeError';
}

/** A transform was asked something it cannot do, or produced an invalid graph. */
export class TransformError extends CoreError<TransformErrorCode> {
  override readonly name = 'TransformError';
}

export type ExecutionErrorCode = 'unsupported-op' | 'unsupported-case' | 'bad-feed' | 'shape-mismatch' | 'cancelled';

/** The reference executor could not run a model (an op it lacks, a feed that does not fit, cancellation). */
export class ExecutionError extends CoreError<ExecutionErrorCode> {
  override readonly name = 'ExecutionError';
}

export type DatasetErrorCode =
  | 'bad-magic'
  | 'truncated'
  | 'malformed'
  | 'unsupported-dtype'
  | 'fortran-order'
  | 'missing-array'
  | 'empty'
  | 'shape-mismatch'
  | 'cancelled';

/** A dataset file could not be read, or its arrays do not fit the model it should feed. */
export class DatasetError extends CoreError<DatasetErrorCode> {
  override readonly name = 'DatasetError';
}

/** Any error the core throws on purpose. */
export type KnownCoreError = ModelFormatError | ShapeError | TransformError | ExecutionError | DatasetError;

/** True for the core's own typed errors (as opposed to bugs). */
export function isCoreError(error: unknown): error is KnownCoreError {
  return (
    error instanceof ModelFormatError ||
    error instanceof ShapeError ||
    error instanceof TransformError ||
    error instanceof ExecutionError ||
    error instanceof DatasetError
  );
}
