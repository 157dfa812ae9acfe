// Extraction and TFLite editing through the engine: the extracted ONNX subgraph runs in onnxruntime-node and
// equals the original's intermediate; a TFLite model is edited, undone byte for byte, and extracted.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { readModel, runModel, writeModel } from '../core';
import { tfliteSmall } from '../core/transforms/edit/test-models';
import { seededRandom } from '../core/util/random';
import { corpusPath, hasCorpus, readBytes } from '../test-support/corpus';
import { failureOf, mnistSampleFile } from '../test-support/engine-samples';
import { createInProcessClient } from './client';
import type { OutputFile } from './protocol';
import { copy } from './test-models';

const random = (length: number, seed: number): Float32Array => {
  const next = seededRandom(seed);
  return Float32Array.from({ length }, () => next());
};

const same = (a: readonly OutputFile[], b: readonly OutputFile[]): boolean =>
  a.length === b.length && a.every((f, i) => Buffer.from(f.bytes).equals(Buffer.from(b[i]!.bytes)));

/** `name` computed by onnxruntime-node (graph as written: optimizations off) from the ONNX file. */
async function ortOutput(file: OutputFile, feeds: Record<string, ort.Tensor>, name: string): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(new Uint8Array(file.bytes), { graphOptimizationLevel: 'disabled' });
  try {
    const out = await session.run(feeds);
    return Float32Array.from(out[name]!.data as Float32Array);
  } finally {
    await session.release();
  }
}

const readBack = (files: readonly OutputFile[]) =>
  readModel(files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })));

describe('engine: extracting a subgraph', () => {
  it('gives an ONNX model whose output equals the original intermediate (onnxruntime-node)', async () => {
    const engine = await createInProcessClient();
    const { summary } = await engine.openModel([mnistSampleFile()]);
    const id = summary.modelId;
    const files = await engine.extractModel(id, ['input'], ['pool1_out']);
    expect(files.map((f) => f.name)).toEqual(['mnist-cnn-extract.onnx']);
    expect(readBack(files).graph.nodes.map((n) => n.id)).toEqual(['conv1', 'relu1', 'pool1']);
    // Extraction makes a file; the open model is not changed.
    expect((await failureOf(engine.undoEdit(id))).code).toBe('not-applicable');

    const feeds = { input: new ort.Tensor('float32', random(28 * 28, 3), [1, 1, 28, 28]) };
    const extracted = await ortOutput(files[0]!, feeds, 'pool1_out');
    await engine.editModel(id, { kind: 'addGraphOutput', tensor: 'pool1_out' });
    const [exposed] = await engine.modelFiles(id);
    const reference = await ortOutput(exposed!, feeds, 'pool1_out');
    expect(extracted.length).toBe(8 * 13 * 13);
    expect(extracted).toEqual(reference);
  });

  it('refuses an extraction that would not be a valid model', async () => {
    const engine = await createInProcessClient();
    const { summary } = await engine.openModel([mnistSampleFile()]);
    const error = await failureOf(engine.extractModel(summary.modelId, ['input'], ['nope']));
    expect(error.message).toMatch(/"nope"/);
  });
});

describe('engine: editing a TFLite model', () => {
  const small = (): { name: string; bytes: ArrayBuffer } => ({
    name: 'small.tflite',
    bytes: copy(writeModel(tfliteSmall())[0]!.bytes),
  });

  it('bypasses a node, undoes it byte for byte, and extracts a runnable subgraph', async () => {
    const engine = await createInProcessClient();
    const { summary } = await engine.openModel([small()]);
    const id = summary.modelId;
    const original = await engine.modelFiles(id);
    const edited = await engine.editModel(id, { kind: 'bypassNode', node: 'RELU_1' });
    expect(edited.result.summary.nodeCount).toBe(3);
    expect(edited.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const files = await engine.modelFiles(id);
    expect(files.map((f) => f.name)).toEqual(['small.tflite']);
    expect(readBack(files).graph.nodes.map((n) => n.op)).toEqual(['CONV_2D', 'RESHAPE', 'FULLY_CONNECTED']);
    await engine.undoEdit(id);
    expect(same(await engine.modelFiles(id), original)).toBe(true);

    const extracted = readBack(await engine.extractModel(id, ['in'], ['relu_out']));
    expect(extracted.format).toBe('tflite');
    const input = random(16, 5);
    const part = await runModel(extracted, { in: input });
    const whole = await runModel(readBack(original), { in: input }, {});
    expect(part['relu_out']!.length).toBe(32);
    // The original's intermediate, exposed as an output by an edit.
    await engine.editModel(id, { kind: 'addGraphOutput', tensor: 'relu_out' });
    const exposed = await runModel(readBack(await engine.modelFiles(id)), { in: input });
    expect(part['relu_out']).toEqual(exposed['relu_out']);
    expect(exposed['out']).toEqual(whole['out']);
  });

  it.skipIf(!hasCorpus())('renames and restores a corpus model (skipped without the corpus)', async () => {
    const engine = await createInProcessClient();
    const path = corpusPath('models/tflite/tflm_hello_world_float.tflite');
    const { summary } = await engine.openModel([{ name: 'hello.tflite', bytes: copy(readBytes(path)) }]);
    const id = summary.modelId;
    const original = await engine.modelFiles(id);
    const input = summary.inputs[0]!.id;
    const renamed = await engine.editModel(id, { kind: 'renameTensor', tensor: input, name: 'x_in' });
    expect(renamed.result.summary.inputs.map((t) => t.name)).toEqual(['x_in']);
    expect(readBack(await engine.modelFiles(id)).graph.inputs).toEqual(['x_in']);
    await engine.undoEdit(id);
    expect(same(await engine.modelFiles(id), original)).toBe(true);
  });
});
