// NumPy's .npz: a zip archive of .npy files, one per array (numpy.savez / savez_compressed).
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { DatasetError } from '../errors';
import { readNpy, writeNpy, type NpyArray } from './npy';

/** Arrays by name (the file names in the archive without ".npy"). */
export interface NpzContents {
  readonly arrays: Readonly<Record<string, NpyArray>>;
}

/** Reads an .npz archive (stored or deflated entries). `name` is used in error messages. */
export function readNpz(bytes: Uint8Array, name = 'data.npz'): NpzContents {
  if (bytes.length === 0) throw new DatasetError('empty', `${name}: the file is empty`, name);
  // Local file header "PK\x03\x04", or an empty archive's end record "PK\x05\x06".
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b || (bytes[2] !== 3 && bytes[2] !== 5))
    throw new DatasetError('bad-magic', `${name}: is not an .npz file (not a zip archive)`, name);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new DatasetError('truncated', `${name}: the zip archive is damaged or cut short (${why})`, name);
  }
  const arrays: Record<string, NpyArray> = {};
  for (const [file, content] of Object.entries(files)) {
    if (!file.endsWith('.npy')) continue;
    arrays[file.slice(0, -4)] = readNpy(content, `${name}/${file}`);
  }
  if (Object.keys(arrays).length === 0)
    throw new DatasetError('missing-array', `${name}: the archive holds no .npy arrays`, name);
  return { arrays };
}

export interface NpzWriteOptions {
  /** Deflate the entries (numpy.savez_compressed); default true. */
  readonly compress?: boolean;
}

// A fixed timestamp (local time, as zip stores it) keeps the archive's bytes reproducible.
const EPOCH = new Date(1980, 0, 1, 0, 0, 0);

/** Writes arrays as an .npz archive. */
export function writeNpz(arrays: Readonly<Record<string, NpyArray>>, options: NpzWriteOptions = {}): Uint8Array {
  const level = options.compress === false ? 0 : 9;
  const entries: Zippable = {};
  for (const [key, array] of Object.entries(arrays)) entries[`${key}.npy`] = [writeNpy(array), { level, mtime: EPOCH }];
  return zipSync(entries);
}
