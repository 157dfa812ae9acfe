// Import, refusal and a new session through the app's store, with the engine in-process.
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessClient, type EngineClient } from '../../workers/client';
import { setEngine } from '../app/engine';
import { studioStore } from '../store';
import { importProject, newSession } from './actions';
import { writeProject, type ProjectFile } from './project-file';
import { takeSnapshot } from './snapshot';
import { evaluation, makeFamily, SPARSE } from './test-family';

let engine: EngineClient;
let zip: Uint8Array;

beforeAll(async () => {
  const family = await makeFamily();
  family.store.getState().showVariant(family.int8Id);
  const snapshot = takeSnapshot(family.store.getState(), (id) => id)!;
  const files = new Map<string, ProjectFile[]>();
  for (const m of snapshot.members)
    files.set(
      m.key,
      (await family.engine.modelFiles(m.id)).map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })),
    );
  zip = writeProject(snapshot, files);
  engine = await createInProcessClient();
  setEngine(engine);
});

afterAll(() => setEngine(null));

const file = (bytes: Uint8Array, name: string) => new File([bytes as Uint8Array<ArrayBuffer>], name);

describe('importing a project file into the studio', () => {
  it('opens the family as it was exported: members, the member shown, evaluations, recipe', async () => {
    await importProject(file(zip, 'tiny.scaledown.zip'));
    const s = studioStore.getState();
    expect(s.error).toBeNull();
    expect(s.variants.map((v) => v.label)).toEqual(['Original', 'int8 weights', 'Sparse']);
    const [original, int8] = s.variants;
    expect(s.model?.summary.modelId).toBe(int8!.id);
    expect(s.evaluations).toEqual({ [int8!.id]: evaluation(int8!.id, original!.id) });
    expect(s.recipeDoc.present).toEqual(SPARSE);
    expect((await engine.openModels()).sort()).toEqual(s.variants.map((v) => v.id).sort());
  });

  it('refuses a damaged or foreign zip with the file named, and keeps what is open', async () => {
    const before = studioStore.getState().variants.map((v) => v.id);
    await importProject(file(zip.subarray(0, 200), 'broken.zip'));
    expect(studioStore.getState().error).toEqual({
      code: 'invalid-project',
      fileName: 'broken.zip',
      message: 'broken.zip: it is not a readable zip archive (the file is damaged, truncated or not a zip)',
    });
    await importProject(file(zipSync({ 'a/1.png': new Uint8Array(3) }), 'photos.zip'));
    expect(studioStore.getState().error?.message).toBe(
      'photos.zip: it is a zip archive but not a ScaleDown project (it has no scaledown-project.json)',
    );
    expect(studioStore.getState().variants.map((v) => v.id)).toEqual(before);
    expect((await engine.openModels()).sort()).toEqual([...before].sort());
  });

  it('a new session closes the family and leaves the studio empty', async () => {
    studioStore.getState().setSamples([]);
    await newSession();
    const s = studioStore.getState();
    expect([s.model, s.variants, s.evaluations, s.layout]).toEqual([null, [], {}, null]);
    expect(s.recipeDoc.present.steps).toEqual([]);
    // What is not about the session stays.
    expect(s.samples).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await engine.openModels()).toEqual([]);
  });
});
