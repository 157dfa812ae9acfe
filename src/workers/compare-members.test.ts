// Two members of the MNIST sample's family compared layer by layer, in-process on the real engine: an int8
// QDQ variant (its weights behind DequantizeLinear nodes), a QOperator one (QLinearConv), and channel pruning
// (weights that lost whole slices), each checked against figures computed here from the files themselves.
import { beforeAll, describe, expect, it } from 'vitest';
import { readModel, realValues, type Graph, type Recipe } from '../core';
import { mnistCalibration, mnistSampleFile } from '../test-support/engine-samples';
import { createInProcessClient, type EngineClient } from './client';
import type { LayerChange, MemberComparison, OpenResult } from './protocol';

const LAYERS = ['conv1', 'conv2', 'fc'];

async function graphOf(engine: EngineClient, modelId: string): Promise<Graph> {
  const files = await engine.modelFiles(modelId);
  return readModel(files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }))).graph;
}

/** Σ x² of a layer's float weight, read from the model file with the core alone. */
function squaredNorm(graph: Graph, tensorName: string): number {
  const t = graph.tensors.find((x) => x.name === tensorName);
  const values = t ? realValues(t)?.values : undefined;
  if (!values) throw new Error(`no weight ${tensorName}`);
  return values.reduce((s, v) => s + v * v, 0);
}

const layer = (c: MemberComparison, name: string): LayerChange => {
  const found = c.layers.find((l) => l.name === name);
  expect(found, name).toBeDefined();
  return found!;
};

describe('engine.compareMembers on the MNIST sample', () => {
  let engine: EngineClient;
  let original: OpenResult;

  beforeAll(async () => {
    engine = await createInProcessClient();
    original = await engine.openModel([mnistSampleFile()]);
  });

  it('matches every layer of an int8 QDQ variant to the original, weights behind DequantizeLinear included', async () => {
    const id = original.summary.modelId;
    const q = await engine.quantize(id, { settings: { mode: 'int8' }, calibration: mnistCalibration(20) });
    const c = await engine.compareMembers(id, q.summary.modelId);
    // Quantize / Dequantize nodes are not rows; every original node is matched by id.
    expect(c.layers.map((l) => l.op)).not.toContain('DequantizeLinear');
    expect(c.layers.every((l) => l.nodeIdA !== undefined && l.nodeIdA === l.nodeIdB)).toBe(true);
    expect(c.layers).toHaveLength(original.summary.layers.length);
    for (const name of LAYERS) {
      const l = layer(c, name);
      // int8 weights and an int32 bias against float32: about a quarter of the bytes, plus scales.
      expect(l.weightBytesB / l.weightBytesA, name).toBeGreaterThan(0.24);
      // (conv1's 80 values carry 8 scales and zero points: a larger share.)
      expect(l.weightBytesB / l.weightBytesA, name).toBeLessThan(name === 'conv1' ? 0.6 : 0.3);
      // Rounding to 255 levels moves a weight by well under 1 % of its norm.
      expect(l.change, name).toBeGreaterThan(0);
      expect(l.change, name).toBeLessThan(0.01);
      expect(l.sparsityA, name).toBe(0);
    }
    expect(c.compared).toBe(3);
    // The layers' bytes are every byte the float model stores.
    expect(c.layers.reduce((s, l) => s + l.weightBytesA, 0)).toBe(original.summary.metrics.weightBytes);
    // B's rows leave out only the activations' scales and zero points (a few bytes per QuantizeLinear).
    const bBytes = c.layers.reduce((s, l) => s + l.weightBytesB, 0);
    expect(bBytes).toBeLessThanOrEqual(q.summary.metrics.weightBytes);
    expect(bBytes).toBeGreaterThan(q.summary.metrics.weightBytes - 100);
    // The other way round, every change is relative to B's weights: same order of magnitude.
    const back = await engine.compareMembers(q.summary.modelId, id);
    expect(layer(back, 'fc').change).toBeCloseTo(layer(c, 'fc').change!, 3);
  });

  it('reads the weights of QOperator layers (QLinearConv) through their own scales', async () => {
    const id = original.summary.modelId;
    const q = await engine.quantize(id, {
      settings: { mode: 'int8', onnxFormat: 'qoperator' },
      calibration: mnistCalibration(20),
    });
    const c = await engine.compareMembers(id, q.summary.modelId);
    const conv = layer(c, 'conv2');
    expect(conv.op).toBe('QLinearConv');
    expect(conv.opA).toBe('Conv');
    expect(conv.change).toBeLessThan(0.01);
  });

  it('lines up what channel pruning kept: the change is the share of the weight norm removed', async () => {
    const id = original.summary.modelId;
    const recipe: Recipe = {
      scaledown: 'recipe',
      version: 1,
      name: 'Half the channels',
      steps: [{ kind: 'prune', method: 'channels', sparsity: 0.5 }],
    };
    const pruned = await engine.runRecipe(id, { recipe });
    const c = await engine.compareMembers(id, pruned.summary.modelId);
    const [a, b] = [await graphOf(engine, id), await graphOf(engine, pruned.summary.modelId)];
    let lined = 0;
    for (const [name, tensor] of [
      ['conv1', 'conv1.weight'],
      ['conv2', 'conv2.weight'],
      ['fc', 'fc.weight'],
    ] as const) {
      const l = layer(c, name);
      if (l.elementsB === l.elementsA) continue;
      lined++;
      expect(l.elementsB, name).toBeLessThan(l.elementsA!);
      // Kept slices are untouched, so ‖B − A‖² is exactly the norm of the slices removed.
      const na = squaredNorm(a, tensor);
      const nb = squaredNorm(b, tensor);
      expect(l.change! ** 2, name).toBeCloseTo((na - nb) / na, 9);
    }
    expect(lined).toBeGreaterThanOrEqual(2);
    expect(pruned.summary.metrics.macs).toBeLessThan(original.summary.metrics.macs);
  });
});
