// The executor on real models: the corpus ONNX models and the MNIST sample against onnxruntime-node on
// seeded random inputs (single samples and batches), and the corpus TFLite models against their published
// figures (the anomaly-detection clip's reconstruction error, hello_world's sine, valid probabilities).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { frameWindows, readFloat32LE, decodeBmp, greyToRgb } from '../../../e2e/harness/decode';
import { corpusPath, hasCorpus, readBytes, REPO_ROOT } from '../../test-support/corpus';
import { readModel } from '../formats/registry';
import { inferShapes } from '../shape/infer';
import type { Model, Tensor } from '../ir/types';
import { seededRandom } from '../util/random';
import { runModel, runModelTensors, unsupportedOps } from './index';

const corpus = hasCorpus();

function load(path: string): { model: Model; bytes: Uint8Array } {
  const bytes = readBytes(path);
  return { model: readModel([{ name: path, bytes }]), bytes };
}

/** The first graph input that needs a feed (older ONNX files also list their weights as inputs). */
function inputOf(model: Model): Tensor {
  const byId = new Map(model.graph.tensors.map((t) => [t.id, t]));
  return model.graph.inputs.map((id) => byId.get(id)!).find((t) => !t.data)!;
}

/** Seeded uniform values in [lo, hi). */
function randomValues(n: number, seed: number, lo = 0, hi = 1): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: n }, () => lo + random() * (hi - lo));
}

/** Largest |a − b| relative to the largest |b| (the output's scale). */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst / (scale || 1);
}

async function ortRun(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 4 });
  try {
    const out = await session.run(feeds);
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.data as Float32Array]));
  } finally {
    await session.release();
  }
}

const ONNX_MODELS: readonly { file: string; lo: number; hi: number; batch?: number }[] = [
  { file: 'models/onnx/onnxzoo_mnist-8.onnx', lo: 0, hi: 255 },
  { file: 'models/onnx/onnx2c_mnist_mlp_bn_pytorch.onnx', lo: 0, hi: 1 },
  { file: 'models/onnx/onnx2c_tflm_hello_world_sine.onnx', lo: 0, hi: 6.3, batch: 7 },
  { file: 'models/onnx/onnx_light_squeezenet.onnx', lo: 0, hi: 1 },
  { file: 'models/onnx/onnx_light_densenet121.onnx', lo: 0, hi: 1 },
];

describe.skipIf(!corpus)('corpus ONNX models against onnxruntime-node', () => {
  for (const { file, lo, hi, batch = 1 } of ONNX_MODELS) {
    it(`${file.split('/').pop()} (batch ${batch})`, async () => {
      const { model, bytes } = load(corpusPath(file));
      expect(unsupportedOps(model)).toEqual([]);
      const input = inputOf(model);
      const shape = input.shape!.map((d, i) => (typeof d === 'number' ? d : i === 0 ? batch : 1));
      const data = randomValues(
        shape.reduce((a, b) => a * b, 1),
        7,
        lo,
        hi,
      );
      // Every computed tensor has the shape shape inference gives it (where inference knows it).
      const inferred = inferShapes(model, { inputShapes: { [input.id]: shape } }).types;
      const disagree: string[] = [];
      const ours = await runModel(
        model,
        { [input.id]: { data, shape } },
        {
          observe: new Set(model.graph.nodes.flatMap((n) => n.outputs)),
          onTensor: (id, _, t) => {
            const want = inferred.get(id)?.shape;
            if (want && want.every((d) => typeof d === 'number') && want.join() !== t.shape.join())
              disagree.push(`${id}: [${t.shape}] vs inferred [${want}]`);
          },
        },
      );
      expect(disagree).toEqual([]);
      const theirs = await ortRun(bytes, { [input.id]: new ort.Tensor('float32', data, shape) });
      for (const id of model.graph.outputs) expect(relativeError(ours[id]!, theirs[id]!)).toBeLessThan(1e-4);
    });
  }

  it('onnxzoo_mnist-8.onnx runs a batch of 6 in chunks (its Reshape bakes in batch 1) like 6 single runs', async () => {
    const { model, bytes } = load(corpusPath('models/onnx/onnxzoo_mnist-8.onnx'));
    const input = inputOf(model);
    const data = randomValues(6 * 784, 11, 0, 255);
    const out = await runModelTensors(model, { [input.id]: data });
    const id = model.graph.outputs[0]!;
    expect(out[id]!.shape).toEqual([6, 10]);
    for (let s = 0; s < 6; s++) {
      const one = data.subarray(s * 784, (s + 1) * 784);
      const theirs = await ortRun(bytes, { [input.id]: new ort.Tensor('float32', one, [1, 1, 28, 28]) });
      expect(relativeError(out[id]!.data.subarray(s * 10, s * 10 + 10), theirs[id]!)).toBeLessThan(1e-4);
    }
  });

  it('onnxzoo_mnist-8.onnx reproduces the model zoo test vectors (as onnxruntime does, within 1e-3)', async () => {
    const { readOnnxTensor } = await import('../formats/onnx');
    const { model } = load(corpusPath('models/onnx/onnxzoo_mnist-8.onnx'));
    for (const set of [0, 1, 2]) {
      const dir = corpusPath(`data/onnxzoo_mnist8_test_data/test_data_set_${set}`);
      const read = (f: string): Float32Array => {
        const t = readOnnxTensor({ name: f, bytes: readBytes(join(dir, f)) });
        return new Float32Array(t.data!.bytes!.slice().buffer);
      };
      const out = await runModel(model, { [inputOf(model).id]: read('input_0.pb') });
      expect(relativeError(out[model.graph.outputs[0]!]!, read('output_0.pb'))).toBeLessThan(1e-3);
    }
  });
});

describe('the MNIST sample against onnxruntime-node', () => {
  it('agrees on a batch of 16 run at once (its Flatten takes any batch)', async () => {
    const path = join(REPO_ROOT, 'public/samples/mnist-cnn.onnx');
    const { model, bytes } = load(path);
    const input = inputOf(model);
    const data = randomValues(16 * 784, 3);
    let runs = 0;
    const out = await runModel(model, { [input.id]: data }, { observe: new Set([input.id]), onTensor: () => runs++ });
    expect(runs).toBe(1);
    const id = model.graph.outputs[0]!;
    for (let s = 0; s < 16; s += 5) {
      const one = new ort.Tensor('float32', data.slice(s * 784, (s + 1) * 784), [1, 1, 28, 28]);
      const theirs = await ortRun(bytes, { [input.id]: one });
      expect(relativeError(out[id]!.subarray(s * 10, s * 10 + 10), theirs[id]!)).toBeLessThan(1e-4);
    }
  });
});

const tflite = (name: string): string => corpusPath(`models/tflite/${name}`);

describe.skipIf(!corpus)('corpus TFLite models against their published figures', () => {
  it("the AD autoencoder's mean reconstruction error over the clip's 196 windows is MANIFEST's 9.70710781", async () => {
    const { model } = load(tflite('mlperf_ad_autoencoder_float.tflite'));
    const clip = readFloat32LE(readBytes(corpusPath('data/mlperf_tiny/ad01/normal_id_01_00000000_hist_librosa.bin')));
    const windows = frameWindows(clip, 128, 5);
    expect(windows.length).toBe(196);
    const batch = new Float32Array(196 * 640);
    windows.forEach((w, i) => batch.set(w, i * 640));
    const out = Object.values(await runModel(model, { [inputOf(model).id]: batch }))[0]!;
    let total = 0;
    for (let w = 0; w < 196; w++) {
      let sum = 0;
      for (let i = 0; i < 640; i++) sum += (out[w * 640 + i]! - batch[w * 640 + i]!) ** 2;
      total += sum / 640;
    }
    const score = total / 196;
    console.log(
      `[execute] AD autoencoder clip score ${score.toFixed(8)} (MANIFEST 9.70710781, tfjs-tflite 9.70709855)`,
    );
    expect(Math.abs(score - 9.70710781) / 9.70710781).toBeLessThan(1e-4);
  });

  it('hello_world_float gives sin(π/2) ≈ 1, close to its ONNX twin (a different training run)', async () => {
    const { model } = load(tflite('tflm_hello_world_float.tflite'));
    const xs = Float32Array.of(0, Math.PI / 2, Math.PI, (3 * Math.PI) / 2);
    const y = Object.values(await runModel(model, { [inputOf(model).id]: xs }))[0]!;
    expect(Math.abs(y[1]! - 1)).toBeLessThan(0.1);
    expect(Math.abs(y[3]! + 1)).toBeLessThan(0.1);
    const twin = load(corpusPath('models/onnx/onnx2c_tflm_hello_world_sine.onnx')).model;
    const z = Object.values(await runModel(twin, { [inputOf(twin).id]: { data: xs, shape: [4, 1] } }))[0]!;
    for (let i = 0; i < 4; i++) expect(Math.abs(y[i]! - z[i]!)).toBeLessThan(0.2);
  });

  it('the VWW MobileNet sees the person in person.bmp more than in no_person.bmp', async () => {
    const { model } = load(tflite('mlperf_vww_mobilenetv1_96_float.tflite'));
    const person = (file: string, storedAsInt8: boolean): Float32Array => {
      const image = decodeBmp(readBytes(corpusPath(`data/tflm_person_detection_bmp/${file}`)));
      // TFLM's person.bmp stores grey − 128 as raw bytes (see e2e/harness/inputs.ts).
      const grey = storedAsInt8 ? { ...image, pixels: image.pixels.map((p) => p ^ 0x80) } : image;
      return Float32Array.from(greyToRgb(grey).pixels, (p) => p / 255);
    };
    const batch = new Float32Array(2 * 96 * 96 * 3);
    batch.set(person('person.bmp', true));
    batch.set(person('no_person.bmp', false), 96 * 96 * 3);
    const out = Object.values(await runModel(model, { [inputOf(model).id]: batch }))[0]!;
    // Outputs: [no person, person] per image.
    expect(out[1]!).toBeGreaterThan(out[3]!);
  });

  describe('float and int8 classifiers give probability vectors', () => {
    const MODELS = [
      'mlperf_vww_mobilenetv1_96_float.tflite',
      'mlperf_ic_resnet8_float.tflite',
      'mlperf_kws_dscnn_float32_hybrid.tflite',
      'mlperf_vww_mobilenetv1_96_int8.tflite',
      'mlperf_ic_resnet8_int8.tflite',
      'mlperf_kws_dscnn_int8.tflite',
      'tflm_person_detect_int8.tflite',
      'tflm_micro_speech_int8.tflite',
    ];
    let models: Map<string, Model>;
    beforeAll(() => {
      models = new Map(MODELS.map((m) => [m, load(tflite(m)).model]));
    });
    it.each(MODELS)('%s', async (name) => {
      const model = models.get(name)!;
      expect(unsupportedOps(model)).toEqual([]);
      const input = inputOf(model);
      const size = input.shape!.reduce<number>((a, b) => a * Number(b), 1);
      // Integer inputs take stored values (dequantized by the executor), floats take [0, 1).
      const int8 = input.dtype === 'int8';
      const data = int8 ? Int8Array.from(randomValues(2 * size, 5, -128, 128), Math.floor) : randomValues(2 * size, 5);
      const out = Object.values(await runModel(model, { [input.id]: data }))[0]!;
      const classes = out.length / 2;
      for (let s = 0; s < 2; s++) {
        const row = out.subarray(s * classes, (s + 1) * classes);
        for (const p of row) expect(p).toBeGreaterThanOrEqual(0);
        // int8 softmax outputs sit on a 1/256 grid, so their sum may be off by a few steps.
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, int8 ? 1 : 5);
      }
    });
  });

  it('the int8 ResNet-8 (converted from the float one) picks the same classes', async () => {
    const float = load(tflite('mlperf_ic_resnet8_float.tflite')).model;
    const int8 = load(tflite('mlperf_ic_resnet8_int8.tflite')).model;
    // The int8 model takes raw pixels − 128 (scale 1), the float one 0..255 (MANIFEST.md).
    const pixels = Float32Array.from(randomValues(4 * 3072, 9, 0, 256), Math.floor);
    const a = Object.values(await runModel(float, { [inputOf(float).id]: pixels }))[0]!;
    const b = Object.values(await runModel(int8, { [inputOf(int8).id]: Int8Array.from(pixels, (p) => p - 128) }))[0]!;
    // A simulation of the integer model (real values snapped to each tensor's grid), not its exact
    // arithmetic: the same class, and nearly the same probabilities.
    for (let s = 0; s < 4; s++) {
      const [x, y] = [a.subarray(s * 10, s * 10 + 10), b.subarray(s * 10, s * 10 + 10)];
      expect(y.indexOf(Math.max(...y))).toBe(x.indexOf(Math.max(...x)));
      const dot = x.reduce((sum, v, i) => sum + v * y[i]!, 0);
      const norm = Math.hypot(...x) * Math.hypot(...y);
      expect(dot / norm).toBeGreaterThan(0.95);
    }
  });
});

describe.skipIf(!corpus)('corpus files the executor refuses up front', () => {
  it('names nothing for the corpus TFLite models (every op is supported)', () => {
    for (const file of [
      'tflm_test_conv_model.tflite',
      'tflm_hello_world_int8.tflite',
      'mlperf_ad_autoencoder_int8.tflite',
    ])
      expect(unsupportedOps(load(tflite(file)).model)).toEqual([]);
    expect(readFileSync(tflite('tflm_test_conv_model.tflite')).length).toBeGreaterThan(0);
  });
});
