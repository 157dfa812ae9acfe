// Restoring a session in the engine: a variant's saved files and record, adopted under a reopened original
// (a fresh engine, as after a reload), describe the same model as the job that made it.
import { beforeAll, describe, expect, it } from 'vitest';
import { failureOf, mnistCalibration, mnistSampleFile } from '../test-support/engine-samples';
import { createInProcessClient, type EngineClient } from './client';
import type { InputFile, OpenResult, OutputFile, VariantInfo, VariantResult } from './protocol';

const asInput = (files: readonly OutputFile[]): InputFile[] => files.map((f) => ({ name: f.name, bytes: f.bytes }));

/** What a restore must reproduce: everything but the ids and the engine's timings. */
function described(result: OpenResult) {
  const { modelId: _id, timings: _timings, timeline, ...summary } = result.summary;
  const nodes = result.graph.nodes.map((n) => ({ id: n.id, op: n.op, badges: n.badges, width: n.width }));
  return { summary, timeline: [...timeline], nodes, edges: result.graph.edges.length };
}

describe('engine: adoptVariant reopens saved variants', () => {
  let made: EngineClient;
  let quantized: VariantResult;
  let pruned: VariantResult;
  let quantizedFiles: InputFile[];
  let prunedFiles: InputFile[];

  beforeAll(async () => {
    made = await createInProcessClient();
    const original = (await made.openModel([mnistSampleFile()])).summary.modelId;
    quantized = await made.quantize(original, {
      settings: { mode: 'int8', granularity: 'per-channel' },
      calibration: mnistCalibration(100),
    });
    pruned = await made.runRecipe(original, {
      recipe: {
        scaledown: 'recipe',
        version: 1,
        name: 'Sparse',
        steps: [{ kind: 'prune', method: 'magnitude', sparsity: 0.6 }],
      },
    });
    quantizedFiles = asInput(await made.modelFiles(quantized.summary.modelId));
    prunedFiles = asInput(await made.modelFiles(pruned.summary.modelId));
  });

  it('in a fresh engine: the same metrics, layers, graph and quantize report, under new ids', async () => {
    const engine = await createInProcessClient();
    // The first id of a fresh engine is the one the original had: only the variant's id tells them apart.
    const parent = (await engine.openModel([mnistSampleFile()])).summary.modelId;
    const adopted = await engine.adoptVariant(parent, quantizedFiles, quantized.variant);
    expect(adopted.summary.modelId).not.toBe(parent);
    expect(adopted.graph.modelId).toBe(adopted.summary.modelId);
    expect(adopted.variant).toEqual({ ...quantized.variant, modelId: adopted.summary.modelId, parentId: parent });
    expect(described(adopted)).toEqual(described(quantized));
    expect(adopted.summary.metrics.weightBytes).toBeLessThan(pruned.summary.metrics.weightBytes);
    expect((await engine.openModels()).sort()).toEqual([parent, adopted.summary.modelId].sort());
    // It is a variant like any other: weights compare against the parent's, and it goes with its parent.
    const conv = adopted.graph.nodes.find((n) => n.op === 'Conv' || n.op === 'QLinearConv');
    expect(await engine.compareWeights(adopted.summary.modelId, conv!.id)).not.toBeNull();
    await engine.closeModel(parent);
    expect(await engine.openModels()).toEqual([]);
  });

  it('gives recipe variants their badges back (sparsity of the pruned layers)', async () => {
    const engine = await createInProcessClient();
    const parent = (await engine.openModel([mnistSampleFile()])).summary.modelId;
    const adopted = await engine.adoptVariant(parent, prunedFiles, pruned.variant);
    const badged = adopted.graph.nodes.filter((n) => n.badges?.some((b) => b.kind === 'zeros'));
    expect(badged.length).toBeGreaterThan(0);
    expect(described(adopted)).toEqual(described(pruned));
    expect(adopted.variant.label).toBe('Sparse');
  });

  it('keeps the saved label, even when the parent already has a variant of that name', async () => {
    const engine = await createInProcessClient();
    const parent = (await engine.openModel([mnistSampleFile()])).summary.modelId;
    const first = await engine.adoptVariant(parent, asInput(await made.modelFiles(quantized.summary.modelId)), {
      ...quantized.variant,
      label: 'float16',
    } as VariantInfo);
    expect(first.variant.label).toBe('float16');
    // A variant made afterwards is numbered past the adopted ones.
    const next = await engine.quantize(parent, { settings: { mode: 'float16' } });
    expect(next.variant.label).toBe('float16 2');
  });

  it('fails with a code and the file name: unknown parent, not a model, damaged record', async () => {
    const engine = await createInProcessClient();
    const unknown = await failureOf(engine.adoptVariant('m99', quantizedFiles.slice(0, 0), quantized.variant));
    expect(unknown.code).toBe('unknown-model');
    const parent = (await engine.openModel([mnistSampleFile()])).summary.modelId;
    const garbage = await failureOf(
      engine.adoptVariant(parent, [{ name: 'junk.onnx', bytes: new Uint8Array([1, 2, 3, 4]).buffer }], pruned.variant),
    );
    expect(garbage.subject).toBe('junk.onnx');
    const files = asInput(await made.modelFiles(quantized.summary.modelId));
    const damaged = { ...quantized.variant, report: undefined } as unknown as VariantInfo;
    const incomplete = await failureOf(engine.adoptVariant(parent, files, damaged));
    expect(incomplete.code).toBe('malformed');
    expect(incomplete.message).toContain('mnist-cnn.int8.onnx');
    // Nothing half-adopted stays open.
    expect(await engine.openModels()).toEqual([parent]);
  });
});
