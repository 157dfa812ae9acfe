// A session's whole trip, with the real engine in-process: the family's snapshot and files go into a
// project file, come back out, and are restored into a fresh engine (as after a reload) under new ids.
import { beforeAll, describe, expect, it } from 'vitest';
import { createInProcessClient, EngineError, type EngineClient } from '../../workers/client';
import type { InputFile, OpenResult } from '../../workers/protocol';
import { tinyConvFile } from '../../workers/test-models';
import { readProject, writeProject, type ProjectContents, type ProjectFile } from './project-file';
import { restoreFamily, type LoadFiles } from './restore';
import { takeSnapshot, type SessionSnapshot } from './snapshot';
import { evaluation, makeFamily, SPARSE, type TestFamily } from './test-family';

let family: TestFamily;
let snapshot: SessionSnapshot;
let project: ProjectContents;

beforeAll(async () => {
  family = await makeFamily();
  snapshot = takeSnapshot(family.store.getState(), (id) => `key-${id}`)!;
  const files = new Map<string, ProjectFile[]>();
  for (const m of snapshot.members) {
    const list = await family.engine.modelFiles(m.id);
    files.set(
      m.key,
      list.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })),
    );
  }
  project = readProject(writeProject(snapshot, files));
});

/** A fresh engine whose next ids differ from the saved ones (a model was opened and closed first). */
async function freshEngine(): Promise<EngineClient> {
  const engine = await createInProcessClient();
  const first = await engine.openModel([tinyConvFile()]);
  await engine.closeModel(first.summary.modelId);
  return engine;
}

/** Each load hands over copies (the engine takes ownership of what it is given). */
const fromProject =
  (contents: ProjectContents = project): LoadFiles =>
  async (member) =>
    contents.files.get(member.key)!.map((f) => ({ name: f.name, bytes: f.bytes.slice(0) }));

const describedAs = ({ summary, graph }: OpenResult) => {
  const { modelId: _id, timings: _t, timeline, ...rest } = summary;
  return { rest, timeline: [...timeline], nodes: graph.nodes.map(({ id, op, badges }) => ({ id, op, badges })) };
};

describe('restoreFamily', () => {
  it('brings the family back under new ids: same figures, graphs, reports, layouts and records', async () => {
    const engine = await freshEngine();
    const restored = await restoreFamily(engine, project.snapshot, fromProject());
    const before = family.store.getState().variants;
    const ids = restored.entries.map((e) => e.id);
    expect(ids).toHaveLength(3);
    // Shifted by one (m1 → m2, m2 → m3, …): old and new ids overlap, so a rewrite that chained would show.
    expect(ids.every((id, i) => id !== before[i]!.id)).toBe(true);
    expect(restored.entries.map((e) => e.label)).toEqual(['Original', 'int8 weights', 'Sparse']);
    restored.entries.forEach((entry, i) => {
      const was = before[i]!;
      expect(describedAs(entry.model)).toEqual(describedAs(was.model));
      // Layouts come back from the save (the LR one of the pruned variant too), not from a new layout run.
      expect(entry.layout.modelId).toBe(entry.id);
      expect(entry.layout.direction).toBe(was.layout.direction);
      expect([...entry.layout.positions]).toEqual([...was.layout.positions]);
    });
    const [original, int8, pruned] = restored.entries;
    expect(int8!.model.variant).toEqual({ ...before[1]!.model.variant, modelId: int8!.id, parentId: original!.id });
    expect(pruned!.model.variant?.parentId).toBe(original!.id);
    expect(restored.shownId).toBe(pruned!.id);
    expect(restored.records).toEqual({
      evaluations: { [int8!.id]: evaluation(int8!.id, original!.id) },
      layerError: null,
      sensitivity: null,
    });
    expect(restored.recipe).toEqual(SPARSE);
    expect(restored.skipped).toEqual([]);
    expect([...restored.keys.values()]).toEqual(['1', '2', '3']);
    expect((await engine.openModels()).sort()).toEqual([...ids].sort());
  });

  it('skips a variant whose file is damaged, saying which and why, and keeps the rest', async () => {
    const engine = await freshEngine();
    const damaged: LoadFiles = async (member) =>
      member.key === '2' ? [{ name: 'tiny.w8.onnx', bytes: new Uint8Array([9, 9, 9]).buffer }] : fromProject()(member);
    const restored = await restoreFamily(engine, project.snapshot, damaged);
    expect(restored.entries.map((e) => e.label)).toEqual(['Original', 'Sparse']);
    expect(restored.skipped).toEqual([expect.stringMatching(/^"int8 weights" could not be restored: tiny\.w8\.onnx/)]);
    // Its evaluation goes with it.
    expect(restored.records.evaluations).toEqual({});
  });

  it('fails as a whole when the original cannot be opened, leaving nothing open', async () => {
    const engine = await freshEngine();
    const broken: LoadFiles = async (member) =>
      member.key === '1' ? [{ name: 'tiny.onnx', bytes: new ArrayBuffer(0) }] : fromProject()(member);
    await expect(restoreFamily(engine, project.snapshot, broken)).rejects.toBeInstanceOf(EngineError);
    expect(await engine.openModels()).toEqual([]);
  });

  it('stops when cancelled, closing what it had opened', async () => {
    const engine = await freshEngine();
    const controller = new AbortController();
    const stopping: LoadFiles = async (member): Promise<InputFile[]> => {
      if (member.key === '3') controller.abort();
      return fromProject()(member);
    };
    const run = restoreFamily(engine, project.snapshot, stopping, { signal: controller.signal });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(await engine.openModels()).toEqual([]);
  });

  it('lays a member out again when its saved layout was made for another graph', async () => {
    const engine = await freshEngine();
    const stale: SessionSnapshot = {
      ...project.snapshot,
      members: project.snapshot.members.map((m) => ({ ...m, layout: { ...m.layout!, fingerprint: '00000000' } })),
    };
    const phases: string[] = [];
    const restored = await restoreFamily(engine, stale, fromProject(), {
      onProgress: (_i, _n, p) => p && phases.push(p.phase),
    });
    expect(phases).toContain('layout');
    expect(restored.entries[2]!.layout.direction).toBe('LR');
    expect(restored.entries[2]!.layout.positions.length).toBe(2 * restored.entries[2]!.model.graph.nodes.length);
  });
});
