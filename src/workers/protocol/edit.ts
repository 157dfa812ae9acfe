// Graph editing (issue 9): edits applied in place to an open model, with undo/redo, the problems validation
// finds, and extraction of a subgraph. The history is kept by the engine per model; the UI mirrors it.
import type { EditOp, ModelProblem, OperatorSpec } from '../../core';
import type { JobId, ModelId, OutputFile } from './base';
import type { OpenResult } from './model';

export type { EditOp, ModelProblem, OperatorSpec };

/** One applied (or undone) edit; `label` is the core's describeEdit(op). */
export interface EditEntry {
  readonly op: EditOp;
  readonly label: string;
}

/** A model's edit history: `done` oldest first, `undone` the redo stack (next redo first). */
export interface EditHistoryView {
  readonly modelId: ModelId;
  readonly done: readonly EditEntry[];
  readonly undone: readonly EditEntry[];
  /**
   * Names and sizes of the files the model had before its first edit (what a session saves with the
   * history); absent before any edit.
   */
  readonly originalFiles?: readonly { readonly name: string; readonly bytes: number }[];
}

/** What an edit, undo, redo or replay answers. */
export interface EditOutcome {
  /** Summary + graph of the edited model (same modelId). */
  readonly result: OpenResult;
  readonly problems: readonly ModelProblem[];
  readonly history: EditHistoryView;
  /** Node ids touched (select/highlight); [] for undo/redo if unknown. */
  readonly affected: readonly string[];
  /** What the edit said (e.g. "graph output y now reads x"). */
  readonly notes: readonly string[];
}

export interface EditApi {
  /**
   * Applies an edit to the open model in place (same id, new version). A refused edit rejects with the
   * core's message and leaves the model unchanged; an edit leaving the model invalid is applied and its
   * problems reported. A new edit clears the redo stack.
   */
  editModel(jobId: JobId, modelId: ModelId, op: EditOp): Promise<EditOutcome>;
  /** Restores the exact model before the last edit. */
  undoEdit(jobId: JobId, modelId: ModelId): Promise<EditOutcome>;
  /** Re-applies the last undone edit. */
  redoEdit(jobId: JobId, modelId: ModelId): Promise<EditOutcome>;
  /** Session restore: apply `done` then keep `undone` as the redo stack. */
  replayEdits(jobId: JobId, modelId: ModelId, done: readonly EditOp[], undone: readonly EditOp[]): Promise<EditOutcome>;
  /** The add-node palette: the catalogue for this model's format/opset. */
  operatorPalette(modelId: ModelId): Promise<readonly OperatorSpec[]>;
  /** Extract the subgraph between tensors as a new model file (same format), for download. */
  extractModel(
    jobId: JobId,
    modelId: ModelId,
    inputs: readonly string[],
    outputs: readonly string[],
  ): Promise<OutputFile[]>;
}

/** What saving a session needs of an edited model (beside EditApi's contract). */
export interface EditFilesApi {
  /**
   * The files the model had before its first edit (an unedited model: its files): a session keeps them
   * with the history and replays the history on restore.
   */
  originalFiles(jobId: JobId, modelId: ModelId): Promise<OutputFile[]>;
}
