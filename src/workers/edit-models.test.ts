// The engine's graph editing: edits in place with undo/redo (exact, byte for byte), refusals that change
// nothing, a saved history replayed in a fresh engine, and the edited model seen by files and export.
import { describe, expect, it } from 'vitest';
import type { EditOp } from '../core';
import { failureOf, mnistSampleFile } from '../test-support/engine-samples';
import { createInProcessClient, type EngineClient } from './client';
import type { ExportRequest, MemoryPlanRequest, OutputFile } from './protocol';

const same = (a: readonly OutputFile[], b: readonly OutputFile[]): boolean =>
  a.length === b.length &&
  a.every((f, i) => f.name === b[i]!.name && Buffer.from(f.bytes).equals(Buffer.from(b[i]!.bytes)));

const BYPASS: EditOp = { kind: 'bypassNode', node: 'relu1' };
const RENAME: EditOp = { kind: 'renameTensor', tensor: 'pool1_out', name: 'pooled' };
const EXPOSE: EditOp = { kind: 'addGraphOutput', tensor: 'relu2_out' };

const EXPORT: ExportRequest = { options: {} };
const PLAN: MemoryPlanRequest = {
  options: { activationDType: 'stored', inPlace: false, fuseActivations: false, schedule: 'model' },
  device: { name: 'board', sramBytes: 256 * 1024, flashBytes: 1024 * 1024 },
  patch: false,
};

async function opened(): Promise<{ engine: EngineClient; id: string; original: OutputFile[] }> {
  const engine = await createInProcessClient();
  const { summary } = await engine.openModel([mnistSampleFile()]);
  return { engine, id: summary.modelId, original: await engine.modelFiles(summary.modelId) };
}

describe('engine: editing a model in place', () => {
  it('applies an edit, undoes it byte for byte and redoes it', async () => {
    const { engine, id, original } = await opened();
    const edited = await engine.editModel(id, BYPASS);
    expect(edited.result.summary.modelId).toBe(id);
    expect(edited.result.summary.nodeCount).toBe(7);
    expect(edited.result.summary.ops.find((o) => o.op === 'Relu')?.count).toBe(1);
    expect(edited.result.graph.nodes.some((n) => n.id === 'relu1')).toBe(false);
    expect(edited.affected).toContain('pool1');
    expect(edited.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(edited.history.done.map((e) => e.label)).toEqual(['bypass "relu1"']);
    expect(edited.history.originalFiles).toEqual([{ name: 'mnist-cnn.onnx', bytes: original[0]!.bytes.byteLength }]);
    const editedFiles = await engine.modelFiles(id);
    expect(editedFiles.map((f) => f.name)).toEqual(['mnist-cnn.onnx']);
    expect(same(editedFiles, original)).toBe(false);
    expect(edited.result.summary.files).toEqual([{ name: 'mnist-cnn.onnx', bytes: editedFiles[0]!.bytes.byteLength }]);
    // The session keeps the original files beside the history.
    expect(same(await engine.originalFiles(id), original)).toBe(true);

    const undone = await engine.undoEdit(id);
    expect(undone.result.summary.nodeCount).toBe(8);
    expect(undone.history.done).toEqual([]);
    expect(undone.history.undone.map((e) => e.op)).toEqual([BYPASS]);
    expect(same(await engine.modelFiles(id), original)).toBe(true);

    const redone = await engine.redoEdit(id);
    expect(redone.result.summary.nodeCount).toBe(7);
    expect(redone.affected).toEqual(edited.affected);
    expect(redone.history.undone).toEqual([]);
    expect(same(await engine.modelFiles(id), editedFiles)).toBe(true);
    // A new edit after an undo drops the redo stack.
    await engine.undoEdit(id);
    const renamed = await engine.editModel(id, RENAME);
    expect(renamed.history.done.map((e) => e.op)).toEqual([RENAME]);
    expect(renamed.history.undone).toEqual([]);
    expect(renamed.result.summary.layers.some((l) => l.nodeId === 'relu1')).toBe(true);
  });

  it('refuses an impossible edit with the core sentence and changes nothing', async () => {
    const { engine, id } = await opened();
    await engine.editModel(id, RENAME);
    const before = await engine.modelFiles(id);
    const error = await failureOf(engine.editModel(id, { kind: 'bypassNode', node: 'nope' }));
    expect(error.code).toBe('not-applicable');
    expect(error.message).toMatch(/"nope"/);
    expect(same(await engine.modelFiles(id), before)).toBe(true);
    const undone = await engine.undoEdit(id);
    expect(undone.history.done).toEqual([]);
    expect((await failureOf(engine.undoEdit(id))).message).toBe('there is no edit of mnist-cnn.onnx to undo');
    expect((await failureOf(engine.redoEdit('m99'))).code).toBe('unknown-model');
  });

  it('applies an edit that breaks the model, reports it, and export refuses it until undone', async () => {
    const { engine, id } = await opened();
    const broken = await engine.editModel(id, { kind: 'deleteNode', node: 'fc' });
    expect(broken.problems.filter((p) => p.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'missing-output', tensorId: 'logits' }),
    ]);
    const refused = await failureOf(engine.exportPreview(id, EXPORT));
    expect(refused.code).toBe('invalid-result');
    expect(refused.message).toBe(
      'mnist-cnn.onnx cannot be exported: it has 1 problem: (1) graph output "logits" is never produced',
    );
    const cyclic = await engine.editModel(id, { kind: 'rewireInput', node: 'conv1', input: 0, tensor: 'relu1_out' });
    expect(cyclic.problems.some((p) => p.code === 'cycle' && p.severity === 'error')).toBe(true);
    await engine.undoEdit(id);
    await engine.undoEdit(id);
    const preview = await engine.exportPreview(id, EXPORT);
    expect(preview.fileName).toBe('mnist-cnn.onnx');
  });

  it('lets export and the files see the edited model', async () => {
    const { engine, id, original } = await opened();
    await engine.editModel(id, EXPOSE);
    const preview = await engine.exportPreview(id, EXPORT);
    const files = await engine.modelFiles(id);
    const model = preview.files.find((f) => f.role === 'model')!;
    expect(model.bytes).toBe(files[0]!.bytes.byteLength);
    const [exported] = await engine.exportFiles(id, EXPORT, [model.name]);
    expect(same([exported!], files)).toBe(true);
    expect(same([exported!], original)).toBe(false);
    const bands = async () => (await engine.memoryPlan(id, PLAN)).bands.map((b) => b.tensorId);
    expect(await bands()).toContain('relu1_out');
    await engine.editModel(id, BYPASS);
    expect(await bands()).not.toContain('relu1_out');
  });

  it('replays a saved history in a fresh engine, undo and redo included', async () => {
    const first = await opened();
    for (const op of [BYPASS, RENAME, EXPOSE]) await first.engine.editModel(first.id, op);
    const full = await first.engine.modelFiles(first.id);
    await first.engine.undoEdit(first.id);
    const saved = (await first.engine.redoEdit(first.id)).history;
    await first.engine.undoEdit(first.id);
    const atTwo = await first.engine.modelFiles(first.id);

    const second = await opened();
    const replayed = await second.engine.replayEdits(second.id, [BYPASS, RENAME], [EXPOSE]);
    expect(replayed.history.done.map((e) => e.label)).toEqual(saved.done.slice(0, 2).map((e) => e.label));
    expect(replayed.history.undone.map((e) => e.op)).toEqual([EXPOSE]);
    expect(same(await second.engine.modelFiles(second.id), atTwo)).toBe(true);
    await second.engine.redoEdit(second.id);
    expect(same(await second.engine.modelFiles(second.id), full)).toBe(true);
    for (let i = 0; i < 3; i++) await second.engine.undoEdit(second.id);
    expect(same(await second.engine.modelFiles(second.id), second.original)).toBe(true);
  });

  it('replays all or nothing: a saved edit that no longer applies changes nothing', async () => {
    const { engine, id, original } = await opened();
    const error = await failureOf(engine.replayEdits(id, [BYPASS, { kind: 'deleteNode', node: 'gone' }], []));
    expect(error.message).toMatch(/^edit 2 of 2 \(delete "gone"\): .*"gone"/);
    expect(same(await engine.modelFiles(id), original)).toBe(true);
    const malformed = await failureOf(engine.replayEdits(id, [{ kind: 'explode' } as unknown as EditOp], []));
    expect(malformed.code).toBe('invalid-options');
  });

  it('offers the operator palette of the model format', async () => {
    const { engine, id } = await opened();
    const palette = await engine.operatorPalette(id);
    const conv = palette.find((s) => s.op === 'Conv');
    expect(conv?.attributes.some((a) => a.name === 'kernel_shape')).toBe(true);
    expect(palette.some((s) => s.op === 'CONV_2D')).toBe(false);
  });
});
