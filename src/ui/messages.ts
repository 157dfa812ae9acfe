import type { EngineErrorCode } from '../workers/protocol';

/** Every failure the UI can show: the engine's codes (the core's included) and the page's own. */
export type ErrorCode =
  | EngineErrorCode
  | 'read-failed'
  | 'fetch-failed'
  | 'not-same-origin'
  | 'unknown-sample'
  | 'no-samples'
  | 'invalid-project'
  | 'session-not-restored';

/**
 * The one table of user-facing error text, keyed by stable code (like React Flow's `errorMessages`).
 * Each entry says what went wrong with `subject` (a file, a tensor, a sample id) in plain words; the
 * engine's own sentence is shown beneath it as the detail.
 */
export const ERROR_MESSAGES: Readonly<Record<ErrorCode, (subject: string) => string>> = {
  'empty-file': (s) => `${s} is empty.`,
  'unknown-format': (s) => `${s} is not a model file the studio can read.`,
  truncated: (s) => `${s} ends too early: the file is truncated or corrupt.`,
  malformed: (s) => `${s} is corrupt: its contents do not follow the model format.`,
  'out-of-bounds': (s) => `${s} is corrupt: it points past the end of its data.`,
  'missing-file': (s) =>
    `${s} needs a companion file that was not opened with it. Open the model and its data files together.`,
  unsupported: (s) => `${s} uses something the studio does not support yet.`,
  'shape-mismatch': (s) => `The tensor shapes in ${s} do not fit together.`,
  'rank-mismatch': (s) => `A tensor in ${s} has the wrong number of dimensions.`,
  'bad-attribute': (s) => `An operator in ${s} has an invalid attribute.`,
  'invalid-options': (s) => `The settings for ${s} are not valid.`,
  'not-applicable': (s) => `This step does not apply to ${s}.`,
  'invalid-result': (s) => `Processing ${s} produced an invalid model.`,
  cancelled: (s) => `Work on ${s} was cancelled.`,
  'unsupported-op': (s) => `${s} uses an operator the studio cannot run yet.`,
  'unsupported-case': (s) => `${s} uses an operator in a way the studio cannot run yet.`,
  'bad-feed': (s) => `The data given to ${s} does not fit its input.`,
  'bad-magic': (s) => `${s} is not a NumPy .npy / .npz file.`,
  'fortran-order': (s) => `${s} stores its array in Fortran order; save it in C order (numpy's default).`,
  'missing-array': (s) => `${s} has no array named x (the samples).`,
  empty: (s) => `${s} holds no samples.`,
  'unsupported-dtype': (s) => `${s} holds values of a type the studio cannot use.`,
  'unknown-model': () => 'That model is no longer open.',
  'unknown-tensor': (s) => `${s} is not a weight of this model.`,
  'no-data': (s) => `The values of ${s} are not available.`,
  'invalid-recipe': (s) => `${s} is not a recipe the studio can run.`,
  internal: (s) => `Something went wrong while working on ${s}.`,
  'read-failed': (s) => `${s} could not be read from disk.`,
  'fetch-failed': (s) => `${s} could not be downloaded from this site.`,
  'not-same-origin': (s) => `${s} is on another site; the studio only opens models from its own site.`,
  'unknown-sample': (s) => `There is no sample called "${s}".`,
  'no-samples': () => 'The samples gallery could not be loaded.',
  'invalid-project': (s) => `${s} is not a ScaleDown project the studio can open.`,
  'session-not-restored': () => 'The session saved in this browser could not be restored.',
};

/** The headline for an error about `subject` (unknown codes fall back to the 'internal' text). */
export function errorTitle(code: string, subject: string): string {
  const message = (ERROR_MESSAGES as Readonly<Record<string, (s: string) => string>>)[code] ?? ERROR_MESSAGES.internal;
  return message(subject);
}
