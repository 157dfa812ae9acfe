// The session's user-facing actions: restore the saved session on load, export and import a project file,
// and start a new session. A restore replaces the open family only once it has fully come back: a failed or
// cancelled one leaves what is open as it was.
import { EngineError, isCancelled } from '../../workers/client';
import type { ModelId, VariantInfo } from '../../workers/protocol';
import { getEngine } from '../app/engine';
import { cancelOpen, toUserError } from '../features/open/actions';
import { cancelQuantize } from '../features/quantize/actions';
import { newDoc } from '../features/recipe/edit';
import { createStudioStore, studioStore, type StudioState } from '../store';
import type { OpenModel } from '../store/types';
import { forgetSaved, keyOf, rememberKeys } from './autosave';
import { projectFileName, readProject, writeProject, type ProjectFile } from './project-file';
import { restoreFamily, type LoadFiles, type RestoredFamily } from './restore';
import { sessionDb, StorageError } from './session-db';
import { takeSnapshot, type SessionSnapshot } from './snapshot';
import { persistenceStore, type RestoreProgress } from './status';
import { checkSnapshot } from './validate';

let restoring: AbortController | null = null;
const status = () => persistenceStore.getState();

/** Stops the restore or import under way; what was open stays. */
export function cancelRestore(): void {
  restoring?.abort();
}

async function runRestore(
  snapshot: SessionSnapshot,
  loadFiles: LoadFiles,
  source: Pick<RestoreProgress, 'source' | 'fileName'>,
): Promise<{ restored: RestoredFamily; live: boolean }> {
  restoring?.abort();
  const controller = new AbortController();
  restoring = controller;
  // The family open when the restore began: if the user opens another model meanwhile, theirs wins.
  const family = studioStore.getState().variants[0]?.id;
  const count = snapshot.members.length;
  status().setRestoring({ ...source, index: 0, count, progress: null });
  try {
    const restored = await restoreFamily(getEngine(), snapshot, loadFiles, {
      signal: controller.signal,
      onProgress: (index, total, progress) => {
        if (restoring === controller) status().setRestoring({ ...source, index, count: total, progress });
      },
    });
    const live = restoring === controller && studioStore.getState().variants[0]?.id === family;
    if (!live)
      void getEngine()
        .closeModel(restored.entries[0]!.id)
        .catch(() => undefined);
    return { restored, live };
  } finally {
    if (restoring === controller) {
      restoring = null;
      status().setRestoring(null);
    }
  }
}

/** Replaces the open family with a restored one, in one go, showing the member that was shown. */
function applyFamily(restored: RestoredFamily): void {
  const previous = studioStore.getState().variants[0]?.id;
  cancelQuantize({ quiet: true });
  const [original, ...variants] = restored.entries;
  studioStore.getState().setModel(original!.model, original!.layout);
  for (const v of variants)
    studioStore.getState().addVariant(v.model as OpenModel & { readonly variant: VariantInfo }, v.layout);
  // Histories and problems of the edited members; before the records, as an outcome drops the member's
  // evaluations (the saved ones were made on the edited model).
  for (const outcome of restored.edits) studioStore.getState().applyEditOutcome(outcome);
  studioStore.setState(restored.records);
  if (restored.recipe) studioStore.setState({ recipeDoc: newDoc(restored.recipe) });
  studioStore.getState().showVariant(restored.shownId);
  if (previous !== undefined && previous !== original!.id)
    void getEngine()
      .closeModel(previous)
      .catch(() => undefined);
}

const skippedNotice = (restored: RestoredFamily, from: string): string | null =>
  restored.skipped.length === 0 ? null : `Not everything in ${from} came back. ${restored.skipped.join(' ')}`;

/**
 * Restores the session saved in this browser, if there is one: 'restored', 'none' (nothing saved, or no
 * storage), or 'failed' (the error is shown; the page stays empty rather than replacing the session).
 */
export async function restoreSavedSession(): Promise<'restored' | 'none' | 'failed'> {
  let db;
  let saved: unknown;
  try {
    db = await sessionDb();
    saved = await db.readSnapshot();
  } catch (error) {
    if (error instanceof StorageError) status().setSave('off');
    return 'none';
  }
  if (saved === undefined) return 'none';
  const fail = (message: string): 'failed' => {
    const forget = 'Session ▸ New session forgets it.';
    studioStore.getState().setError({ code: 'session-not-restored', message: `${message} ${forget}` });
    return 'failed';
  };
  let snapshot: SessionSnapshot;
  try {
    snapshot = checkSnapshot(saved);
  } catch (error) {
    return fail(`The saved session is not usable: ${(error as Error).message}.`);
  }
  const store = db;
  const loadFiles: LoadFiles = async (member) => {
    const files = await store.readFiles(member.key);
    if (!files) throw new EngineError('missing-file', `${member.files[0]!.name} is missing from the browser's storage`);
    return files;
  };
  try {
    const { restored, live } = await runRestore(snapshot, loadFiles, { source: 'reload' });
    if (!live) return 'restored';
    applyFamily(restored);
    rememberKeys(restored.keys);
    status().setNotice(skippedNotice(restored, 'the saved session'));
    return 'restored';
  } catch (error) {
    if (isCancelled(error)) return 'failed';
    return fail(`${EngineError.from(error).message}.`);
  }
}

const projectError = (fileName: string, message: string) =>
  studioStore.getState().setError({ code: 'invalid-project', fileName, message: `${fileName}: ${message}` });

/**
 * Opens a project file (.zip) exported by the studio: the family, its records and the recipe come back as
 * they were exported. A file that is not a project, or is damaged, is refused with a sentence saying why;
 * what was open stays.
 */
export async function importProject(file: File): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    studioStore
      .getState()
      .setError({ code: 'read-failed', fileName: file.name, message: `${file.name}: the file could not be read` });
    return;
  }
  let project;
  try {
    project = readProject(bytes);
  } catch (error) {
    return projectError(file.name, (error as Error).message);
  }
  const { snapshot, files } = project;
  const loadFiles: LoadFiles = async (member) => files.get(member.key)!;
  studioStore.getState().setError(null);
  try {
    const { restored, live } = await runRestore(snapshot, loadFiles, { source: 'import', fileName: file.name });
    if (!live) return;
    // The members get keys of their own in this browser's storage (saved anew by the autosave).
    applyFamily(restored);
    status().setNotice(skippedNotice(restored, file.name));
  } catch (error) {
    if (isCancelled(error)) return;
    const original = snapshot.members[0]!;
    projectError(
      file.name,
      `its original model (${original.files[0]!.name}) could not be opened: ${EngineError.from(error).message}`,
    );
  }
}

function download(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The session as a project file (.zip), through the browser's downloads; false when nothing is open. */
export async function exportProject(): Promise<boolean> {
  const snapshot = takeSnapshot(studioStore.getState(), keyOf);
  if (!snapshot) return false;
  const name = projectFileName(snapshot);
  try {
    const files = new Map<string, ProjectFile[]>();
    for (const member of snapshot.members) {
      // An edited member goes as its original files; the snapshot carries its history.
      const list = await getEngine().originalFiles(member.id);
      files.set(
        member.key,
        list.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })),
      );
    }
    download(writeProject(snapshot, files), name);
    return true;
  } catch (error) {
    studioStore.getState().setError(toUserError(error, name));
    return false;
  }
}

/** The store with no model open, keeping what is not about the session (samples, presets, panels). */
function blankState(): Partial<StudioState> {
  const fresh = Object.entries(createStudioStore().getState()).filter(([, v]) => typeof v !== 'function');
  const kept = new Set<string>(['samples', 'recipePresets', 'direction', 'chartsOpen']);
  return Object.fromEntries(fresh.filter(([k]) => !kept.has(k))) as Partial<StudioState>;
}

/** Closes the open model and its variants and forgets the saved session: the studio starts afresh. */
export async function newSession(): Promise<void> {
  cancelRestore();
  cancelOpen();
  cancelQuantize({ quiet: true });
  const previous: ModelId | undefined = studioStore.getState().variants[0]?.id;
  studioStore.setState(blankState());
  if (previous !== undefined)
    void getEngine()
      .closeModel(previous)
      .catch(() => undefined);
  status().setNotice(null);
  await forgetSaved();
}
