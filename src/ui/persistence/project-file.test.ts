import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from './json-codec';
import {
  isProjectFileName,
  PROJECT_MANIFEST,
  projectFileName,
  readProject,
  writeProject,
  type ProjectFile,
} from './project-file';
import { takeSnapshot, type SessionSnapshot } from './snapshot';
import { makeFamily, type TestFamily } from './test-family';
import { SessionFormatError } from './validate';

let family: TestFamily;
let snapshot: SessionSnapshot;
let files: Map<string, ProjectFile[]>;
let zip: Uint8Array;

beforeAll(async () => {
  family = await makeFamily();
  snapshot = takeSnapshot(family.store.getState(), (id) => `key-${id}`, 99)!;
  files = new Map();
  for (const m of snapshot.members)
    files.set(
      m.key,
      (await family.engine.modelFiles(m.id)).map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })),
    );
  zip = writeProject(snapshot, files);
});

/** The project's entries, changed by `change`, zipped again. */
function rezip(change: (entries: Record<string, Uint8Array>) => void): Uint8Array {
  const entries = unzipSync(zip);
  change(entries);
  return zipSync(entries as Zippable);
}

function refusal(bytes: Uint8Array): string {
  try {
    readProject(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(SessionFormatError);
    return (error as Error).message;
  }
  throw new Error('expected the project to be refused');
}

describe('project file', () => {
  it('holds a versioned manifest first, then each member’s files under models/<n>/', () => {
    const entries = unzipSync(zip);
    expect(Object.keys(entries)[0]).toBe(PROJECT_MANIFEST);
    expect(Object.keys(entries).slice(1).sort()).toEqual([
      'models/1/tiny.onnx',
      'models/2/tiny.w8.onnx',
      'models/3/tiny.sparse.onnx',
    ]);
    const manifest = parseJson(new TextDecoder().decode(entries[PROJECT_MANIFEST])) as Record<string, unknown>;
    expect(manifest).toMatchObject({ format: 'scaledown-project', version: 2, app: 'ScaleDown Studio' });
  });

  it('reads back the same session and the same bytes', () => {
    const { snapshot: back, files: read } = readProject(zip);
    expect(back.members.map((m) => m.key)).toEqual(['1', '2', '3']);
    expect(back.members.map(({ key: _k, files: _f, ...rest }) => rest)).toEqual(
      snapshot.members.map(({ key: _k, files: _f, ...rest }) => rest),
    );
    expect([back.shownId, back.savedAt, back.recipe, back.records]).toEqual([
      snapshot.shownId,
      99,
      snapshot.recipe,
      snapshot.records,
    ]);
    snapshot.members.forEach((m, i) => {
      const original = files.get(m.key)!;
      const got = read.get(String(i + 1))!;
      expect(got.map((f) => f.name)).toEqual(original.map((f) => f.name));
      expect(got.map((f) => [...new Uint8Array(f.bytes)])).toEqual(original.map((f) => [...f.bytes]));
      expect(back.members[i]!.files[0]!.crc32).toEqual(expect.any(Number));
    });
  });

  it('is named after the original model', () => {
    expect(projectFileName(snapshot)).toBe('tiny.scaledown.zip');
    expect(isProjectFileName('Tiny.SCALEDOWN.ZIP')).toBe(true);
    expect(isProjectFileName('model.onnx')).toBe(false);
  });

  it('refuses what is not a project, saying why', () => {
    expect(refusal(new Uint8Array([1, 2, 3, 4, 5]))).toMatch(/not a readable zip archive/);
    expect(refusal(zip.subarray(0, zip.length - 30))).toMatch(/not a readable zip archive/);
    expect(refusal(zipSync({ 'flowers/daisy/1.png': new Uint8Array(4) }))).toBe(
      'it is a zip archive but not a ScaleDown project (it has no scaledown-project.json)',
    );
    expect(refusal(zipSync({ [PROJECT_MANIFEST]: strToU8('{"format":') }))).toMatch(/is not valid JSON/);
    expect(refusal(zipSync({ [PROJECT_MANIFEST]: strToU8('{"format":"other"}') }))).toMatch(
      /does not describe a ScaleDown project/,
    );
  });

  it('refuses a newer format, a missing file, and a damaged one', () => {
    const newer = rezip((e) => {
      const manifest = JSON.parse(new TextDecoder().decode(e[PROJECT_MANIFEST])) as Record<string, unknown>;
      e[PROJECT_MANIFEST] = strToU8(JSON.stringify({ ...manifest, version: 3 }));
    });
    expect(refusal(newer)).toMatch(/saved by a newer ScaleDown Studio \(format 3/);
    expect(refusal(rezip((e) => delete e['models/2/tiny.w8.onnx']))).toBe(
      'it is missing models/2/tiny.w8.onnx, a file of int8 weights',
    );
    const flipped = rezip((e) => {
      const bytes = e['models/1/tiny.onnx']!;
      bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff;
    });
    expect(refusal(flipped)).toBe('models/1/tiny.onnx in it is damaged (its checksum does not match)');
    const shorter = rezip((e) => (e['models/3/tiny.sparse.onnx'] = e['models/3/tiny.sparse.onnx']!.subarray(1)));
    expect(refusal(shorter)).toMatch(/^models\/3\/tiny\.sparse\.onnx in it has \d+ bytes where the manifest says \d+$/);
  });
});
