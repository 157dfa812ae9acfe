// Bringing a saved session back into an engine that knows nothing of it: the original is opened again from
// its files, each variant adopted under its (new) parent, an edited member's edits replayed, layouts reused
// when the graph is the same, and every model id in the records rewritten to the new ones. Nothing touches
// the store here: the caller applies the result in one go, so a failure leaves what is open as it was.
import type { Recipe } from '../../core';
import { EngineError, isCancelled, type EngineClient } from '../../workers/client';
import type { EditOutcome, InputFile, LayoutResult, ModelId, OpenResult, Progress } from '../../workers/protocol';
import type { StudioState } from '../store';
import type { OpenModel, VariantEntry } from '../store/types';
import { restoreRecords } from './records';
import { layoutFor, type SavedMember, type SessionSnapshot } from './snapshot';

export interface RestoredFamily {
  /** The original first, then the variants restored, each after its parent. */
  readonly entries: readonly VariantEntry[];
  readonly shownId: ModelId;
  /** Store fields to set from the saved records (ids rewritten). */
  readonly records: Partial<StudioState>;
  readonly recipe?: Recipe;
  /** Each restored member's storage key, by its new id. */
  readonly keys: ReadonlyMap<ModelId, string>;
  /** What replaying each edited member's history answered (the store applies them: histories, problems). */
  readonly edits: readonly EditOutcome[];
  /** Variants that could not be restored (or edits that could not be replayed), each as a sentence. */
  readonly skipped: readonly string[];
}

export interface RestoreOptions {
  readonly signal?: AbortSignal;
  /** Member `index` of `count` is being restored; `progress` is the engine's for it. */
  readonly onProgress?: (index: number, count: number, progress: Progress | null) => void;
}

/** The files of a saved member (from the session database, or from a project file). */
export type LoadFiles = (member: SavedMember) => Promise<InputFile[]>;

const messageOf = (error: unknown): string => EngineError.from(error).message;

/**
 * Restores `snapshot` into `engine`. The original must come back (else this rejects, with nothing left
 * open); a variant that cannot is skipped and said so, with the variants made from it.
 */
export async function restoreFamily(
  engine: EngineClient,
  snapshot: SessionSnapshot,
  loadFiles: LoadFiles,
  options: RestoreOptions = {},
): Promise<RestoredFamily> {
  const { signal } = options;
  const count = snapshot.members.length;
  const ids = new Map<ModelId, ModelId>();
  const keys = new Map<ModelId, string>();
  const entries: VariantEntry[] = [];
  const skipped: string[] = [];
  const edits: EditOutcome[] = [];
  let originalId: ModelId | undefined;

  const job = (index: number) => ({
    ...(signal ? { signal } : {}),
    onProgress: (progress: Progress) => options.onProgress?.(index, count, progress),
  });
  const laidOut = async (member: SavedMember, opened: OpenResult, index: number): Promise<LayoutResult> =>
    layoutFor(member.layout, opened.graph) ??
    (await engine.layout(opened.summary.modelId, member.layout?.direction ?? 'TB', job(index)));
  // An edited member comes back as its original files with its history replayed; if the history no longer
  // applies, the member stays as it was before its edits and the restore says so.
  const replayed = async (member: SavedMember, opened: OpenResult): Promise<OpenResult> => {
    if (!member.edits) return opened;
    try {
      const { done, undone } = member.edits;
      const outcome = await engine.replayEdits(opened.summary.modelId, done, undone, signal ? { signal } : {});
      edits.push(outcome);
      return outcome.result;
    } catch (error) {
      if (signal?.aborted || isCancelled(error)) throw error;
      skipped.push(
        `The edits of "${member.label}" could not be replayed, so it is as it was before them: ${messageOf(error)}`,
      );
      return opened;
    }
  };
  const keep = (member: SavedMember, model: OpenModel, layout: LayoutResult): void => {
    const id = model.summary.modelId;
    ids.set(member.id, id);
    keys.set(id, member.key);
    entries.push({ id, label: member.label, model, layout });
  };

  try {
    for (const [index, member] of snapshot.members.entries()) {
      if (signal?.aborted) throw new EngineError('cancelled', 'the operation was cancelled');
      options.onProgress?.(index, count, null);
      if (!member.variant) {
        const read = await engine.openModel(await loadFiles(member), job(index));
        originalId = read.summary.modelId;
        const opened = await replayed(member, read);
        const layout = await laidOut(member, opened, index);
        keep(member, { ...opened, ...(member.card ? { card: member.card } : {}) }, layout);
        continue;
      }
      const parentId = ids.get(member.variant.parentId);
      if (parentId === undefined) {
        skipped.push(`"${member.label}" was made from a variant that could not be restored.`);
        continue;
      }
      try {
        const read = await engine.adoptVariant(parentId, await loadFiles(member), member.variant, job(index));
        const adopted = { ...read, ...(await replayed(member, read)) };
        keep(member, adopted, await laidOut(member, adopted, index));
      } catch (error) {
        if (signal?.aborted || isCancelled(error)) throw error;
        skipped.push(`"${member.label}" could not be restored: ${messageOf(error)}`);
      }
    }
  } catch (error) {
    // Closing the original closes every variant adopted under it.
    if (originalId !== undefined) void engine.closeModel(originalId).catch(() => undefined);
    throw error;
  }
  return {
    entries,
    shownId: ids.get(snapshot.shownId) ?? entries[0]!.id,
    records: restoreRecords(snapshot.records, ids),
    ...(snapshot.recipe ? { recipe: snapshot.recipe } : {}),
    keys,
    edits,
    skipped,
  };
}
