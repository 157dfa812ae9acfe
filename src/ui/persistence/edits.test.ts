// Edited members in a session: saved as their original files plus their history, brought back by replaying
// it (undo and redo still work), older sessions without edits still read, damaged histories refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EditOp } from '../../core';
import { createInProcessClient, type EngineClient } from '../../workers/client';
import type { EditOutcome, OpenResult, OutputFile } from '../../workers/protocol';
import { setEngine } from '../app/engine';
import { studioStore } from '../store';
import { importProject } from './actions';
import { parseJson, stringifyJson } from './json-codec';
import { readProject, writeProject, type ProjectContents, type ProjectFile } from './project-file';
import { restoreFamily, type LoadFiles } from './restore';
import { SESSION_FORMAT_VERSION, takeSnapshot, type SessionSnapshot } from './snapshot';
import { makeFamily, type TestFamily } from './test-family';
import { checkSnapshot } from './validate';

const RENAME: EditOp = { kind: 'renameTensor', tensor: 'x', name: 'image' };
const BYPASS: EditOp = { kind: 'bypassNode', node: 'relu' };

let family: TestFamily;
let snapshot: SessionSnapshot;
let project: ProjectContents;
let zip: Uint8Array;
let renameNode: Extract<EditOp, { kind: 'renameNode' }>;

const same = (a: readonly OutputFile[], b: readonly OutputFile[]): boolean =>
  a.length === b.length && a.every((f, i) => Buffer.from(f.bytes).equals(Buffer.from(b[i]!.bytes)));

beforeAll(async () => {
  family = await makeFamily();
  const { engine, store, originalId, int8Id } = family;
  const apply = async (outcome: Promise<EditOutcome>) => store.getState().applyEditOutcome(await outcome);
  await apply(engine.editModel(originalId, RENAME));
  await apply(engine.editModel(originalId, BYPASS));
  await apply(engine.undoEdit(originalId));
  const int8 = store.getState().variants.find((v) => v.id === int8Id)!;
  renameNode = { kind: 'renameNode', node: int8.model.graph.nodes.find((n) => n.kind === 'op')!.id, name: 'first' };
  await apply(engine.editModel(int8Id, renameNode));
  snapshot = takeSnapshot(store.getState(), (id) => `key-${id}`)!;
  const files = new Map<string, ProjectFile[]>();
  for (const m of snapshot.members) {
    const list = await engine.originalFiles(m.id);
    files.set(
      m.key,
      list.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })),
    );
  }
  zip = writeProject(snapshot, files);
  project = readProject(zip);
});

afterAll(() => setEngine(null));

const fromProject: LoadFiles = async (member) =>
  project.files.get(member.key)!.map((f) => ({ name: f.name, bytes: f.bytes.slice(0) }));

const describedAs = ({ summary, graph }: OpenResult) => {
  const { modelId: _id, timings: _t, timeline, ...rest } = summary;
  return { rest, timeline: [...timeline], nodes: graph.nodes.map(({ id, op, name }) => ({ id, op, name })) };
};

describe('saving edited members', () => {
  it('keeps each edited member as its original files and its done and undone edits', async () => {
    expect(snapshot.version).toBe(2);
    const [original, int8, pruned] = snapshot.members;
    expect(original!.edits).toEqual({ done: [RENAME], undone: [BYPASS] });
    expect(int8!.edits).toEqual({ done: [renameNode], undone: [] });
    expect(pruned!.edits).toBeUndefined();
    const originalFiles = await family.engine.originalFiles(family.originalId);
    expect(original!.files).toEqual([{ name: 'tiny.onnx', bytes: originalFiles[0]!.bytes.byteLength }]);
    // The project holds the original bytes, not the edited model's.
    const stored = project.files.get('1')![0]!;
    expect(same([stored], originalFiles)).toBe(true);
    expect(same([stored], await family.engine.modelFiles(family.originalId))).toBe(false);
  });
});

describe('restoring edited members', () => {
  it('replays the histories: same models byte for byte, and undo and redo still work', async () => {
    const engine: EngineClient = await createInProcessClient();
    const restored = await restoreFamily(engine, project.snapshot, fromProject);
    expect(restored.skipped).toEqual([]);
    const [original, int8, pruned] = restored.entries;
    expect(restored.edits.map((o) => o.result.summary.modelId)).toEqual([original!.id, int8!.id]);
    expect(restored.edits[0]!.history.undone.map((e) => e.op)).toEqual([BYPASS]);
    const before = family.store.getState().variants;
    restored.entries.forEach((entry, i) => expect(describedAs(entry.model)).toEqual(describedAs(before[i]!.model)));
    expect(original!.model.summary.inputs.map((t) => t.name)).toEqual(['image']);
    // The saved layout was of the edited graph: it is reused.
    expect([...original!.layout.positions]).toEqual([...before[0]!.layout.positions]);
    for (const [i, id] of [family.originalId, family.int8Id, family.prunedId].entries())
      expect(same(await engine.modelFiles(restored.entries[i]!.id), await family.engine.modelFiles(id))).toBe(true);
    expect(pruned!.model.variant?.parentId).toBe(original!.id);

    const redone = await engine.redoEdit(original!.id);
    expect(redone.result.summary.nodeCount).toBe(1);
    await engine.undoEdit(original!.id);
    await engine.undoEdit(original!.id);
    expect(same(await engine.modelFiles(original!.id), await family.engine.originalFiles(family.originalId))).toBe(
      true,
    );
  });

  it('keeps a member as it was before its edits when they no longer apply, and says so', async () => {
    const engine = await createInProcessClient();
    const stale: SessionSnapshot = {
      ...project.snapshot,
      members: project.snapshot.members.map((m, i) =>
        i === 0 ? { ...m, edits: { done: [{ kind: 'deleteNode', node: 'gone' }], undone: [] } } : m,
      ),
    };
    const restored = await restoreFamily(engine, stale, fromProject);
    expect(restored.entries).toHaveLength(3);
    expect(restored.edits).toHaveLength(1);
    expect(restored.skipped).toEqual([
      expect.stringMatching(/^The edits of "Original" could not be replayed, so it is as it was before them: .*"gone"/),
    ]);
    expect(restored.entries[0]!.model.summary.inputs.map((t) => t.name)).toEqual(['x']);
  });

  it('gives the studio the histories and problems of an imported project', async () => {
    const engine = await createInProcessClient();
    setEngine(engine);
    await importProject(new File([zip as Uint8Array<ArrayBuffer>], 'tiny.scaledown.zip'));
    const s = studioStore.getState();
    expect(s.error).toBeNull();
    const [original, int8] = s.variants;
    expect(s.editHistories[original!.id]?.done.map((e) => e.op)).toEqual([RENAME]);
    expect(s.editHistories[original!.id]?.undone.map((e) => e.op)).toEqual([BYPASS]);
    expect(s.editHistories[int8!.id]?.done.map((e) => e.label)).toEqual([
      `rename node "${renameNode.node}" to "first"`,
    ]);
    expect(s.problems[original!.id]?.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('reading saved sessions', () => {
  const asJson = (value: unknown): Record<string, unknown> =>
    parseJson(stringifyJson(value, 0)) as Record<string, unknown>;

  it('reads a session of the previous format (no edits)', () => {
    const old = asJson({
      ...snapshot,
      version: 1,
      members: snapshot.members.map(({ edits: _edits, ...m }) => m),
    });
    const read = checkSnapshot(old);
    expect(read.version).toBe(1);
    expect(read.members.every((m) => m.edits === undefined)).toBe(true);
  });

  it('refuses a newer format, and edits that are not edits, in a sentence', () => {
    expect(() => checkSnapshot(asJson({ ...snapshot, version: SESSION_FORMAT_VERSION + 1 }))).toThrow(
      /saved by a newer ScaleDown Studio \(format 3; this one reads format 2 and older\)/,
    );
    const damaged = asJson({
      ...snapshot,
      members: snapshot.members.map((m, i) => (i === 1 ? { ...m, edits: { done: [{ kind: 'explode' }] } } : m)),
    });
    expect(() => checkSnapshot(damaged)).toThrow(
      /^variant "int8 weights": its saved edits are not readable \(done\[0\]: unknown kind "explode"/,
    );
  });
});
