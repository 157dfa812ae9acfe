// Pruning (magnitude 0.5, 2:4) and clustering (k = 16) on every corpus model: each either succeeds with a
// model that runs — ONNX in onnxruntime-node, TFLite in the reference executor — with the original output
// shapes, or refuses with a clear reason. Prints the figures per model (sparsity, sparse storage, SQNR,
// compression ratio).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { corpusPath, hasCorpus, listFiles, readBytes } from '../../../test-support/corpus';
import { runModel, unsupportedOps } from '../../execute/index';
import { readModel, writeModel } from '../../formats/registry';
import type { Model, Tensor } from '../../ir/types';
import { seededRandom } from '../../util/random';
import { pruneModel } from '../prune/index';
import type { PruneReport } from '../prune/types';
import { typedView } from '../../ir/tensor';
import { readWeight, searchWeights, storedBytes } from '../weights/index';
import { clusterModel } from './index';
import type { ClusterReport } from './types';

const corpus = hasCorpus();
const onnxFiles = listFiles(corpusPath('models/onnx'), ['.onnx']).filter((f) => !f.includes('node_tests_quant'));
const tfliteFiles = listFiles(corpusPath('models/tflite'), ['.tflite']);

/** The model, its graph named after the file (for the input ranges below). */
function load(path: string): Model {
  const model = readModel([{ name: path.split('/').pop()!, bytes: readBytes(path) }]);
  return { ...model, graph: { ...model.graph, name: path.split('/').pop()! } };
}

function inputOf(model: Model): Tensor {
  const byId = new Map(model.graph.tensors.map((t) => [t.id, t]));
  return model.graph.inputs.map((id) => byId.get(id)!).find((t) => !t.data)!;
}

const dimsOf = (t: Tensor): number[] => (t.shape ?? []).map((d) => (typeof d === 'number' ? d : 1));

// MANIFEST.md: these float models take raw 0..255 pixels; the others take values near [0, 1).
const PIXEL_INPUTS = ['onnxzoo_mnist-8.onnx', 'mlperf_ic_resnet8_float.tflite'];

function randomFeed(model: Model, seed: number): Float32Array | Int8Array {
  const t = inputOf(model);
  const random = seededRandom(seed);
  const n = dimsOf(t).reduce((a, b) => a * b, 1);
  if (t.dtype === 'int8') return Int8Array.from({ length: n }, () => Math.floor(random() * 256) - 128);
  const hi = PIXEL_INPUTS.includes(model.graph.name) ? 255 : 1;
  return Float32Array.from({ length: n }, () => random() * hi);
}

async function ortOutputs(model: Model, seed: number): Promise<{ dims: number[][]; data: Float32Array[] }> {
  const session = await ort.InferenceSession.create(writeModel(model)[0]!.bytes, { logSeverityLevel: 4 });
  try {
    const input = inputOf(model);
    const feed = new ort.Tensor('float32', randomFeed(model, seed) as Float32Array, dimsOf(input));
    const out = await session.run({ [input.id]: feed });
    const values = Object.values(out);
    return { dims: values.map((v) => [...v.dims]), data: values.map((v) => v.data as Float32Array) };
  } finally {
    await session.release();
  }
}

async function executorOutputs(model: Model, seed: number): Promise<{ dims: number[][]; data: Float32Array[] }> {
  const input = inputOf(model);
  const out = await runModel(model, { [input.id]: randomFeed(model, seed) });
  const data = Object.values(out);
  return { dims: data.map((d) => [d.length]), data };
}

/** ‖a − b‖ / ‖b‖: how far a variant's output is from the original's. */
function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    norm += b[i]! ** 2;
  }
  return Math.sqrt(diff / (norm || 1));
}

function variants(model: Model): { label: string; model: Model; report: PruneReport | ClusterReport }[] {
  const magnitude = pruneModel(model, { method: 'magnitude', sparsity: 0.5 });
  const nm = pruneModel(model, { method: 'n-m' });
  const cluster = clusterModel(model, { clusters: 16 });
  const deep = clusterModel(magnitude.model, { clusters: 16 });
  const list = [
    { label: 'magnitude 0.5', ...magnitude },
    { label: '2:4', ...nm },
    { label: 'k-means 16', ...cluster },
    { label: 'prune 0.5 → k-means 16', ...deep },
  ];
  if (model.format === 'onnx')
    list.push({ label: 'codebook 16', ...clusterModel(model, { clusters: 16, storage: 'codebook' }) });
  return list;
}

function describeFigures(name: string, v: ReturnType<typeof variants>, errors: number[]): string {
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
  const parts = v.map((x, i) => {
    const r = x.report;
    const c = `output error ${(100 * errors[i]!).toFixed(2)}%`;
    if ('method' in r)
      return `${x.label}: sparsity ${(100 * r.totals.sparsity).toFixed(1)}% dense ${kb(r.totals.denseBytes)} bitmask ${kb(r.totals.bitmaskBytes)} CSR ${kb(r.totals.csrBytes)} ${c}`;
    const sq = r.layers.filter((l) => !l.skipped).map((l) => l.sqnrDb);
    const mean = sq.reduce((a, b) => a + b, 0) / Math.max(1, sq.length);
    return `${x.label}: SQNR mean ${mean.toFixed(1)} dB min ${Math.min(...sq).toFixed(1)} dB, ${kb(r.totals.totalBytes)} of ${kb(r.totals.float32Bytes)} float32 = ${r.totals.compressionRatio.toFixed(2)}× ${c}`;
  });
  return `[prune-cluster] ${name}\n  ${parts.join('\n  ')}`;
}

describe.skipIf(!corpus)('pruning and clustering the corpus models', () => {
  describe('ONNX (onnxruntime-node)', () => {
    it.each(onnxFiles.map((f) => [f.split('/').pop()!, f]))('%s', async (name, path) => {
      const model = load(path);
      if (searchWeights(model).weights.length === 0) {
        const refusal = (() => {
          try {
            pruneModel(model, { method: 'magnitude' });
          } catch (e) {
            return (e as Error).message;
          }
          return '';
        })();
        console.log(`[prune-cluster] ${name}: refused: ${refusal}`);
        expect(refusal).toMatch(/: no prunable weights: weights are computed at run time by ConstantOfShape/);
        expect(() => clusterModel(model)).toThrow('no clusterable weights');
        return;
      }
      const reference = await ortOutputs(model, 1);
      const list = variants(model);
      const errors: number[] = [];
      for (const v of list) {
        const out = await ortOutputs(v.model, 1);
        expect(out.dims, `${name} ${v.label}`).toEqual(reference.dims);
        expect(out.data.every((d) => d.every(Number.isFinite))).toBe(true);
        errors.push(relativeError(out.data[0]!, reference.data[0]!));
      }
      // k-means with 16 clusters (about 20 dB per layer) keeps the outputs near; codebook and dense
      // storage compute the same.
      expect(errors[2]).toBeLessThan(0.5);
      expect(errors[4]).toBeCloseTo(errors[2]!, 5);
      console.log(describeFigures(name, list, errors));
    });
  });

  describe('TFLite (reference executor)', () => {
    it.each(tfliteFiles.map((f) => [f.split('/').pop()!, f]))('%s', async (name, path) => {
      const model = load(path);
      const list = variants(model);
      for (const v of list) {
        // Quantization parameters and tensor types stay as they were.
        expect(v.model.graph.tensors.map((t) => [t.dtype, t.quant])).toEqual(
          model.graph.tensors.map((t) => [t.dtype, t.quant]),
        );
        // At most 16 stored values per clustered layer, plus the zeros (integers for quantized weights).
        const clustered = 'method' in v.report ? undefined : v.report;
        for (const ref of searchWeights(v.model).weights) {
          if (clustered?.layers.find((l) => l.tensor === ref.tensor)?.skipped !== undefined) continue;
          const stored = ref.quant
            ? (typedView(ref.dtype, storedBytes(v.model, ref)) as Int8Array)
            : readWeight(v.model, ref);
          if (clustered) expect(new Set(stored).size).toBeLessThanOrEqual(17);
        }
      }
      if (unsupportedOps(model).length) {
        console.log(`[prune-cluster] ${name}: executor lacks ${unsupportedOps(model).join(', ')}; run skipped`);
        console.log(
          describeFigures(
            name,
            list,
            list.map(() => NaN),
          ),
        );
        return;
      }
      const reference = await executorOutputs(model, 2);
      const errors: number[] = [];
      for (const v of list) {
        const out = await executorOutputs(v.model, 2);
        expect(out.dims, `${name} ${v.label}`).toEqual(reference.dims);
        expect(out.data.every((d) => d.every(Number.isFinite))).toBe(true);
        errors.push(relativeError(out.data[0]!, reference.data[0]!));
      }
      console.log(describeFigures(name, list, errors));
    });
  });

  describe('TF.js (written and read back)', () => {
    const dirs = (() => {
      try {
        return readdirSync(corpusPath('models/tfjs')).map((d) => join(corpusPath('models/tfjs'), d));
      } catch {
        return [];
      }
    })();
    it.each(dirs.map((d) => [d.split('/').pop()!, d]))('%s', (name, dir) => {
      const files = readdirSync(dir)
        .sort((a, b) => Number(b.endsWith('.json')) - Number(a.endsWith('.json')))
        .map((f) => ({ name: f, bytes: readBytes(join(dir, f)) }));
      const model = readModel(files);
      const { model: pruned, report } = pruneModel(model, { method: 'magnitude', sparsity: 0.5 });
      const back = readModel(writeModel(pruned));
      const refs = searchWeights(back).weights;
      expect(refs.length).toBe(report.layers.length);
      for (const [i, ref] of refs.entries())
        expect(readWeight(back, ref).filter((v) => v === 0).length).toBe(report.layers[i]!.zerosAfter);
      console.log(
        `[prune-cluster] ${name}: ${refs.length} layers, sparsity ${(100 * report.totals.sparsity).toFixed(1)}%`,
      );
    });
  });
});
