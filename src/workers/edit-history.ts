// A model's edit history in the engine: every version of the model (the opened one first), the edits
// between them, and the redo stack. Versions keep their model objects, so undo gives back the exact model
// (edits never mutate and share every unchanged object, so a version costs little). Only the open model's
// files are kept; an older version's are written again when it comes back (the writers are deterministic),
// except the original's, which are kept as they were read.
import type { Model, ModelProblem } from '../core';
import type { OpenedModel } from './engine-models';
import type { EditEntry, EditHistoryView, LayoutDirection, LayoutResult, ModelId, OpenResult } from './protocol';

/** What the studio is told about a version: its summary and graph, and what validation found. */
export interface Described {
  readonly result: OpenResult;
  readonly problems: readonly ModelProblem[];
}

/** One version of an edited model. */
export interface Version {
  readonly model: Model;
  /** Layouts of this version's graph (the original's are the ones it was opened with). */
  readonly layouts: Map<LayoutDirection, LayoutResult>;
  /** Node ids the edit that made it touched, and what it said. */
  readonly affected: readonly string[];
  readonly notes: readonly string[];
  /** Filled in once it has been described (versions replayed on the way to another are described lazily). */
  described?: Described;
}

/** An undone edit; `version` is the model it made, kept for an exact redo (absent after a replay). */
export interface UndoneEdit {
  readonly entry: EditEntry;
  readonly version?: Version;
}

/** A new version made by `op`. */
export function versionOf(model: Model, affected: readonly string[] = [], notes: readonly string[] = []): Version {
  return { model, layouts: new Map(), affected, notes };
}

/** The history of one model since it was opened (or adopted). */
export class EditTrack {
  /** `versions[0]` is the model as it was opened; the last one is the model open now. */
  private versions: Version[];
  private doneEdits: EditEntry[] = [];
  private undoneEdits: UndoneEdit[] = [];

  /** `base`: the model as opened, with the files it was read from. */
  constructor(
    readonly modelId: ModelId,
    readonly base: OpenedModel,
  ) {
    this.versions = [{ model: base.model, layouts: base.layouts, affected: [], notes: [] }];
  }

  get current(): Version {
    return this.versions[this.versions.length - 1]!;
  }

  /** The version an undo goes back to, and whether it is the original. */
  get previous(): { version: Version; original: boolean } | undefined {
    const n = this.versions.length;
    return n < 2 ? undefined : { version: this.versions[n - 2]!, original: n === 2 };
  }

  /** The edit a redo re-applies. */
  get nextRedo(): UndoneEdit | undefined {
    return this.undoneEdits[0];
  }

  get original(): Version {
    return this.versions[0]!;
  }

  /** True when the open model is the original. */
  get atOriginal(): boolean {
    return this.versions.length === 1;
  }

  /** Keeps a new edit: the redo stack is dropped. */
  push(entry: EditEntry, version: Version): void {
    this.versions.push(version);
    this.doneEdits.push(entry);
    this.undoneEdits = [];
  }

  /** Moves the last edit to the redo stack. */
  undo(): void {
    const version = this.versions.pop();
    const entry = this.doneEdits.pop();
    if (!version || !entry) return;
    this.undoneEdits.unshift({ entry, version });
  }

  /** Re-applies the next undone edit, `version` being the model it makes. */
  redo(version: Version): void {
    const next = this.undoneEdits.shift();
    if (!next) return;
    this.versions.push(version);
    this.doneEdits.push(next.entry);
  }

  /** Replaces the history: the original, then `versions` made by `done`, with `undone` to redo. */
  replace(done: readonly EditEntry[], versions: readonly Version[], undone: readonly EditEntry[]): void {
    this.versions = [this.original, ...versions];
    this.doneEdits = [...done];
    this.undoneEdits = undone.map((entry) => ({ entry }));
  }

  /** The history as the studio shows it. */
  view(): EditHistoryView {
    return {
      modelId: this.modelId,
      done: [...this.doneEdits],
      undone: this.undoneEdits.map((u) => u.entry),
      originalFiles: this.base.files.map((f) => ({ name: f.name, bytes: f.bytes.byteLength })),
    };
  }
}
