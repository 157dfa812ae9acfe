// Bringing a saved session back into an engine that knows nothing of it: the original is opened again from
// its files, each variant adopted under its (new) parent, layouts reused when the graph is the same, and
// every model id in the records rewritten to the new ones. Nothing touches the store here: the caller
// applies the result in one go, so a failure leaves what is open as it was.
import type { Recipe } from '../../core';
import { EngineError, isCancelled, type EngineClient } from '../../workers/client';
import type { InputFile, LayoutResult, ModelId, OpenResult, Progress } from '../../workers/protocol';
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
  /** Variants that could not be restored, each as a sentence. */
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
  let originalId: ModelId | undefined;

  const job = (index: number) => ({
    ...(signal ? { signal } : {}),
    onProgress: (progress: Progress) => options.onProgress?.(index, count, progress),
  });
  const laidOut = async (member: SavedMember, opened: OpenResult, index: number): Promise<LayoutResult> =>
    layoutFor(member.layout, opened.graph) ??
    (await engine.layout(opened.summary.modelId, member.layout?.direction ?? 'TB', job(index)));
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
        const opened = await engine.openModel(await loadFiles(member), job(index));
        originalId = opened.summary.modelId;
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
        const adopted = await engine.adoptVariant(parentId, await loadFiles(member), member.variant, job(index));
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
    skipped,
  };
}
