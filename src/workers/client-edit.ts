// The editing half of the engine client (protocol/edit.ts): edits, undo/redo, replaying a saved history,
// the operator palette, extraction, and the original files a session keeps with the history.
import type { EditOp, OperatorSpec } from '../core';
import type { EditApi, EditFilesApi, EditOutcome, JobId, ModelId, OutputFile } from './protocol';

/** Options of an editing call: an abort cancels it before the edited model is kept (nothing changes then). */
export interface EditJobOptions {
  readonly signal?: AbortSignal;
}

export interface EditClient {
  /**
   * Applies an edit to the open model in place (same id). A refused edit rejects with the core's sentence
   * (EngineError, code 'invalid-options' or 'not-applicable') and leaves the model as it was.
   */
  editModel(modelId: ModelId, op: EditOp, options?: EditJobOptions): Promise<EditOutcome>;
  /** Restores the model before its last edit (rejects 'not-applicable' when there is nothing to undo). */
  undoEdit(modelId: ModelId, options?: EditJobOptions): Promise<EditOutcome>;
  /** Re-applies the last undone edit (rejects 'not-applicable' when there is nothing to redo). */
  redoEdit(modelId: ModelId, options?: EditJobOptions): Promise<EditOutcome>;
  /** Session restore: the model's original with `done` applied, and `undone` (next redo first) to redo. */
  replayEdits(
    modelId: ModelId,
    done: readonly EditOp[],
    undone: readonly EditOp[],
    options?: EditJobOptions,
  ): Promise<EditOutcome>;
  /** The operators a node can be added from, for this model's format and opset. */
  operatorPalette(modelId: ModelId): Promise<readonly OperatorSpec[]>;
  /** The subgraph between tensors as a new model's files (same format), for download. */
  extractModel(
    modelId: ModelId,
    inputs: readonly string[],
    outputs: readonly string[],
    options?: EditJobOptions,
  ): Promise<OutputFile[]>;
  /** The files the model had before its first edit (unedited: its files). */
  originalFiles(modelId: ModelId): Promise<OutputFile[]>;
}

/** Runs one job of the client (client.ts): cancellation and failures mapped as for every call. */
export type RunJob = <T>(options: EditJobOptions | undefined, start: (jobId: JobId) => Promise<T>) => Promise<T>;

/** The editing calls over `api`, each run as a job by `run`. */
export function editClientOver(api: EditApi & EditFilesApi, run: RunJob): EditClient {
  return {
    editModel: (modelId, op, options) => run(options, (jobId) => api.editModel(jobId, modelId, op)),
    undoEdit: (modelId, options) => run(options, (jobId) => api.undoEdit(jobId, modelId)),
    redoEdit: (modelId, options) => run(options, (jobId) => api.redoEdit(jobId, modelId)),
    replayEdits: (modelId, done, undone, options) =>
      run(options, (jobId) => api.replayEdits(jobId, modelId, done, undone)),
    operatorPalette: (modelId) => run(undefined, () => api.operatorPalette(modelId)),
    extractModel: (modelId, inputs, outputs, options) =>
      run(options, (jobId) => api.extractModel(jobId, modelId, inputs, outputs)),
    originalFiles: (modelId) => run(undefined, (jobId) => api.originalFiles(jobId, modelId)),
  };
}
