// The project file: a session in one .zip to move it to another machine. It holds a manifest
// (scaledown-project.json: the format and its version, the family, the records, the recipe) and each
// member's model files under models/<n>/. Model files are stored, not deflated: they are mostly weights,
// which barely compress, and zipping stays quick on the page's thread.
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { InputFile } from '../../workers/protocol';
import { crc32 } from '../../core/export/crc32';
import { parseJson, stringifyJson } from './json-codec';
import type { SessionSnapshot } from './snapshot';
import { checkSnapshot, SessionFormatError } from './validate';

export const PROJECT_MANIFEST = 'scaledown-project.json';
/** What the manifest's `format` field says. */
export const PROJECT_FORMAT = 'scaledown-project';

/** A model file as it goes into a project. */
export interface ProjectFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A project read back: the session, and each member's files by its key in `snapshot`. */
export interface ProjectContents {
  readonly snapshot: SessionSnapshot;
  readonly files: ReadonlyMap<string, InputFile[]>;
}

// A file bigger than this in a project is refused before it is inflated (a "zip bomb" guard).
const MAX_ENTRY_BYTES = 2 ** 31;

const pathOf = (key: string, name: string): string => `models/${key}/${name}`;

/** True for names a project file goes by. */
export function isProjectFileName(name: string): boolean {
  return name.toLowerCase().endsWith('.zip');
}

/** The file name to export a session under: "mnist-cnn.scaledown.zip". */
export function projectFileName(snapshot: SessionSnapshot): string {
  const main = snapshot.members[0]?.files[0]?.name ?? 'session';
  const base = main.replace(/\.(onnx|tflite|json|pb)$/i, '') || 'session';
  return `${base}.scaledown.zip`;
}

/**
 * The project file of `snapshot`; `files` holds each member's model files by the member's key. Members are
 * renumbered 1, 2, … in the file (their keys there are their folders).
 */
export function writeProject(
  snapshot: SessionSnapshot,
  files: ReadonlyMap<string, readonly ProjectFile[]>,
): Uint8Array {
  // Flat paths: nested objects would add folder entries to the archive.
  const models: Zippable = {};
  const members = snapshot.members.map((member, i) => {
    const list = files.get(member.key);
    if (!list || list.length === 0) throw new Error(`the files of ${member.label} are missing`);
    const key = String(i + 1);
    for (const f of list) models[pathOf(key, f.name)] = [f.bytes, { level: 0 }];
    return {
      ...member,
      key,
      files: list.map((f) => ({ name: f.name, bytes: f.bytes.byteLength, crc32: crc32(f.bytes) })),
    };
  });
  const manifest = { format: PROJECT_FORMAT, app: 'ScaleDown Studio', ...snapshot, members };
  // The manifest comes first, so a reader finds what the archive is before the bulk of it.
  return zipSync({ [PROJECT_MANIFEST]: [strToU8(stringifyJson(manifest, 1)), { level: 6 }], ...models });
}

function fail(message: string): never {
  throw new SessionFormatError(message);
}

function unzip(bytes: Uint8Array, keep: (name: string, size: number) => boolean): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, { filter: (f) => keep(f.name, f.originalSize) });
  } catch (error) {
    if (error instanceof SessionFormatError) throw error;
    return fail('it is not a readable zip archive (the file is damaged, truncated or not a zip)');
  }
}

function readManifest(bytes: Uint8Array): unknown {
  const found = unzip(bytes, (name) => name === PROJECT_MANIFEST)[PROJECT_MANIFEST];
  if (!found) fail(`it is a zip archive but not a ScaleDown project (it has no ${PROJECT_MANIFEST})`);
  let manifest: unknown;
  try {
    manifest = parseJson(strFromU8(found));
  } catch {
    fail(`its ${PROJECT_MANIFEST} is not valid JSON`);
  }
  const format = (manifest as { format?: unknown } | null)?.format;
  if (format !== PROJECT_FORMAT) fail(`its ${PROJECT_MANIFEST} does not describe a ScaleDown project`);
  return manifest;
}

/** A buffer holding exactly `bytes` (what the engine is handed). */
const ownBuffer = (bytes: Uint8Array): ArrayBuffer =>
  bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.slice().buffer as ArrayBuffer);

/**
 * Reads a project file: its manifest (checked as a session) and every model file it lists, each checked
 * against the size and CRC-32 the manifest gives. Throws a SessionFormatError saying what is wrong.
 */
export function readProject(bytes: Uint8Array): ProjectContents {
  const snapshot = checkSnapshot(readManifest(bytes));
  const wanted = new Set(snapshot.members.flatMap((m) => m.files.map((f) => pathOf(m.key, f.name))));
  const found = unzip(bytes, (name, size) => {
    if (!wanted.has(name)) return false;
    if (size > MAX_ENTRY_BYTES) fail(`${name} in it is too large to open`);
    return true;
  });
  const files = new Map<string, InputFile[]>();
  for (const member of snapshot.members) {
    const list = member.files.map((f): InputFile => {
      const path = pathOf(member.key, f.name);
      const data = found[path];
      if (!data) fail(`it is missing ${path}, a file of ${member.label}`);
      if (data.byteLength !== f.bytes)
        fail(`${path} in it has ${data.byteLength} bytes where the manifest says ${f.bytes}`);
      if (f.crc32 !== undefined && crc32(data) !== f.crc32)
        fail(`${path} in it is damaged (its checksum does not match)`);
      return { name: f.name, bytes: ownBuffer(data) };
    });
    files.set(member.key, list);
  }
  return { snapshot, files };
}
