import { describe, expect, it } from 'vitest';
import { datasetFromArrays } from '../../data/dataset';
import { runModel } from '../../execute/run';
import type { Model } from '../../ir/types';
import { quantizeModel } from '../../transforms/quantize/index';
import { tinyCnn, tinyCnnRanges } from '../../transforms/quantize/onnx/test-models';
import { seededRandom } from '../../util/random';
import { observingExecutor } from './observe';
import {
  keepFloatOverrides,
  measureSensitivity,
  onlyLayerOverrides,
  quantizedLayers,
  rankLayers,
  type SensitivityPlan,
} from './sensitivity';

const ranges = tinyCnnRanges();
const quantize = (model: Model, overrides = {}) =>
  quantizeModel(model, { mode: 'int8', activationRanges: ranges, overrides });

async function labelled(model: Model, count: number, withLabels: boolean) {
  const r = seededRandom(3);
  const x = Float32Array.from({ length: count * 64 }, () => r());
  if (!withLabels) return datasetFromArrays('noise', { x: { dtype: 'float32', shape: [count, 1, 8, 8], data: x } });
  // Labels: the float model's own classes, so the float model scores 100 %.
  const out = await runModel(model, { input: { data: x, shape: [count, 1, 8, 8] } }, { yieldEveryMs: 0 });
  const logits = out['logits']!;
  const y = Int32Array.from({ length: count }, (_, i) => {
    const row = Array.from(logits.subarray(i * 3, i * 3 + 3));
    return row.indexOf(Math.max(...row));
  });
  return datasetFromArrays('noise', {
    x: { dtype: 'float32', shape: [count, 1, 8, 8], data: x },
    y: { dtype: 'int32', shape: [count], data: y },
  });
}

function plan(base: Model): SensitivityPlan {
  const full = quantize(base);
  return {
    layers: quantizedLayers(full.report),
    variant: (layer) => quantize(base, onlyLayerOverrides(base.graph, layer.nodeId)).model,
    full: full.model,
    load: async (model) => ({ run: observingExecutor(model, [], { yieldEveryMs: 0 }), close: async () => {} }),
  };
}

describe('sensitivity analysis', () => {
  it('the layers tried are the weighted ones; a one-layer model quantizes that layer only', () => {
    const base = tinyCnn();
    const full = quantize(base);
    expect(quantizedLayers(full.report).map((l) => l.nodeId)).toEqual(['conv', 'fc']);
    const one = quantize(base, onlyLayerOverrides(base.graph, 'fc'));
    const weights = one.report.layers.filter((l) => l.role === 'weight');
    expect(weights.find((l) => l.nodeId === 'fc')!.keptFloat).toBe(false);
    expect(weights.find((l) => l.nodeId === 'conv')!.keptFloat).toBe(true);
    expect(keepFloatOverrides(['fc'], { conv: { bits: 8 } })).toEqual({ conv: { bits: 8 }, fc: { keepFloat: true } });
  });

  it('labelled data: each layer costs accuracy against the float model, worst first', async () => {
    const base = tinyCnn();
    const progress: number[] = [];
    const r = await measureSensitivity(
      base,
      plan(base),
      { dataset: await labelled(base, 40, true), input: base.graph.tensors.find((t) => t.id === 'input')! },
      { batchSize: 16, onProgress: (done, total) => progress.push(done / total) },
    );
    expect(r.metric).toBe('accuracy');
    expect(r.floatTop1).toBe(1);
    expect(r.samples).toBe(40);
    expect(r.rows.map((row) => row.nodeId).sort()).toEqual(['conv', 'fc']);
    for (const row of r.rows) {
      expect(row.problem).toBeUndefined();
      expect(row.accuracyDrop).toBeCloseTo(1 - row.top1!, 12);
      expect(Number.isFinite(row.sqnr)).toBe(true);
    }
    expect(r.rows[0]!.accuracyDrop!).toBeGreaterThanOrEqual(r.rows[1]!.accuracyDrop!);
    // Everything quantized is no closer to the float output than either layer alone.
    expect(r.full!.sqnr).toBeLessThanOrEqual(Math.max(...r.rows.map((row) => row.sqnr!)) + 1e-9);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);
  });

  it('unlabelled data: ranked by output SQNR; a layer that cannot be quantized is reported last', async () => {
    const base = tinyCnn();
    const p = plan(base);
    const broken: SensitivityPlan = {
      ...p,
      layers: [...p.layers, { nodeId: 'nowhere', name: 'nowhere', op: 'Conv' }],
      // The quantizer refuses an override naming a node the model does not have.
      variant: (layer) => quantize(base, { [layer.nodeId]: { bits: 8 } }).model,
    };
    const r = await measureSensitivity(base, broken, {
      dataset: await labelled(base, 8, false),
      input: base.graph.tensors.find((t) => t.id === 'input')!,
    });
    expect(r.metric).toBe('sqnr');
    expect(r.floatTop1).toBeUndefined();
    expect(r.rows[0]!.sqnr!).toBeLessThanOrEqual(r.rows[1]!.sqnr!);
    expect(r.rows.at(-1)!.nodeId).toBe('nowhere');
    expect(r.rows.at(-1)!.problem).toMatch(/node "nowhere", which the model does not have/);
    expect(r.rows.slice(0, 2).every((row) => Number.isFinite(row.sqnr))).toBe(true);
  });

  it('rankLayers puts problems last and breaks accuracy ties by SQNR', () => {
    const rows = rankLayers(
      [
        { nodeId: 'a', name: 'a', op: 'Conv', accuracyDrop: 0, sqnr: 30 },
        { nodeId: 'b', name: 'b', op: 'Conv', problem: 'no' },
        { nodeId: 'c', name: 'c', op: 'Conv', accuracyDrop: 0, sqnr: 20 },
        { nodeId: 'd', name: 'd', op: 'Conv', accuracyDrop: 0.05, sqnr: 40 },
      ],
      'accuracy',
    );
    expect(rows.map((r) => r.nodeId)).toEqual(['d', 'c', 'a', 'b']);
  });
});
