// Why an edit was refused. The error is a TransformError (code 'invalid-options' when the op itself is
// malformed, 'not-applicable' when it does not fit this model), so hosts that know only the core's codes
// show it as they show any transform error; `reason` is the finer, stable cause the studio can branch on.
import { TransformError } from '../../errors';

export type EditErrorReason =
  /** The op names a node the graph does not have. */
  | 'unknown-node'
  /** The op names a tensor the graph does not declare. */
  | 'unknown-tensor'
  /** A new node or tensor name is already used. */
  | 'name-taken'
  /** An input or output index, or a count of them, that the operator does not allow. */
  | 'wrong-arity'
  /** An attribute the operator does not have, of the wrong type, or with a value outside its allowed set. */
  | 'bad-attribute'
  /** A value the op cannot use (a shape, a factor, an .npy array that does not fit). */
  | 'bad-value'
  /** The operator is not in the catalogue of the model's format, or needs a newer opset. */
  | 'unknown-operator'
  /** The edit cannot be done on this node or tensor (e.g. bypassing a node whose second output is read). */
  | 'not-possible'
  /** The op is not valid JSON for its kind (a recipe or a saved history). */
  | 'malformed';

const MALFORMED: ReadonlySet<EditErrorReason> = new Set(['bad-attribute', 'bad-value', 'malformed', 'wrong-arity']);

/** An edit that cannot be applied; the message names the node or tensor and says why. */
export class EditError extends TransformError {
  readonly reason: EditErrorReason;

  constructor(reason: EditErrorReason, message: string, subject?: string) {
    super(MALFORMED.has(reason) ? 'invalid-options' : 'not-applicable', message, subject);
    this.reason = reason;
  }
}

/** Throws an EditError. */
export function refuse(reason: EditErrorReason, message: string, subject?: string): never {
  throw new EditError(reason, message, subject);
}
