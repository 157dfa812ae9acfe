// Keeps the session in the browser's storage as it changes: after a model opens, a variant is added, an
// evaluation lands, a member is edited, the shown member or the recipe changes. Saves run in the background,
// one at a time, coalesced; each member's model bytes are written once (under its key), the rest is a small
// snapshot.
import type { ModelId } from '../../workers/protocol';
import { EngineError } from '../../workers/client';
import { getEngine } from '../app/engine';
import { studioStore, type StudioState } from '../store';
import { RECORD_KINDS } from './records';
import { sessionDb, StorageError } from './session-db';
import { takeSnapshot } from './snapshot';
import { persistenceStore } from './status';

// Edits come in bursts (a slider dragged in the recipe editor): one save after they settle.
const SAVE_DELAY_MS = 250;

const keys = new Map<ModelId, string>();
let nextKey = 0;

/** A storage key for a member's files, the same for as long as the page keeps the member. */
export function keyOf(id: ModelId): string {
  let key = keys.get(id);
  if (key === undefined) {
    // Unique across page loads: keys of a restored session live on beside new ones.
    key = `f${Date.now().toString(36)}-${(nextKey++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    keys.set(id, key);
  }
  return key;
}

/** Remembers the keys a restored session's members are already stored under (by their new ids). */
export function rememberKeys(restored: ReadonlyMap<ModelId, string>): void {
  for (const [id, key] of restored) keys.set(id, key);
}

export const QUOTA_NOTICE =
  "This session is too large for the browser's storage, so a reload will not bring it back. " +
  'Use Session ▸ Export project to keep it.';
export const UNAVAILABLE_NOTICE =
  'This browser does not let the studio keep the session (private browsing?): a reload starts afresh. ' +
  'Use Session ▸ Export project to keep your work.';

let timer: ReturnType<typeof setTimeout> | null = null;
let running: Promise<void> | null = null;
let again = false;
/** Bumped when the saved session is forgotten: a save that started before must not write it back. */
let epoch = 0;
/** The family whose save ran out of room (not retried until another model is opened). */
let tooLarge: ModelId | null = null;
let unavailable = false;

const status = () => persistenceStore.getState();

async function saveOnce(): Promise<void> {
  const state = studioStore.getState();
  const snapshot = takeSnapshot(state, keyOf);
  // Nothing open (a blank page): the saved session stays for a later reload.
  if (!snapshot || unavailable || snapshot.members[0]!.id === tooLarge) return;
  const started = epoch;
  status().setSave('saving');
  try {
    const db = await sessionDb();
    for (const member of snapshot.members) {
      if (await db.hasFiles(member.key)) continue;
      // An edited member is stored as its original files (written once); the snapshot carries its history.
      const files = await getEngine().originalFiles(member.id);
      if (epoch !== started) return;
      await db.writeFiles(member.key, files);
    }
    if (epoch !== started) return;
    await db.writeSnapshot(snapshot, new Set(snapshot.members.map((m) => m.key)));
    tooLarge = null;
    status().setSave('saved');
    if (status().notice === QUOTA_NOTICE) status().setNotice(null);
  } catch (error) {
    if (error instanceof StorageError && error.reason === 'unavailable') {
      unavailable = true;
      status().setSave('off');
      status().setNotice(UNAVAILABLE_NOTICE);
    } else if (error instanceof StorageError) {
      // A half-saved family must not come back on reload, nor the one before it: forget both.
      tooLarge = snapshot.members[0]!.id;
      await sessionDb()
        .then((db) => db.clear())
        .catch(() => undefined);
      status().setSave('off');
      status().setNotice(QUOTA_NOTICE);
    } else if (error instanceof EngineError && error.code === 'unknown-model') {
      // The family was replaced while it was being saved: the save queued for the new one follows.
      status().setSave('idle');
    } else {
      status().setSave('off');
      status().setNotice(`The session could not be saved: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Runs saves one after another; a request while one runs makes one more run after it. */
function saveSoon(): void {
  timer = null;
  if (running) {
    again = true;
    return;
  }
  running = saveOnce().finally(() => {
    running = null;
    if (again) {
      again = false;
      saveSoon();
    }
  });
}

/** Asks for a save once changes settle. */
export function scheduleSave(): void {
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(saveSoon, SAVE_DELAY_MS);
}

/** What a save is about: when any of these change, the session is saved again. */
function watched(state: StudioState): readonly unknown[] {
  return [
    state.variants,
    state.model?.summary.modelId,
    state.recipeDoc.present,
    state.editHistories,
    ...RECORD_KINDS.map((kind) => state[kind.field]),
  ];
}

const sameItems = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

let stop: (() => void) | null = null;

/** Starts saving the session as it changes (once per page); saves what is open now too. */
export function startAutosave(): void {
  if (stop) return;
  const unsubscribe = studioStore.subscribe(watched, scheduleSave, { equalityFn: sameItems });
  // A save waiting when the page goes away runs at once (best effort: the browser may not wait for it).
  const flush = () => {
    if (timer !== null) {
      clearTimeout(timer);
      saveSoon();
    }
  };
  window.addEventListener('pagehide', flush);
  stop = () => {
    unsubscribe();
    window.removeEventListener('pagehide', flush);
  };
  scheduleSave();
}

/** Forgets the saved session (after any save under way), and the keys of the members open now. */
export async function forgetSaved(): Promise<void> {
  epoch++;
  if (timer !== null) clearTimeout(timer);
  timer = null;
  await running?.catch(() => undefined);
  keys.clear();
  tooLarge = null;
  try {
    await (await sessionDb()).clear();
    status().setSave('idle');
  } catch {
    // No storage: there was nothing saved to forget.
  }
}
