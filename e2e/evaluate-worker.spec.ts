// Evaluation through the studio's engine worker in Chromium, on real models in each runtime: ONNX in
// onnxruntime-web (the built-in MNIST digits at the figures onnxruntime-node gives, DESIGN.md acceptance
// for issue 6; MNIST digits as a .zip of BMP files), TFLite in the tfjs-tflite interpreter (TFLM person
// detection on its test images, float against int8 MLPerf models), TF.js in TensorFlow.js (abalone on a
// CSV, the prefetch graph model). Nothing may be fetched from another origin. Accuracy only; the time goes
// to `npm run bench` (scripts/bench/eval-browser.ts).
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as ort from 'onnxruntime-node';
import { basename, resolve } from 'node:path';
import type { Page, Request } from '@playwright/test';
import { mnistBmpZip, mnistIndices, personFolder } from './harness/eval-bmp';
import { abaloneCsv, adWindowsNpy, randomImagesNpy, tfjsFolder, tfjsInNode } from './harness/eval-fixtures';
import type { EvalOutcome, EvalSpec, RuntimeOutcome, RuntimeSpec } from './harness/eval-jobs';
import type { EvalJob, EvalReport } from './harness/eval-page';
import { EVAL_HEADERS, evalFiles, type EvalFiles } from './harness/eval-server';
import { CORPUS_DIR, corpusFile, expect, test } from './helpers';

const SAMPLES = resolve(import.meta.dirname, '../public/samples');
const MNIST_8 = corpusFile('models/onnx/onnxzoo_mnist-8.onnx');
const TFLITE = corpusFile('models/tflite');
const ABALONE = corpusFile('models/tfjs/tfjs_examples_abalone_layers');
const PREFETCH = corpusFile('models/tfjs/tfjs_examples_prefetch_graph');
const PERSON_BMP = corpusFile('data/tflm_person_detection_bmp');
const AD_CLIP = corpusFile('data/mlperf_tiny/ad01/normal_id_01_00000000_hist_librosa.bin');
/** The engine worker of the production build the tests run against (dist/assets/engine.worker-<hash>.js). */
const builtEngine = (): string =>
  `/assets/${readdirSync(resolve(import.meta.dirname, '../dist/assets')).find((f) => /^engine\.worker-.*\.js$/.test(f))}`;
const NO_CORPUS = `the shared corpus is absent (${CORPUS_DIR}); set CORPUS_DIR to run`;

let files: Promise<EvalFiles> | undefined;
/** Files made by the tests, served as /__eval/data/<name>. */
const made = new Map<string, Uint8Array>();

/** Opens the harness on the app's origin (the production build serves /ort/ and /tflite/ itself). */
async function harness(page: Page): Promise<{ requests: string[] }> {
  files ??= evalFiles([
    resolve(SAMPLES, 'lenet-300-100.onnx'),
    resolve(SAMPLES, 'mnist-cnn.onnx'),
    resolve(SAMPLES, 'mnist-digits.npz'),
    ...(MNIST_8 ? [MNIST_8] : []),
  ]);
  const serve = await files;
  const requests: string[] = [];
  // Requests of the page and of its workers.
  page.context().on('request', (request: Request) => requests.push(request.url()));
  await page.route(/\/(__eval|ort)\//, (route) => {
    const path = decodeURIComponent(new URL(route.request().url()).pathname);
    const data = path.startsWith('/__eval/data/') ? made.get(path.slice(13)) : undefined;
    const corpus = path.startsWith('/__eval/corpus/') ? corpusFile(path.slice(15)) : undefined;
    const found = data
      ? { type: 'application/octet-stream', body: Buffer.from(data) }
      : corpus
        ? { type: 'application/octet-stream', body: readFileSync(corpus) }
        : serve(path);
    return found
      ? route.fulfill({ status: 200, contentType: found.type, body: found.body, headers: { ...EVAL_HEADERS } })
      : route.fallback();
  });
  await page.goto('/__eval/index.html');
  await page.waitForFunction(() => document.title === 'ready');
  return { requests };
}

type Harness = {
  runEval(job: EvalJob): Promise<EvalReport>;
  runEvalJob(spec: EvalSpec): Promise<EvalOutcome>;
  runRuntime(spec: RuntimeSpec): Promise<RuntimeOutcome>;
};

const evaluateIn = async (page: Page, job: EvalJob): Promise<EvalReport> => {
  await harness(page);
  return page.evaluate((j) => (globalThis as unknown as Harness).runEval(j), job);
};
const runJob = (page: Page, spec: EvalSpec): Promise<EvalOutcome> =>
  page.evaluate((s) => (globalThis as unknown as Harness).runEvalJob(s), spec);
const runRaw = (page: Page, spec: RuntimeSpec): Promise<RuntimeOutcome> =>
  page.evaluate((s) => (globalThis as unknown as Harness).runRuntime(s), spec);

/** Every request stayed on the page's origin (and, to show the check sees workers, some were made by them). */
function expectSameOrigin(requests: readonly string[], page: Page, workerFile: RegExp): void {
  const origin = new URL(page.url()).origin;
  expect(
    requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin),
  ).toEqual([]);
  expect(requests.some((url) => workerFile.test(url))).toBe(true);
}

const serveData = (name: string, bytes: Uint8Array): string => {
  made.set(name, bytes);
  return `/__eval/data/${name}`;
};

test.describe('evaluation in the engine worker through onnxruntime-web', () => {
  test('LeNet-300-100 sample: 99.08 % on the 10,000 digits (0..1), threaded, nothing from other origins', async ({
    page,
  }) => {
    const r = await evaluateIn(page, { model: '/__eval/files/lenet-300-100.onnx', pixelScale: '0..1' });
    expect(r.samples).toBe(10_000);
    expect(r.top1! * 100).toBeGreaterThanOrEqual(99.03);
    expect(r.top1! * 100).toBeLessThanOrEqual(99.13);
    expect(r.isolated).toBe(true);
    expect(r.runtime).toMatch(/^onnxruntime-web \(wasm, \d+ threads?\)$/);
    expect(r.progressReports).toBeGreaterThan(10);
    expect(r.foreign).toEqual([]);
  });

  test('MNIST-8 (ONNX model zoo): 99.34 % on the 10,000 digits scaled ×255', async ({ page }) => {
    test.skip(!MNIST_8, NO_CORPUS);
    const r = await evaluateIn(page, { model: '/__eval/files/onnxzoo_mnist-8.onnx', pixelScale: '0..1', scale: 255 });
    expect(r.samples).toBe(10_000);
    expect(r.top1! * 100).toBeGreaterThanOrEqual(99.29);
    expect(r.top1! * 100).toBeLessThanOrEqual(99.39);
  });

  test('MNIST digits as a .zip of BMP files score exactly as the same digits from a .npz', async ({ page }) => {
    const { requests } = await harness(page);
    const indices = mnistIndices(new Uint8Array(readFileSync(resolve(SAMPLES, 'mnist-digits.npz'))), 100);
    const { zip, npz } = mnistBmpZip(new Uint8Array(readFileSync(resolve(SAMPLES, 'mnist-digits.npz'))), indices);
    const model = ['/__eval/files/mnist-cnn.onnx'];
    const images = await runJob(page, {
      model,
      source: { kind: 'images', files: [{ url: serveData('mnist-bmp.zip', zip), name: 'mnist-bmp.zip' }] },
      preview: 10,
    });
    const arrays = await runJob(page, {
      model,
      source: { kind: 'file', url: serveData('mnist-same.npz', npz) },
      scale: 1 / 255,
    });
    expect(images.failure).toBeUndefined();
    expect(images.result!.result.samples).toBe(1000);
    const [a, b] = [images.result!.result.classification!, arrays.result!.result.classification!];
    console.log(
      `mnist-cnn on 1,000 digits: BMP zip top-1 ${(100 * a.top1).toFixed(2)} %, npz ${(100 * b.top1).toFixed(2)} %`,
    );
    expect(a.top1).toBe(b.top1);
    expect(a.confusion).toEqual(b.confusion);
    expect(a.top1).toBeGreaterThan(0.95);
    expect(images.phases).toEqual(['read', 'evaluate']);
    // The preview: one digit of each class, drawn as decoded (grey levels 0..255 at 28×28).
    const preview = images.preview!;
    expect(preview.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(preview.images.map((i) => i.label)).toEqual(preview.classes);
    expect(preview.sampleShape).toBe('1×28×28');
    expect(Math.max(...preview.images[0]!.grey)).toBeGreaterThan(200);
    expectSameOrigin(requests, page, /\/ort\/ort-wasm-simd-threaded\.wasm$/);
  });
});

// A Conv whose weights live in a companion file (ONNX external data), written by Python's `onnx` (Debian
// python3-onnx), an independent writer.
const EXTERNAL_DATA_SCRIPT = `
import sys, numpy as np, onnx
from onnx import helper, numpy_helper, TensorProto
w = numpy_helper.from_array(np.cos(np.arange(144, dtype=np.float32)).reshape(16, 1, 3, 3), 'w')
graph = helper.make_graph(
    [helper.make_node('Conv', ['x', 'w'], ['y'], name='conv', pads=[1, 1, 1, 1])],
    'external', [helper.make_tensor_value_info('x', TensorProto.FLOAT, [1, 1, 8, 8])],
    [helper.make_tensor_value_info('y', TensorProto.FLOAT, [1, 16, 8, 8])], initializer=[w])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)])
onnx.save_model(model, sys.argv[1] + '/ext.onnx', save_as_external_data=True,
                all_tensors_to_one_file=True, location='ext.onnx.data', size_threshold=64)
`;

function externalDataModel(): string | undefined {
  try {
    const dir = mkdtempSync(resolve(tmpdir(), 'sd-ext-'));
    execFileSync('/usr/bin/python3', ['-c', EXTERNAL_DATA_SCRIPT, dir], { stdio: 'ignore' });
    return dir;
  } catch {
    return undefined;
  }
}

test('an ONNX model with external data runs in onnxruntime-web as in onnxruntime-node', async ({ page }) => {
  const dir = externalDataModel();
  test.skip(!dir, 'needs /usr/bin/python3 with onnx and numpy (Debian python3-onnx) to write the model');
  await harness(page);
  const x = Array.from({ length: 64 }, (_, i) => Math.sin(i));
  const raw = await runRaw(page, {
    model: [
      serveData('ext.onnx', new Uint8Array(readFileSync(resolve(dir!, 'ext.onnx')))),
      serveData('ext.onnx.data', new Uint8Array(readFileSync(resolve(dir!, 'ext.onnx.data')))),
    ],
    inputs: { x: { dtype: 'float32', shape: [1, 1, 8, 8], values: x } },
  });
  expect(raw.error).toBeUndefined();
  const session = await ort.InferenceSession.create(resolve(dir!, 'ext.onnx'));
  const expected = (await session.run({ x: new ort.Tensor('float32', Float32Array.from(x), [1, 1, 8, 8]) }))['y']!;
  const got = raw.outputs!['y']!;
  expect(got.shape).toEqual([1, 16, 8, 8]);
  got.values.forEach((v, i) => expect(Math.abs(v - (expected.data as Float32Array)[i]!)).toBeLessThan(1e-5));
});

test.describe('TFLite models in the engine worker (tfjs-tflite interpreter)', () => {
  test('TFLM person detection (int8) on its two test images, as a class folder', async ({ page }) => {
    test.skip(!TFLITE || !PERSON_BMP, NO_CORPUS);
    const { requests } = await harness(page);
    const bmp = (name: string) => new Uint8Array(readFileSync(resolve(PERSON_BMP!, name)));
    const folder = personFolder(bmp('person.bmp'), bmp('no_person.bmp'));
    const outcome = await runJob(page, {
      model: ['/__eval/corpus/models/tflite/tflm_person_detect_int8.tflite'],
      source: {
        kind: 'images',
        files: folder.map((f) => ({ url: serveData(basename(f.name), f.bytes), name: f.name })),
      },
      preview: 2,
    });
    expect(outcome.failure).toBeUndefined();
    const r = outcome.result!;
    const c = r.result.classification!;
    console.log(
      `person_detect_int8 on person/ and no_person/: top-1 ${c.top1}, confusion ${JSON.stringify(c.confusion)}, ` +
        `${r.result.notes.join('; ')}`,
    );
    expect(r.runtime).toBe('TFLite interpreter (tfjs-tflite, wasm, 1 thread)');
    expect(r.result.samples).toBe(2);
    // TFLM's own test: person.bmp scores "person" (index 1), no_person.bmp "no person" (index 0).
    expect(c.top1).toBe(1);
    // Fitted to the int8 input (scale 2/255, zero point −1): the model gets grey − 128, as TFLM feeds it.
    const preview = outcome.preview!;
    expect(preview.preprocessing).toMatchObject({ width: 96, height: 96, channels: 1, layout: 'NHWC' });
    expect(preview.preprocessing!.scale).toBeCloseTo(2 / 255, 6);
    expect(preview.input).toBe('input 1×96×96×1 int8');
    expect(preview.notes?.join(' ')).toMatch(/quantized to int8 with the input's scale/);
    expect(preview.images.map((i) => i.label)).toEqual(['no_person', 'person']);
    expectSameOrigin(requests, page, /\/tflite\/tflite_web_api_cc_simd\.wasm$/);
  });

  test('MLPerf anomaly-detection autoencoder: int8 against float on the AD01 clip windows', async ({ page }) => {
    test.skip(!TFLITE || !AD_CLIP, NO_CORPUS);
    await harness(page);
    const outcome = await runJob(page, {
      model: ['/__eval/corpus/models/tflite/mlperf_ad_autoencoder_int8.tflite'],
      reference: ['/__eval/corpus/models/tflite/mlperf_ad_autoencoder_float.tflite'],
      source: {
        kind: 'file',
        url: serveData('ad01-windows.npy', adWindowsNpy(new Uint8Array(readFileSync(AD_CLIP!)))),
      },
    });
    expect(outcome.failure).toBeUndefined();
    const { result } = outcome.result!;
    const ref = result.reference!;
    console.log(
      `AD autoencoder int8 vs float, ${result.samples} windows: SQNR ${ref.sqnr.toFixed(2)} dB, MSE ${ref.mse.toFixed(4)}, ` +
        `cosine ${ref.cosine.toFixed(5)}, max |Δ| ${ref.maxAbsError.toFixed(3)}`,
    );
    expect(result.samples).toBe(196);
    expect(result.valuesPerSample).toBe(640);
    expect(result.notes.join(' ')).toMatch(/quantized to int8/);
    expect(ref.sqnr).toBeGreaterThan(15);
    expect(ref.cosine).toBeGreaterThan(0.99);
  });

  test('MLPerf ResNet-8: int8 against float on random 32×32 images', async ({ page }) => {
    test.skip(!TFLITE, NO_CORPUS);
    await harness(page);
    const outcome = await runJob(page, {
      model: ['/__eval/corpus/models/tflite/mlperf_ic_resnet8_int8.tflite'],
      reference: ['/__eval/corpus/models/tflite/mlperf_ic_resnet8_float.tflite'],
      source: { kind: 'file', url: serveData('random-32x32.npy', randomImagesNpy(64, 7)) },
    });
    expect(outcome.failure).toBeUndefined();
    const { result } = outcome.result!;
    const ref = result.reference!;
    console.log(
      `ResNet-8 int8 vs float, ${result.samples} random images: agreement ${(100 * ref.agreement).toFixed(1)} %, ` +
        `SQNR ${ref.sqnr.toFixed(2)} dB, cosine ${ref.cosine.toFixed(5)}`,
    );
    expect(result.samples).toBe(64);
    expect(result.valuesPerSample).toBe(10);
    expect(ref.sqnr).toBeGreaterThan(10);
    expect(ref.agreement).toBeGreaterThan(0.8);
  });
});

test.describe('TF.js models in the engine worker (TensorFlow.js, cpu backend)', () => {
  test('abalone (layers model) on a CSV: the outputs TF.js gives in Node, row by row', async ({ page }) => {
    test.skip(!ABALONE, NO_CORPUS);
    const { requests } = await harness(page);
    const { text, features } = abaloneCsv(40);
    const model = [
      '/__eval/corpus/models/tfjs/tfjs_examples_abalone_layers/model.json',
      '/__eval/corpus/models/tfjs/tfjs_examples_abalone_layers/weights.bin',
    ];
    const outcome = await runJob(page, {
      model,
      source: { kind: 'csv', url: serveData('abalone.csv', new TextEncoder().encode(text)), labelColumn: 'rings' },
      preview: 3,
    });
    expect(outcome.failure).toBeUndefined();
    const expected = (await tfjsInNode(tfjsFolder(ABALONE!, ['weights.bin']), { x: tf.tensor2d(features) }))[0]!.values;
    const { result, runtime } = outcome.result!;
    expect(runtime).toMatch(/^TensorFlow\.js 4\.\d+\.\d+ \(cpu backend\)$/);
    expect(result.samples).toBe(40);
    expect(result.output).toBe('dense_Dense3');
    const mean = expected.reduce((a, b) => a + b, 0) / expected.length;
    expect(result.statistics.mean).toBeCloseTo(mean, 4);
    expect(result.statistics.min).toBeCloseTo(Math.min(...expected), 4);
    expect(result.statistics.max).toBeCloseTo(Math.max(...expected), 4);
    // The same rows through the worker runtime directly: every output.
    const raw = await runRaw(page, {
      model,
      inputs: { dense_Dense1_input: { dtype: 'float32', shape: [40, 8], values: features.flat() } },
    });
    expect(raw.error).toBeUndefined();
    const got = raw.outputs!['dense_Dense3']!;
    expect(got.shape).toEqual([40, 1]);
    got.values.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-4));
    console.log(
      `abalone: ${result.samples} rows, mean predicted rings ${result.statistics.mean.toFixed(3)} (Node ${mean.toFixed(3)})`,
    );
    expect(outcome.preview?.rows?.length).toBe(3);
    expect(outcome.preview?.images).toEqual([]);
    expectSameOrigin(requests, page, /\/__eval\/runtime\.js$/);
  });

  test('prefetch (graph model, two int inputs): the outputs TF.js gives in Node; evaluate says why it cannot', async ({
    page,
  }) => {
    test.skip(!PREFETCH, NO_CORPUS);
    await harness(page);
    const pages = [3, 17, 42, 99, 0, 64];
    const sessions = [1, 5, 9, 2, 40, 7];
    const dir = '/__eval/corpus/models/tfjs/tfjs_examples_prefetch_graph';
    const model = [`${dir}/model.json`, `${dir}/group1-shard1of1.bin`];
    const raw = await runRaw(page, {
      model,
      inputs: {
        cur_page: { dtype: 'int64', shape: [6], values: pages },
        session_index: { dtype: 'int64', shape: [6], values: sessions },
      },
    });
    expect(raw.error).toBeUndefined();
    const expected = await tfjsInNode(tfjsFolder(PREFETCH!, ['group1-shard1of1.bin']), {
      'cur_page:0': tf.tensor1d(pages, 'int32'),
      'session_index:0': tf.tensor1d(sessions, 'int32'),
    });
    const got = Object.values(raw.outputs!)[0]!;
    expect(got.shape).toEqual(expected[0]!.shape);
    got.values.forEach((v, i) => expect(Math.abs(v - expected[0]!.values[i]!)).toBeLessThan(1e-6));
    const outcome = await runJob(page, {
      model,
      source: { kind: 'mnist', url: '/__eval/files/mnist-digits.npz', pixelScale: '0..1' },
    });
    expect(outcome.failure?.code).toBe('shape-mismatch');
    expect(outcome.failure?.message).toMatch(/feeds one input, but the model has 2 \(cur_page, session_index\)/);
  });
});

test.describe("the production build's engine worker", () => {
  test('runs TFLite, TF.js and ONNX models on images and CSV as the harness bundle does', async ({ page }) => {
    test.skip(!TFLITE || !PERSON_BMP || !ABALONE, NO_CORPUS);
    const { requests } = await harness(page);
    const engine = builtEngine();
    const bmp = (name: string) => new Uint8Array(readFileSync(resolve(PERSON_BMP!, name)));
    const folder = personFolder(bmp('person.bmp'), bmp('no_person.bmp'));
    const person = await runJob(page, {
      engine,
      model: ['/__eval/corpus/models/tflite/tflm_person_detect_int8.tflite'],
      source: {
        kind: 'images',
        files: folder.map((f) => ({ url: serveData(basename(f.name), f.bytes), name: f.name })),
      },
    });
    expect(person.failure).toBeUndefined();
    expect(person.result!.result.classification!.top1).toBe(1);
    const { text } = abaloneCsv(20);
    const dir = '/__eval/corpus/models/tfjs/tfjs_examples_abalone_layers';
    const abalone = await runJob(page, {
      engine,
      model: [`${dir}/model.json`, `${dir}/weights.bin`],
      source: { kind: 'csv', url: serveData('abalone-20.csv', new TextEncoder().encode(text)), labelColumn: -1 },
    });
    expect(abalone.failure).toBeUndefined();
    expect(abalone.result!.runtime).toMatch(/^TensorFlow\.js/);
    expect(abalone.result!.result.samples).toBe(20);
    const digits = new Uint8Array(readFileSync(resolve(SAMPLES, 'mnist-digits.npz')));
    const { zip } = mnistBmpZip(digits, mnistIndices(digits, 10));
    const mnist = await runJob(page, {
      engine,
      model: ['/__eval/files/mnist-cnn.onnx'],
      source: { kind: 'images', files: [{ url: serveData('mnist-100.zip', zip), name: 'mnist-100.zip' }] },
    });
    expect(mnist.failure).toBeUndefined();
    expect(mnist.result!.result.samples).toBe(100);
    expectSameOrigin(requests, page, /\/tflite\/tflite_web_api_cc_simd\.wasm$/);
    expect(requests.some((url) => url.endsWith(engine))).toBe(true);
  });
});
