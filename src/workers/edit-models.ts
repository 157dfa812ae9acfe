// The engine's graph editing (protocol/edit.ts): edits applied in place to an open model (same id, a new
// version), undo/redo over the kept versions, a saved history replayed, the operator palette, extraction.
// Each call commits only once the new version is written and described, so a refused, failed or cancelled
// one leaves the model as it was; calls on one model run one after another.
import {
  applyEdit,
  applyEdits,
  assertExportable,
  describeEdit,
  operatorCatalogue,
  parseEditOp,
  parseEditOps,
  type EditOp,
  type ModelFile,
  type OperatorSpec,
} from '../core';
import type { OpenModels } from './engine-models';
import { EditTrack, versionOf, type Version } from './edit-history';
import { describeVersion, openedVersion, resultCopy, writeEdited, type WrittenFiles } from './edit-versions';
import { failure } from './failure';
import type { Job } from './jobs';
import type { EditOutcome, ModelId, OutputFile } from './protocol';

/** Copies of files, to be transferred (the open model's IR keeps viewing its own bytes). */
const copies = (files: readonly ModelFile[]): OutputFile[] =>
  files.map((f) => ({ name: f.name, bytes: f.bytes.slice().buffer as ArrayBuffer }));

const entry = (op: EditOp) => ({ op, label: describeEdit(op) });

export class ModelEditor {
  private readonly tracks = new Map<ModelId, EditTrack>();
  private readonly queues = new Map<ModelId, Promise<unknown>>();

  constructor(private readonly models: OpenModels) {}

  /** Applies `op` to the model open as `modelId`; a refused op throws the core's EditError. */
  edit(modelId: ModelId, op: EditOp, job: Job): Promise<EditOutcome> {
    return this.serial(modelId, async () => {
      const checked = parseEditOp(op, 'the edit');
      const track = this.track(modelId);
      const result = applyEdit(track.current.model, checked);
      const version = versionOf(result.model, result.affected.nodes, result.notes);
      return this.commit(track, version, job, () => track.push(entry(checked), version));
    });
  }

  /** Goes back to the version before the last edit. */
  undo(modelId: ModelId, job: Job): Promise<EditOutcome> {
    return this.serial(modelId, async () => {
      const track = this.tracks.get(modelId);
      const previous = track?.previous;
      if (!track || !previous) throw nothing('undo', this.models.get(modelId).fileName);
      const back: Version = { ...previous.version, affected: [], notes: [] };
      return this.commit(track, back, job, () => track.undo(), previous.version);
    });
  }

  /** Re-applies the last undone edit: its kept version, or (after a replay) the op again. */
  redo(modelId: ModelId, job: Job): Promise<EditOutcome> {
    return this.serial(modelId, async () => {
      const track = this.tracks.get(modelId);
      const next = track?.nextRedo;
      if (!track || !next) throw nothing('redo', this.models.get(modelId).fileName);
      let version = next.version;
      if (!version) {
        const result = applyEdit(track.current.model, next.entry.op);
        version = versionOf(result.model, result.affected.nodes, result.notes);
      }
      const redone = version;
      return this.commit(track, redone, job, () => track.redo(redone));
    });
  }

  /** The original with `done` applied, `undone` (next redo first) kept to redo; all or nothing. */
  replay(modelId: ModelId, done: readonly EditOp[], undone: readonly EditOp[], job: Job): Promise<EditOutcome> {
    return this.serial(modelId, async () => {
      const ops = parseEditOps(done, 'the saved edits');
      const redos = parseEditOps(undone, 'the saved undone edits');
      const track = this.track(modelId);
      const { results } = applyEdits(track.original.model, ops);
      const versions = results.map((r) => versionOf(r.model, r.affected.nodes, r.notes));
      const last = versions.at(-1) ?? track.original;
      const shown: Version = { ...last, affected: [], notes: [] };
      return this.commit(track, shown, job, () => track.replace(ops.map(entry), versions, redos.map(entry)), last);
    });
  }

  /** The operators the model's format and opset offer. */
  palette(modelId: ModelId): OperatorSpec[] {
    return operatorCatalogue(this.models.get(modelId).model);
  }

  /** The subgraph from `inputs` to `outputs` as a new model's files; refused when it would be invalid. */
  async extract(
    modelId: ModelId,
    inputs: readonly string[],
    outputs: readonly string[],
    job: Job,
  ): Promise<OutputFile[]> {
    const opened = this.models.get(modelId);
    const { model } = applyEdit(opened.model, { kind: 'extractSubgraph', inputs, outputs });
    await job.checkpoint();
    assertExportable(model, 'the extracted model');
    const stem = opened.fileName.replace(/\.[^.]+$/, '') || 'model';
    const name = `${stem}-extract${/\.[^.]+$/.exec(opened.fileName)?.[0] ?? ''}`;
    const written = writeEdited(opened.format, model, name);
    if (written.problem) throw failure('invalid-result', written.problem.message, opened.fileName);
    return copies(written.files);
  }

  /** The files the model had before its first edit. */
  originalFiles(modelId: ModelId): OutputFile[] {
    return copies((this.tracks.get(modelId)?.base ?? this.models.get(modelId)).files);
  }

  /** Forgets the histories of models no longer open. */
  forgetClosed(): void {
    const open = new Set(this.models.ids());
    for (const id of this.tracks.keys()) if (!open.has(id)) this.tracks.delete(id);
  }

  /** The model's history, started from the model open now when it has none. */
  private track(modelId: ModelId): EditTrack {
    const opened = this.models.get(modelId);
    let track = this.tracks.get(modelId);
    // Only this editor replaces an open model under its id: a history not ending at the open model is stale.
    if (!track || track.current.model !== opened.model) {
      track = new EditTrack(modelId, opened);
      this.tracks.set(modelId, track);
    }
    return track;
  }

  /**
   * Writes and describes `version` (caching the description on `keep`, the version the history holds),
   * then runs `change` on the history and keeps the version open. The original's files are the ones read.
   */
  private async commit(
    track: EditTrack,
    version: Version,
    job: Job,
    change: () => void,
    keep: Version = version,
  ): Promise<EditOutcome> {
    const written: WrittenFiles =
      keep === track.original
        ? { files: track.base.files }
        : writeEdited(track.base.format, version.model, track.base.fileName);
    const described = keep.described ?? (await describeVersion(track.modelId, track.base, version, written, job));
    await job.checkpoint();
    keep.described = described;
    change();
    this.models.set(track.modelId, openedVersion(track.base, version, written.files, described));
    return {
      result: resultCopy(described.result),
      problems: described.problems,
      history: track.view(),
      affected: version.affected,
      notes: version.notes,
    };
  }

  /** Runs `work` after every call on the same model before it. */
  private serial<T>(modelId: ModelId, work: () => Promise<T>): Promise<T> {
    const before = this.queues.get(modelId) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(work);
    this.queues.set(modelId, run);
    void run
      .finally(() => {
        if (this.queues.get(modelId) === run) this.queues.delete(modelId);
      })
      .catch(() => undefined);
    return run;
  }
}

/** 'Nothing to undo/redo' as a failure naming the model. */
function nothing(what: 'undo' | 'redo', fileName: string) {
  return failure('not-applicable', `there is no edit of ${fileName} to ${what}`, fileName);
}
