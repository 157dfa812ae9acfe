// The browser's IndexedDB, as the session uses it: one saved snapshot, and model files by member key. Kept
// thin on purpose (the logic around it is pure and unit-tested; this layer is exercised by the e2e test).
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { InputFile } from '../../workers/protocol';

const DB_NAME = 'scaledown-studio';
const DB_VERSION = 1;
const SNAPSHOT_KEY = 'current';

interface SessionSchema extends DBSchema {
  /** The saved snapshot (structured-cloned: Infinity and typed arrays survive as they are). */
  session: { key: string; value: unknown };
  /** A member's model files, stored once per member. */
  files: { key: string; value: { readonly files: readonly InputFile[] } };
}

/** Why the session cannot be kept: no IndexedDB (some private modes), or the quota is used up. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly reason: 'unavailable' | 'quota',
    message: string,
  ) {
    super(message);
  }
}

/** True when `error` says the storage quota is used up (browsers name it differently). */
export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

/** Runs a storage call, turning a quota failure into a StorageError('quota'). */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isQuotaError(error)) throw new StorageError('quota', 'the browser has no room left for this session');
    throw error;
  }
}

export interface SessionDb {
  readSnapshot(): Promise<unknown>;
  /** Saves the snapshot and drops the files of members it no longer has, in one transaction. */
  writeSnapshot(snapshot: unknown, keys: ReadonlySet<string>): Promise<void>;
  hasFiles(key: string): Promise<boolean>;
  writeFiles(key: string, files: readonly InputFile[]): Promise<void>;
  readFiles(key: string): Promise<InputFile[] | undefined>;
  /** Forgets the saved session and every stored file. */
  clear(): Promise<void>;
}

function over(db: IDBPDatabase<SessionSchema>): SessionDb {
  return {
    readSnapshot: () => db.get('session', SNAPSHOT_KEY),
    writeSnapshot: (snapshot, keys) =>
      guarded(async () => {
        const tx = db.transaction(['session', 'files'], 'readwrite');
        const files = tx.objectStore('files');
        const stale = (await files.getAllKeys()).filter((key) => !keys.has(key));
        await Promise.all([
          tx.objectStore('session').put(snapshot, SNAPSHOT_KEY),
          ...stale.map((k) => files.delete(k)),
        ]);
        await tx.done;
      }),
    hasFiles: async (key) => (await db.getKey('files', key)) !== undefined,
    writeFiles: (key, files) =>
      guarded(async () => {
        await db.put('files', { files }, key);
      }),
    readFiles: async (key) => (await db.get('files', key))?.files.map((f) => ({ name: f.name, bytes: f.bytes })),
    clear: async () => {
      const tx = db.transaction(['session', 'files'], 'readwrite');
      await Promise.all([tx.objectStore('session').clear(), tx.objectStore('files').clear()]);
      await tx.done;
    },
  };
}

let opening: Promise<SessionDb> | null = null;

/** The session database, opened once per page; rejects with StorageError('unavailable') when there is none. */
export function sessionDb(): Promise<SessionDb> {
  opening ??= (async () => {
    if (typeof indexedDB === 'undefined')
      throw new StorageError('unavailable', 'this browser gives the page no IndexedDB storage');
    try {
      const db = await openDB<SessionSchema>(DB_NAME, DB_VERSION, {
        upgrade(database) {
          database.createObjectStore('session');
          database.createObjectStore('files');
        },
      });
      return over(db);
    } catch (error) {
      const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
      throw new StorageError('unavailable', `the browser refused to open the session storage${detail}`);
    }
  })();
  return opening;
}
