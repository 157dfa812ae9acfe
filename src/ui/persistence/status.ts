// What the session menu shows about keeping the session: whether it is saved, why it cannot be, and the
// progress of a restore (a reload, an import). Its own small store: none of it belongs to the studio's.
import type { Progress } from '../../workers/protocol';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

/** Where saving stands: not started, writing, written, or not possible here (`notice` says why). */
export type SaveState = 'idle' | 'saving' | 'saved' | 'off';

/** A restore under way: which member of how many, and that member's progress. */
export interface RestoreProgress {
  /** 'reload': the saved session; 'import': a project file (named). */
  readonly source: 'reload' | 'import';
  readonly fileName?: string;
  readonly index: number;
  readonly count: number;
  readonly progress: Progress | null;
}

export interface PersistenceState {
  save: SaveState;
  /** A sentence about keeping the session (storage missing or full, a session that could not be restored). */
  notice: string | null;
  restoring: RestoreProgress | null;
  setSave(save: SaveState): void;
  setNotice(notice: string | null): void;
  setRestoring(restoring: RestoreProgress | null): void;
}

export const persistenceStore = createStore<PersistenceState>()((set) => ({
  save: 'idle',
  notice: null,
  restoring: null,
  setSave: (save) => set({ save }),
  setNotice: (notice) => set({ notice }),
  setRestoring: (restoring) => set({ restoring }),
}));

/** Reads the persistence store with a selector. */
export function usePersistence<T>(selector: (state: PersistenceState) => T): T {
  return useStore(persistenceStore, selector);
}
