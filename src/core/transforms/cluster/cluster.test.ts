import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { writeOnnx } from '../../formats/onnx';
import { typedView } from '../../ir/tensor';
import type { Model } from '../../ir/types';
import { deepFreeze, snapshotBytes } from '../../../test-support/deep-freeze';
import { seededRandom } from '../../util/random';
import { pruneModel } from '../prune/index';
import { readWeight, searchWeights, storedBytes } from '../weights/index';
import { onnxCnn, onnxDequantized, onnxMlp, tfliteMixed } from '../weights/test-models';
import { checkClusterOptions, clusterModel, compressedSize, gapSymbols, initialCentroids } from './index';

const distinctNonZero = (x: Float32Array): number => new Set(Array.from(x).filter((v) => v !== 0)).size;

async function run(model: Model, feeds: Record<string, ort.Tensor>): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(writeOnnx(model)[0]!.bytes, { logSeverityLevel: 4 });
  try {
    const out = await session.run(feeds);
    return Object.values(out)[0]!.data as Float32Array;
  } finally {
    await session.release();
  }
}

function randomInput(n: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: n }, () => random() * 2 - 1);
}

describe('clustering', () => {
  it('leaves at most k distinct values per layer, pruned zeros stay zero, input untouched', () => {
    const pruned = pruneModel(onnxCnn(), { method: 'magnitude', sparsity: 0.5 }).model;
    const model = deepFreeze(pruned);
    const before = snapshotBytes(model);
    const { model: out, report } = clusterModel(model, { clusters: 4, minElements: 0 });
    for (const ref of searchWeights(out).weights) {
      const original = readWeight(model, ref);
      const clustered = readWeight(out, ref);
      expect(distinctNonZero(clustered)).toBeLessThanOrEqual(4);
      for (let i = 0; i < original.length; i++) expect(clustered[i] === 0).toBe(original[i] === 0);
    }
    for (const l of report.layers) {
      expect(l.clusters).toBeLessThanOrEqual(4);
      expect(l.centroids).toEqual([...l.centroids].sort((a, b) => a - b));
      expect(l.sqnrDb).toBeGreaterThan(5);
      expect(l.size.positionBytes).toBeGreaterThan(0);
    }
    expect(snapshotBytes(model)).toEqual(before);
  });

  it('every initialisation converges to valid centroids; random is reproducible from its seed', () => {
    const x = randomInput(500, 3);
    for (const init of ['linear', 'density', 'random'] as const) {
      const c = initialCentroids(x, 8, init, 7);
      expect(Array.from(c)).toEqual(Array.from(c).sort((a, b) => a - b));
      const r = clusterModel(onnxCnn(), { clusters: 8, init, seed: 7 }).report;
      for (const l of r.layers) expect(l.sqnrDb).toBeGreaterThan(10);
    }
    expect(initialCentroids(x, 8, 'random', 7)).toEqual(initialCentroids(x, 8, 'random', 7));
    expect(initialCentroids(x, 8, 'random', 7)).not.toEqual(initialCentroids(x, 8, 'random', 8));
    // Density puts more centroids where the values are: the middle quantile of uniform data is near 0.
    const d = initialCentroids(x, 3, 'density', 1);
    expect(Math.abs(d[1]!)).toBeLessThan(0.15);
  });

  it('int8 weights stay on their grid: at most k stored integers, scales unchanged', () => {
    const model = tfliteMixed();
    const { model: out, report } = clusterModel(model, { clusters: 5 });
    const ref = searchWeights(out).weights.find((w) => w.nodeId === 'conv')!;
    const q = typedView('int8', storedBytes(out, ref)) as Int8Array;
    expect(new Set(Array.from(q).filter((v) => v !== 0)).size).toBeLessThanOrEqual(5);
    expect(out.graph.tensors.find((t) => t.id === 'conv/w')!.quant).toEqual(
      model.graph.tensors.find((t) => t.id === 'conv/w')!.quant,
    );
    const layer = report.layers.find((l) => l.nodeId === 'conv')!;
    expect(layer.gridUnits).toBe(true);
    expect(layer.centroids.every(Number.isInteger)).toBe(true);
    // A per-axis dequantized value is step × its channel's scale.
    const real = readWeight(out, ref);
    expect(real[1]).toBeCloseTo(q[1]! * 0.01, 6);
  });

  it('codebook storage (ONNX): uint8 indices + Gather run in onnxruntime and equal the dense variant', async () => {
    for (const make of [onnxCnn, onnxMlp]) {
      const pruned = pruneModel(make(), { method: 'magnitude', sparsity: 0.4 }).model;
      const dense = clusterModel(pruned, { clusters: 6 }).model;
      const codebook = clusterModel(pruned, { clusters: 6, storage: 'codebook' }).model;
      const gathers = codebook.graph.nodes.filter((n) => n.op === 'Gather');
      expect(gathers.length).toBe(3);
      const indices = codebook.graph.tensors.filter((t) => t.id.endsWith('_cluster_indices'));
      expect(indices.every((t) => t.dtype === 'uint8')).toBe(true);
      const input = pruned.graph.tensors.find((t) => t.id === 'x')!;
      const dims = input.shape as number[];
      const size = dims.reduce((a, b) => a * b, 1);
      const feeds = { x: new ort.Tensor('float32', randomInput(size, 5), dims) };
      const [a, b] = [await run(dense, feeds), await run(codebook, feeds)];
      expect(Array.from(b)).toEqual(Array.from(a));
    }
  });

  it('refuses codebook storage outside ONNX, and writes dequantized ONNX weights dense', () => {
    expect(() => clusterModel(tfliteMixed(), { storage: 'codebook' })).toThrow(
      'codebook storage (uint8 indices + a Gather) is ONNX only',
    );
    const r = clusterModel(onnxDequantized(), { storage: 'codebook', clusters: 4 });
    expect(r.model.graph.nodes.some((n) => n.op === 'Gather')).toBe(false);
    expect(r.report.notes.join(' ')).toContain('written dense');
  });

  it.each([
    [{ clusters: 1 }, 'clusters must be a whole number from 2 to 256'],
    [{ clusters: 257 }, 'clusters must be a whole number from 2 to 256'],
    [{ init: 'kmeans++' }, 'unknown initialisation'],
    [{ storage: 'sparse' }, 'unknown storage'],
    [{ overrides: { a: { clusters: 2.5 } } }, 'layer "a": clusters'],
  ])('rejects %j', (options, message) => {
    expect(() => checkClusterOptions(options as never)).toThrow(message);
  });
});

describe('Deep Compression storage', () => {
  it('codes gaps with fillers when a run of zeros outgrows the width', () => {
    // Stored at 0, 3, 40: gaps 0, 2, 36 → at 4 bits (filler 15): 0, 2, 15, 15, 6.
    const stored = new Uint8Array(48);
    for (const i of [0, 3, 40]) stored[i] = 1;
    expect(Array.from(gapSymbols(stored, 4))).toEqual([0, 2, 15, 15, 6]);
    expect(Array.from(gapSymbols(stored, 5))).toEqual([0, 2, 31, 5]);
  });

  it('sizes follow the formula: ⌈log2 k⌉-bit indices, Huffman-coded streams, a 32-bit codebook', () => {
    // 1000 dense weights, 4 clusters used 700 / 100 / 100 / 100 times.
    const indices = new Uint8Array(1000);
    for (let i = 700; i < 1000; i++) indices[i] = 1 + ((i - 700) % 3);
    const s = compressedSize({ elements: 1000, codebookSize: 4, indices });
    // Huffman lengths 1, 2, 3, 3 → 700 + 200 + 300 + 300 bits = 1500 bits.
    expect(s).toEqual({
      float32Bytes: 4000,
      indexBytes: 250,
      huffmanIndexBytes: 188,
      positionBytes: 0,
      huffmanPositionBytes: 0,
      codebookBytes: 16,
      totalBytes: 204,
    });
    const stored = new Uint8Array(2000);
    for (let i = 0; i < 2000; i += 2) stored[i] = 1;
    const sparse = compressedSize({ elements: 2000, codebookSize: 4, indices, stored });
    // Every gap is 1: 1000 symbols, one distinct symbol → 1 bit each when Huffman-coded.
    expect(sparse).toMatchObject({ positionBytes: 500, huffmanPositionBytes: 125, totalBytes: 188 + 125 + 16 });
  });

  it('totals: the compression ratio counts the layers not clustered at their stored size', () => {
    const model = onnxCnn();
    const clustered = clusterModel(model, { clusters: 16, overrides: { dw: { exclude: true } } }).report;
    const layers = clustered.layers;
    const biasBytes = 12;
    const expected = layers[0]!.size.totalBytes + 72 * 4 + layers[2]!.size.totalBytes + biasBytes;
    expect(clustered.totals.totalBytes).toBe(expected);
    expect(clustered.totals.float32Bytes).toBe(4 * (288 + 72 + 96 + 3));
    expect(clustered.totals.compressionRatio).toBeCloseTo(clustered.totals.float32Bytes / expected, 10);
  });
});
