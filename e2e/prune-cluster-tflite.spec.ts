import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readTflite, writeTflite } from '../src/core/formats/tflite';
import type { Model } from '../src/core/ir/types';
import { clusterModel } from '../src/core/transforms/cluster';
import { pruneModel } from '../src/core/transforms/prune';
import { zeroedTfliteOriginal } from '../src/core/transforms/prune/channels/tflite-test-graphs';
import { seededRandom } from '../src/core/util/random';
import { CORPUS_DIR, corpusFile, expect, test } from './helpers';
import { compareModels, compareOnSamples, corpusModelUrl, useTfliteHarness } from './harness/session';
import { smoothImages, spreadScalars } from './harness/synthetic';

// Unstructured pruning (magnitude 0.5, 2:4) and k-means clustering (k = 16, and pruning then clustering)
// of every corpus TFLite model, made in Node by the core and run in the TFLite interpreter of
// @tensorflow/tfjs-tflite (Chromium): each file loads, keeps the original's inputs and outputs (names,
// types, shapes, quantization), runs on random and corpus inputs, and — for float-input models — its
// outputs are compared with the original's on the same samples.
// Structured channel pruning (half the filters) changes the tensors inside the model, so its file is
// checked against the original with the removed filters and biases zeroed (the reference of the unit
// tests, src/core/transforms/prune/channels/tflite.test.ts): same inputs and outputs, finite outputs,
// and the same outputs on the same random and corpus inputs, up to the interpreter's summation order.

const modelsDir = corpusFile('models/tflite');
const MODELS = [
  'mlperf_ad_autoencoder_float.tflite',
  'mlperf_ad_autoencoder_int8.tflite',
  'mlperf_ic_resnet8_float.tflite',
  'mlperf_ic_resnet8_int8.tflite',
  'mlperf_kws_dscnn_float32_hybrid.tflite',
  'mlperf_kws_dscnn_int8.tflite',
  'mlperf_vww_mobilenetv1_96_float.tflite',
  'mlperf_vww_mobilenetv1_96_int8.tflite',
  'tflm_hello_world_float.tflite',
  'tflm_hello_world_int8.tflite',
  'tflm_micro_speech_int8.tflite',
  'tflm_person_detect_int8.tflite',
  'tflm_test_conv_model.tflite',
];

const read = (path: string): Model => readTflite([{ name: basename(path), bytes: new Uint8Array(readFileSync(path)) }]);

interface Variant {
  readonly label: string;
  readonly model: Model;
  readonly summary: string;
}

function variants(model: Model): Variant[] {
  const magnitude = pruneModel(model, { method: 'magnitude', sparsity: 0.5 });
  const nm = pruneModel(model, { method: 'n-m' });
  const clustered = clusterModel(model, { clusters: 16 });
  const deep = clusterModel(magnitude.model, { clusters: 16 });
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  return [
    { label: 'magnitude-0.5', model: magnitude.model, summary: `sparsity ${pct(magnitude.report.totals.sparsity)}` },
    { label: '2-4', model: nm.model, summary: `sparsity ${pct(nm.report.totals.sparsity)}` },
    { label: 'kmeans-16', model: clustered.model, summary: `${clustered.report.totals.compressionRatio.toFixed(2)}×` },
    { label: 'prune-kmeans-16', model: deep.model, summary: `${deep.report.totals.compressionRatio.toFixed(2)}×` },
  ];
}

/** Real-valued samples for float-input models, in the range each model expects (MANIFEST.md). */
function floatSamples(model: Model, name: string): Float32Array | undefined {
  const input = model.graph.tensors.find((t) => t.id === model.graph.inputs[0])!;
  if (input.dtype !== 'float32') return undefined;
  const dims = input.shape!.map((d) => (typeof d === 'number' ? d : 1));
  const size = dims.reduce((a, b) => a * b, 1);
  if (name.startsWith('tflm_hello_world')) return spreadScalars(0, 2 * Math.PI, 60, 2);
  if (dims.length === 4 && dims[3] === 3) {
    const hi = name.includes('resnet8') ? 255 : 1;
    return smoothImages({ height: dims[1]!, width: dims[2]!, channels: 3, lo: 0, hi }, 40, 7);
  }
  const random = seededRandom(3);
  return Float32Array.from({ length: 40 * size }, () => random());
}

test.describe('pruned and clustered corpus TFLite models run in tfjs-tflite', () => {
  test.skip(!modelsDir, `the shared corpus is absent (${CORPUS_DIR}/models/tflite); set CORPUS_DIR to run`);
  const harness = useTfliteHarness('prune-cluster');

  for (const name of MODELS) {
    test(name, async ({ page, request }) => {
      test.setTimeout(180_000);
      const path = corpusFile(`models/tflite/${name}`);
      test.skip(!path, `${name} is not in the corpus`);
      const model = read(path!);
      const list = variants(model);
      const samples = floatSamples(model, name);
      const inputs = samples && harness.save(`${name}-samples.bin`, new Uint8Array(samples.buffer));
      await harness.open(page, request);
      for (const v of list) {
        const rewritten = harness.save(name.replace('.tflite', `_${v.label}.tflite`), writeTflite(v.model)[0]!.bytes);
        const original = corpusModelUrl(name);
        const report = await compareModels(page, { model: name, original, rewritten, randomSets: 2 });
        expect(report.signatureDifference, `${name} ${v.label}: same inputs and outputs`).toBeUndefined();
        expect(report.runs.length).toBeGreaterThanOrEqual(2);
        let figures = '';
        if (inputs) {
          const r = await compareOnSamples(page, { float: original, quantized: rewritten, inputs });
          // One-value outputs (hello_world) have no direction per sample: their vector is all samples' outputs.
          const cosine = r.quantizedOutput.size === 1 ? r.overallCosine : r.cosine.mean;
          expect(Number.isFinite(cosine), `${name} ${v.label}: finite outputs`).toBe(true);
          figures =
            `, output cosine ${cosine.toFixed(4)} (${r.samples} samples)` +
            (r.argmaxAgreement !== undefined ? `, top-1 agreement ${(100 * r.argmaxAgreement).toFixed(0)}%` : '');
        }
        if (report.reconstructionMse) {
          const m = report.reconstructionMse;
          expect(Number.isFinite(m.rewritten)).toBe(true);
          figures += `, clip reconstruction MSE ${m.rewritten.toFixed(3)} vs ${m.original.toFixed(3)}`;
        }
        console.log(
          `[prune-cluster-tflite] ${name} ${v.label}: ${v.summary}; ran ${report.runs.length} input sets${figures}`,
        );
      }
    });
  }
});

/** Channel pruning keeps sums whole, but the interpreter may add the remaining terms in another order. */
const CHANNELS_TOLERANCE = 1e-4;

test.describe('channel-pruned corpus TFLite models compute what their zeroed originals do in tfjs-tflite', () => {
  test.skip(!modelsDir, `the shared corpus is absent (${CORPUS_DIR}/models/tflite); set CORPUS_DIR to run`);
  const harness = useTfliteHarness('prune-channels');

  for (const name of MODELS) {
    test(name, async ({ page, request }) => {
      test.setTimeout(120_000);
      const path = corpusFile(`models/tflite/${name}`);
      test.skip(!path, `${name} is not in the corpus`);
      const model = read(path!);
      const { model: pruned, report } = pruneModel(model, { method: 'channels', sparsity: 0.5 });
      const base = name.replace('.tflite', '');
      const zeroed = writeTflite(zeroedTfliteOriginal(model, report))[0]!.bytes;
      const original = harness.save(`${base}_zeroed.tflite`, zeroed);
      const prunedBytes = writeTflite(pruned)[0]!.bytes;
      const rewritten = harness.save(`${base}_channels-0.5.tflite`, prunedBytes);
      await harness.open(page, request);
      const run = await compareModels(page, { model: name, original, rewritten, randomSets: 3 });
      expect(run.signatureDifference, `${name}: same inputs and outputs as the original`).toBeUndefined();
      expect(run.runs.length).toBeGreaterThanOrEqual(3);
      expect(
        run.runs.filter((r) => r.finite !== true).map((r) => r.label),
        `${name}: input sets with non-finite outputs`,
      ).toEqual([]);
      const relative = run.runs.map((r) => r.maxAbsDifference! / Math.max(1, r.maxAbsOriginal!));
      const worst = Math.max(...relative);
      const identical = run.runs.filter((r) => r.identical).length;
      const removed = report.layers.reduce((n, l) => n + (l.removedChannels?.length ?? 0), 0);
      console.log(
        `[prune-channels-tflite] ${name}: ${removed} filters removed, MACs ${report.macsBefore} → ` +
          `${report.macsAfter}, file ${zeroed.byteLength} → ${prunedBytes.byteLength} B; ` +
          `${identical}/${run.runs.length} input sets bit-identical to the zeroed original, worst |Δ| ${worst.toExponential(2)}`,
      );
      expect(removed, `${name}: filters removed`).toBeGreaterThan(0);
      expect(worst, `${name}: largest output difference (relative to max(1, |output|))`).toBeLessThanOrEqual(
        CHANNELS_TOLERANCE,
      );
    });
  }
});
