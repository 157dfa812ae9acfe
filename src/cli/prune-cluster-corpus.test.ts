// Issue 5 acceptance: `scaledown prune` and `scaledown cluster` on every ONNX and TFLite model of the corpus
// either succeed with a model that runs in the reference runtime (onnxruntime-node for ONNX, the reference
// executor for TFLite: tfjs-tflite does not run in Node) with the original's output shapes, or refuse in one
// stderr line with a clear reason. The table below records which, model by model.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTflite, runModelTensors, type Feed, type FeedArray, type Model } from '../core/index';
import { seededRandom } from '../core/util/random';
import { corpusPath, hasCorpus, listFiles } from '../test-support/corpus';
import type { ClusterJson } from './commands/cluster';
import type { PruneJson } from './commands/prune';
import { lines, runScaledown } from './testing/spawn-cli';

type Outcome = 'runs' | RegExp;

const NO_LAYERS =
  /not-applicable: .*no (prunable|clusterable) weights: it has no Conv, ConvTranspose, Gemm or MatMul layers$/;
const GENERATED =
  /not-applicable: .*no (prunable|clusterable) weights: weights are computed at run time by ConstantOfShape/;

/** Every corpus model and what `prune --sparsity 0.5` / `cluster --clusters 16` do with it. */
const EXPECTED: Readonly<Record<string, { prune: Outcome; cluster: Outcome }>> = {
  'onnx/node_tests_quant/test_convinteger_with_padding': { prune: NO_LAYERS, cluster: NO_LAYERS },
  'onnx/node_tests_quant/test_dequantizelinear_axis': { prune: NO_LAYERS, cluster: NO_LAYERS },
  'onnx/node_tests_quant/test_dynamicquantizelinear': { prune: NO_LAYERS, cluster: NO_LAYERS },
  'onnx/node_tests_quant/test_matmulinteger': { prune: NO_LAYERS, cluster: NO_LAYERS },
  'onnx/node_tests_quant/test_qlinearconv': { prune: NO_LAYERS, cluster: NO_LAYERS },
  'onnx/node_tests_quant/test_qlinearmatmul_2D': { prune: NO_LAYERS, cluster: NO_LAYERS },
  'onnx/node_tests_quant/test_quantizelinear_axis': { prune: NO_LAYERS, cluster: NO_LAYERS },
  'onnx/onnx2c_mnist_mlp_bn_pytorch.onnx': { prune: 'runs', cluster: 'runs' },
  'onnx/onnx2c_tflm_hello_world_sine.onnx': { prune: 'runs', cluster: 'runs' },
  'onnx/onnx_light_densenet121.onnx': { prune: GENERATED, cluster: GENERATED },
  'onnx/onnx_light_squeezenet.onnx': { prune: GENERATED, cluster: GENERATED },
  'onnx/onnxzoo_mnist-8.onnx': { prune: 'runs', cluster: 'runs' },
  'tflite/mlperf_ad_autoencoder_float.tflite': { prune: 'runs', cluster: 'runs' },
  'tflite/mlperf_ad_autoencoder_int8.tflite': { prune: 'runs', cluster: 'runs' },
  'tflite/mlperf_ic_resnet8_float.tflite': { prune: 'runs', cluster: 'runs' },
  'tflite/mlperf_ic_resnet8_int8.tflite': { prune: 'runs', cluster: 'runs' },
  'tflite/mlperf_kws_dscnn_float32_hybrid.tflite': { prune: 'runs', cluster: 'runs' },
  'tflite/mlperf_kws_dscnn_int8.tflite': { prune: 'runs', cluster: 'runs' },
  'tflite/mlperf_vww_mobilenetv1_96_float.tflite': { prune: 'runs', cluster: 'runs' },
  'tflite/mlperf_vww_mobilenetv1_96_int8.tflite': { prune: 'runs', cluster: 'runs' },
  'tflite/tflm_hello_world_float.tflite': { prune: 'runs', cluster: 'runs' },
  'tflite/tflm_hello_world_int8.tflite': { prune: 'runs', cluster: 'runs' },
  'tflite/tflm_micro_speech_int8.tflite': { prune: 'runs', cluster: 'runs' },
  'tflite/tflm_person_detect_int8.tflite': { prune: 'runs', cluster: 'runs' },
  'tflite/tflm_test_conv_model.tflite': { prune: 'runs', cluster: 'runs' },
};

const MODELS_DIR = corpusPath('models');
const present = hasCorpus();
const models = present
  ? [...listFiles(join(MODELS_DIR, 'onnx'), ['.onnx']), ...listFiles(join(MODELS_DIR, 'tflite'), ['.tflite'])]
  : [];
const keyOf = (path: string): string =>
  basename(path) === 'model.onnx' ? relative(MODELS_DIR, dirname(path)) : relative(MODELS_DIR, path);

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scaledown-prune-corpus-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const dims = (shape: readonly (number | string | null)[] | undefined): number[] =>
  (shape ?? []).map((d) => (typeof d === 'number' && d > 0 ? d : 1));

/** Output shapes of an ONNX file in onnxruntime-node, fed seeded values of its declared input shapes. */
async function onnxOutputShapes(bytes: Uint8Array): Promise<number[][]> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const random = seededRandom(9);
    const feeds: Record<string, ort.Tensor> = {};
    for (const meta of session.inputMetadata) {
      if (!meta.isTensor || meta.type !== 'float32') throw new Error(`input ${meta.name} is not a float32 tensor`);
      const shape = dims(meta.shape);
      const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random());
      feeds[meta.name] = new ort.Tensor('float32', data, shape);
    }
    const out = await session.run(feeds);
    return session.outputNames.map((name) => [...out[name]!.dims]);
  } finally {
    await session.release();
  }
}

const ARRAYS: Readonly<Record<string, new (n: number) => FeedArray>> = {
  float32: Float32Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  int32: Int32Array,
};

/** Output shapes of a TFLite model in the reference executor, fed seeded values. */
async function tfliteOutputShapes(model: Model): Promise<number[][]> {
  const random = seededRandom(9);
  const feeds: Record<string, Feed> = {};
  for (const id of model.graph.inputs) {
    const t = model.graph.tensors.find((x) => x.id === id)!;
    const shape = dims(t.shape);
    const Ctor = ARRAYS[t.dtype];
    if (!Ctor) throw new Error(`input ${id} is ${t.dtype}`);
    const data = new Ctor(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = t.dtype === 'float32' ? random() : Math.floor(random() * 100) - 50;
    feeds[id] = { data, shape };
  }
  const out = await runModelTensors(model, feeds);
  return model.graph.outputs.map((id) => [...out[id]!.shape]);
}

async function outputShapes(path: string): Promise<number[][]> {
  const bytes = new Uint8Array(readFileSync(path));
  return path.endsWith('.onnx')
    ? onnxOutputShapes(bytes)
    : tfliteOutputShapes(readTflite([{ name: basename(path), bytes }]));
}

describe.skipIf(!present)('scaledown prune and cluster on every corpus model', () => {
  it('has an expected outcome for every ONNX and TFLite model of the corpus', () => {
    expect(models.map(keyOf).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  const cases = models.flatMap((path) =>
    (['prune', 'cluster'] as const).map((command) => ({ key: keyOf(path), path, command })),
  );

  it.concurrent.each(cases)('$command $key', async ({ key, path, command }) => {
    const expected = EXPECTED[key]![command];
    const out = join(dir, `${command}-${key.replace(/[\\/]/g, '_')}${path.endsWith('.onnx') ? '.onnx' : '.tflite'}`);
    const options = command === 'prune' ? ['--sparsity', '0.5'] : ['--clusters', '16'];
    const r = await runScaledown([command, path, out, ...options, '--json']);
    if (expected !== 'runs') {
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr.startsWith(`${path}: `)).toBe(true);
      expect(r.stderr.trim()).toMatch(expected);
      return;
    }
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as PruneJson | ClusterJson;
    if (command === 'prune') {
      const totals = (json as PruneJson).report.totals;
      expect(totals.sparsity).toBeGreaterThan(0.3);
      expect(totals.bitmaskBytes).toBeLessThan(totals.denseBytes);
    } else {
      const report = (json as ClusterJson).report;
      expect(report.layers.some((l) => l.skipped === undefined && l.clusters <= 16)).toBe(true);
      expect(report.totals.compressionRatio).toBeGreaterThan(1);
    }
    expect(await outputShapes(out)).toEqual(await outputShapes(path));
  });
});
