import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphView } from '../../workers/protocol';
import { createStudioStore } from '../store';
import { parseJson, stringifyJson } from './json-codec';
import { restoreRecords, rewriteIds } from './records';
import { graphFingerprint, layoutFor, SESSION_FORMAT_VERSION, takeSnapshot, type SessionSnapshot } from './snapshot';
import { evaluation, makeFamily, SPARSE, type TestFamily } from './test-family';
import { checkSnapshot, isPlainName, SessionFormatError } from './validate';

let family: TestFamily;
let snapshot: SessionSnapshot;
const keyOf = (id: string) => `key-${id}`;

beforeAll(async () => {
  family = await makeFamily();
  snapshot = takeSnapshot(family.store.getState(), keyOf, 1234)!;
});

describe('takeSnapshot', () => {
  it('lists the family in order with keys, files, records and their parent links', () => {
    const { originalId, int8Id, prunedId } = family;
    expect(snapshot.version).toBe(SESSION_FORMAT_VERSION);
    expect(snapshot.savedAt).toBe(1234);
    expect(snapshot.members.map((m) => [m.id, m.key, m.label, m.variant?.parentId])).toEqual([
      [originalId, `key-${originalId}`, 'Original', undefined],
      [int8Id, `key-${int8Id}`, 'int8 weights', originalId],
      [prunedId, `key-${prunedId}`, 'Sparse', originalId],
    ]);
    expect(snapshot.members[0]!.files).toEqual([{ name: 'tiny.onnx', bytes: expect.any(Number) }]);
    expect(snapshot.members[1]!.variant?.kind).toBe('quantize');
    // The member shown last (the pruned one) is the one shown after a restore.
    expect(snapshot.shownId).toBe(prunedId);
    expect(snapshot.records).toEqual({ evaluations: { [int8Id]: evaluation(int8Id, originalId) } });
    expect(snapshot.recipe).toEqual(SPARSE);
  });

  it('saves each layout with the graph it belongs to', () => {
    const pruned = family.store.getState().variants[2]!;
    const saved = snapshot.members[2]!.layout!;
    expect(saved.direction).toBe('LR');
    expect(saved.nodes).toBe(pruned.model.graph.nodes.length);
    expect(saved.fingerprint).toBe(graphFingerprint(pruned.model.graph));
  });

  it('is null with no model open, and leaves records out when there are none', async () => {
    expect(takeSnapshot(createStudioStore().getState(), keyOf)).toBeNull();
    const store = createStudioStore();
    const original = family.store.getState().variants[0]!;
    store.getState().setModel(original.model, original.layout);
    const alone = takeSnapshot(store.getState(), keyOf)!;
    expect(alone.records).toEqual({});
    expect(alone.members).toHaveLength(1);
  });
});

describe('layoutFor', () => {
  it('gives the saved positions back under the new id when the graph is the same', () => {
    const entry = family.store.getState().variants[1]!;
    const graph: GraphView = { ...entry.model.graph, modelId: 'm42' };
    const layout = layoutFor(snapshot.members[1]!.layout, graph)!;
    expect(layout.modelId).toBe('m42');
    expect([...layout.positions]).toEqual([...entry.layout.positions]);
    expect(layout.direction).toBe('TB');
  });

  it('refuses positions made for another graph (other nodes, or the same count in another order)', () => {
    const graph = family.store.getState().variants[1]!.model.graph;
    const saved = snapshot.members[1]!.layout!;
    expect(layoutFor(saved, { ...graph, nodes: graph.nodes.slice(1) })).toBeUndefined();
    expect(layoutFor(saved, { ...graph, nodes: [...graph.nodes].reverse() })).toBeUndefined();
    expect(layoutFor(undefined, graph)).toBeUndefined();
  });
});

describe('records under new ids', () => {
  const ids = new Map([
    ['m1', 'm7'],
    ['m2', 'm8'],
  ]);

  it('rekeys evaluations and rewrites the ids inside (the model and its reference)', () => {
    const restored = restoreRecords({ evaluations: { m2: evaluation('m2', 'm1') } }, ids);
    expect(restored).toEqual({ evaluations: { m8: evaluation('m8', 'm7') }, layerError: null, sensitivity: null });
    // Infinity (an identical reference) survives the rewrite.
    expect(restored.evaluations!.m8!.result.result.reference?.sqnr).toBe(Infinity);
  });

  it('drops records about models that did not come back, and malformed ones', () => {
    const saved = {
      evaluations: {
        m1: { ...evaluation('m1', 'm2'), result: null },
        m2: evaluation('m2', 'm9'),
        m3: evaluation('m3', 'm1'),
      },
    };
    const empty = { evaluations: {}, layerError: null, sensitivity: null };
    expect(restoreRecords(saved, ids)).toEqual(empty);
    // A record filed under another model than its own.
    expect(restoreRecords({ evaluations: { m1: evaluation('m2', 'm1') } }, ids)).toEqual(empty);
    expect(restoreRecords({ evaluations: 'nonsense' }, ids)).toEqual(empty);
    expect(restoreRecords({}, ids)).toEqual(empty);
  });

  it('gives one-value records (a per-layer error) their new ids, or drops them when a model is gone', () => {
    const layerError = {
      modelId: 'm2',
      referenceId: 'm1',
      rows: [{ nodeId: 'conv', sqnr: NaN }],
      output: { sqnr: Infinity },
      samples: 5,
    };
    const restored = restoreRecords({ layerError }, ids);
    expect(restored.layerError).toEqual({ ...layerError, modelId: 'm8', referenceId: 'm7' });
    expect(restoreRecords({ layerError: { ...layerError, referenceId: 'm3' } }, ids).layerError).toBeNull();
    // One that lacks what the analysis panel reads is dropped too.
    expect(restoreRecords({ layerError: { ...layerError, rows: 'x' } }, ids).layerError).toBeNull();
  });

  it('rewriteIds walks arrays and nested objects, leaving other strings and typed arrays alone', () => {
    const positions = new Float64Array([1, 2]);
    const value = { list: [{ modelId: 'm1', name: 'm1' }], deep: { parentId: 'm2', positions } };
    expect(rewriteIds(value, ids)).toEqual({
      list: [{ modelId: 'm7', name: 'm1' }],
      deep: { parentId: 'm8', positions },
    });
    expect(rewriteIds({ list: [{ referenceId: 'm5' }] }, ids)).toBeUndefined();
  });
});

describe('checkSnapshot', () => {
  it('accepts a snapshot the studio took, as it was', () => {
    // Cloned through the project file's JSON (a structuredClone here would make typed arrays of another realm).
    expect(checkSnapshot(parseJson(stringifyJson(snapshot)))).toEqual(snapshot);
  });

  const broken = (change: (s: Record<string, unknown>) => void): string => {
    const copy = structuredClone(snapshot) as unknown as Record<string, unknown>;
    change(copy);
    try {
      checkSnapshot(copy);
    } catch (error) {
      expect(error).toBeInstanceOf(SessionFormatError);
      return (error as Error).message;
    }
    throw new Error('expected checkSnapshot to refuse it');
  };
  const members = (s: Record<string, unknown>) => s.members as Record<string, unknown>[];

  it('names what is wrong', () => {
    expect(broken((s) => (s.version = 7))).toMatch(/newer ScaleDown Studio \(format 7; this one reads format 2/);
    expect(broken((s) => (s.members = []))).toBe('it lists no models');
    expect(broken((s) => (s.version = 'one'))).toMatch(/which version/);
    expect(broken((s) => members(s).reverse())).toMatch(/first model listed is a variant/);
    expect(broken((s) => (members(s)[1]!.files = [{ name: '../evil.onnx', bytes: 3 }]))).toMatch(
      /variant "int8 weights" lists a file without a plain name/,
    );
    expect(broken((s) => (members(s)[2]!.id = members(s)[1]!.id))).toMatch(/model 3 has no id of its own/);
    expect(broken((s) => ((members(s)[1]!.variant as Record<string, unknown>).parentId = 'elsewhere'))).toMatch(
      /made from a model that is not listed before it/,
    );
    expect(broken((s) => ((members(s)[1]!.variant as Record<string, unknown>).report = null))).toMatch(
      /record of how it was made is incomplete/,
    );
    expect(broken((s) => ((members(s)[2]!.variant as Record<string, unknown>).kind = 'magic'))).toMatch(
      /does not know/,
    );
  });

  it('drops what it can do without: a layout that does not hold together, a recipe of the wrong shape', () => {
    const copy = structuredClone(snapshot) as unknown as {
      members: { layout?: { nodes: number }; card?: unknown }[];
    };
    copy.members[0]!.layout!.nodes += 1;
    copy.members[0]!.card = { description: 5, heldOut: { top1: 'all of them' }, architecture: 'CNN' };
    const checked = checkSnapshot({ ...copy, recipe: { steps: 'x' }, shownId: 'gone' });
    expect(checked.members[0]!.layout).toBeUndefined();
    expect(checked.members[0]!.card).toEqual({ architecture: 'CNN' });
    expect(checked.members[1]!.layout).toBeDefined();
    expect(checked.recipe).toBeUndefined();
    expect(checked.shownId).toBe(snapshot.members[0]!.id);
  });

  it('plain names only', () => {
    expect(['a.onnx', 'model.onnx.data', 'weird name (1).tflite'].every(isPlainName)).toBe(true);
    expect(['', '.', '..', 'a/b', 'a\\b', 'x\0', 7].some(isPlainName)).toBe(false);
  });
});
