import { describe, expect, it } from 'vitest';
import { datasetFromArrays, type Dataset } from '../../data/dataset';
import type { Model } from '../../ir/types';
import { quantizeModel } from '../../transforms/quantize/index';
import { tinyCnn, tinyCnnRanges } from '../../transforms/quantize/onnx/test-models';
import { seededRandom } from '../../util/random';
import { matchLayers, observedTensors } from './match';
import { measureLayerError, realOf } from './measure';
import { observingExecutor, withGraphOutputs } from './observe';

function images(count: number, seed = 7): Dataset {
  const r = seededRandom(seed);
  return datasetFromArrays('noise', {
    x: { dtype: 'float32', shape: [count, 1, 8, 8], data: Float32Array.from({ length: count * 64 }, () => r()) },
  });
}

const input = (model: Model) => model.graph.tensors.find((t) => t.id === model.graph.inputs[0])!;

async function measure(model: Model, reference: Model, samples = 10) {
  const matching = matchLayers(model, reference);
  return measureLayerError(
    observingExecutor(model, observedTensors(matching, 'model'), { yieldEveryMs: 0 }),
    observingExecutor(reference, observedTensors(matching, 'reference'), { yieldEveryMs: 0 }),
    matching,
    { dataset: images(samples), input: input(model), referenceInput: input(reference) },
    { batchSize: 4 },
  );
}

describe('measureLayerError', () => {
  it('identical models: every layer is exact (SQNR +Infinity, MSE 0, cosine 1)', async () => {
    const model = tinyCnn();
    const r = await measure(model, model);
    expect(r.samples).toBe(10);
    expect(r.batches).toBe(3);
    expect(r.rows).toHaveLength(5);
    for (const row of r.rows) {
      expect(row.problem).toBeUndefined();
      expect(row.sqnr).toBe(Infinity);
      expect(row.mse).toBe(0);
      expect(row.cosine).toBeCloseTo(1, 12);
      expect(row.maxAbsError).toBe(0);
      expect(row.samples).toBe(10);
    }
    expect(r.rows.find((row) => row.nodeId === 'conv')!.shape).toEqual([4, 6, 6]);
    expect(r.output.agreement).toBe(1);
  });

  it('a QDQ int8 variant against its float model: finite SQNR on every layer, high cosine', async () => {
    const float = tinyCnn();
    const variant = quantizeModel(float, { mode: 'int8', activationRanges: tinyCnnRanges() }).model;
    const r = await measure(variant, float, 12);
    expect(r.rows.map((row) => row.nodeId)).toEqual(['conv', 'relu', 'pool', 'flatten', 'fc']);
    for (const row of r.rows) {
      expect(Number.isFinite(row.sqnr)).toBe(true);
      expect(row.sqnr).toBeGreaterThan(15);
      expect(row.cosine).toBeGreaterThan(0.97);
      expect(row.mse).toBeGreaterThan(0);
    }
    // Error accumulates: the logits are no better than the first layer.
    expect(r.rows.at(-1)!.sqnr).toBeLessThan(r.rows[0]!.sqnr + 10);
    expect(Number.isFinite(r.output.sqnr)).toBe(true);
  });

  it('a layer whose tensor changed size (channels pruned) is reported, not compared', async () => {
    const float = tinyCnn();
    const other = tinyCnn();
    // Pretend the runtime of `other` gives conv_out with half the channels.
    const matching = matchLayers(other, float);
    const run = observingExecutor(other, observedTensors(matching, 'model'), { yieldEveryMs: 0 });
    const halved = async (feeds: Parameters<typeof run>[0]) => {
      const out = { ...(await run(feeds)) };
      const conv = out['conv_out']!;
      out['conv_out'] = {
        data: Array.from(conv.data).slice(0, conv.data.length / 2),
        shape: [conv.shape[0]!, 2, 6, 6],
      };
      return out;
    };
    const r = await measureLayerError(
      halved,
      observingExecutor(float, observedTensors(matching, 'reference'), { yieldEveryMs: 0 }),
      matching,
      { dataset: images(3), input: input(other), referenceInput: input(float) },
    );
    const conv = r.rows.find((row) => row.nodeId === 'conv')!;
    expect(conv.problem).toMatch(/differ in size: 2×6×6 here, 4×6×6 in the reference/);
    expect(Number.isNaN(conv.sqnr)).toBe(true);
    expect(r.rows.find((row) => row.nodeId === 'relu')!.sqnr).toBe(Infinity);
  });

  it('cancels between batches', async () => {
    const model = tinyCnn();
    const matching = matchLayers(model, model);
    const run = observingExecutor(model, observedTensors(matching, 'model'), { yieldEveryMs: 0 });
    const signal = { aborted: false };
    const promise = measureLayerError(
      run,
      run,
      matching,
      { dataset: images(8), input: input(model), referenceInput: input(model) },
      { batchSize: 2, signal, onProgress: () => (signal.aborted = true) },
    );
    await expect(promise).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('observing intermediates', () => {
  it('the executor returns observed tensors joined over its per-sample chunks', async () => {
    const model = tinyCnn();
    const run = observingExecutor(model, ['relu_out'], { yieldEveryMs: 0 });
    const out = await run({ input: { data: new Float32Array(3 * 64).fill(0.5), shape: [3, 1, 8, 8] } });
    expect(out['relu_out']!.shape).toEqual([3, 4, 6, 6]);
    expect(out['relu_out']!.data.length).toBe(3 * 144);
    expect(out['logits']!.shape).toEqual([3, 3]);
  });

  it('withGraphOutputs appends computed tensors only, once', () => {
    const model = tinyCnn();
    const out = withGraphOutputs(model, ['relu_out', 'input', 'conv.weight', 'logits', 'relu_out', 'nowhere']);
    expect(out.graph.outputs).toEqual(['logits', 'relu_out']);
    expect(model.graph.outputs).toEqual(['logits']);
    expect(withGraphOutputs(model, [])).toBe(model);
  });

  it('realOf dequantizes per tensor and per axis', () => {
    const t = { data: Int8Array.of(-128, 0, 127, 10), shape: [1, 2, 2] };
    expect(Array.from(realOf(t, { scale: [0.5], zeroPoint: [-128] }))).toEqual([0, 64, 127.5, 69]);
    expect(Array.from(realOf(t, { scale: [1, 2], zeroPoint: [0, 10], axis: 1 }))).toEqual([-128, 0, 234, 0]);
    expect(realOf(t, undefined)).toBe(t.data);
  });
});
