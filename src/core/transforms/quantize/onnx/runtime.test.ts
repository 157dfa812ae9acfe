// Every ONNX quantization mode (static int8 in both forms, QDQ and QOperator) on the MNIST sample and the
// corpus ONNX models, checked by independent consumers: onnxruntime-node runs each output (outputs
// compared with the float model's on the same inputs: random ones, plus 16 real digits for the MNIST
// models) and the Python onnx checker accepts it. python3-onnx 1.12 predates opset 21, so the int4 files
// are checked by onnxruntime only.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { MNIST_DIGITS_FILE, readMnistDigits } from '../../../data/index';
import { readOnnx, writeOnnx } from '../../../formats/onnx/index';
import type { Model } from '../../../ir/types';
import { seededRandom } from '../../../util/random';
import { corpusPath, hasCorpus, readBytes, REPO_ROOT } from '../../../../test-support/corpus';
import { checkModels } from '../../../../test-support/onnx/conformance';
import { calibrate } from '../calibration/calibrate';
import { quantizeModel } from '../index';
import type { QuantizeOptions } from '../types';

interface Case {
  readonly name: string;
  readonly path: string;
  /** Input values are drawn uniformly from [lo, hi]. */
  readonly lo: number;
  readonly hi: number;
  /** Random inputs to calibrate static int8 on (the executor runs them in TypeScript). */
  readonly calibrationSamples: number;
  /** A lower cosine bar for the 4-bit modes where a tiny regression net cannot meet the general one. */
  readonly int4Cosine?: number;
  /**
   * The "light" models have no trained weights (every weight is a ConstantOfShape fill), so their
   * activations reach 1e10; onnxruntime's fused integer kernels (optimization level 'extended' and up)
   * return zeros at such scales. They are compared at level 'basic', which runs the QDQ graph as written.
   */
  readonly ortLevel?: 'basic';
  /** Test inputs (default 8; DenseNet-121 at 2.8 GMACs gets fewer). */
  readonly testInputs?: number;
  /** MNIST models are also compared on real digits (scaled by this factor) besides random inputs. */
  readonly digits?: number;
}

const CASES: readonly Case[] = [
  {
    name: 'mnist-cnn (sample)',
    path: join(REPO_ROOT, 'public/samples/mnist-cnn.onnx'),
    lo: 0,
    hi: 1,
    calibrationSamples: 16,
  },
  {
    name: 'onnxzoo_mnist-8',
    path: corpusPath('models/onnx/onnxzoo_mnist-8.onnx'),
    lo: 0,
    hi: 255,
    calibrationSamples: 16,
  },
  {
    name: 'onnx2c_mnist_mlp_bn_pytorch',
    path: corpusPath('models/onnx/onnx2c_mnist_mlp_bn_pytorch.onnx'),
    lo: 0,
    hi: 1,
    calibrationSamples: 16,
  },
  {
    name: 'onnx2c_tflm_hello_world_sine',
    path: corpusPath('models/onnx/onnx2c_tflm_hello_world_sine.onnx'),
    lo: -3.14,
    hi: 3.14,
    calibrationSamples: 128,
    int4Cosine: 0.75,
  },
  {
    name: 'onnx_light_squeezenet',
    path: corpusPath('models/onnx/onnx_light_squeezenet.onnx'),
    lo: 0,
    hi: 1,
    calibrationSamples: 1,
    ortLevel: 'basic',
  },
  {
    name: 'onnx_light_densenet121',
    path: corpusPath('models/onnx/onnx_light_densenet121.onnx'),
    lo: 0,
    hi: 1,
    calibrationSamples: 1,
    ortLevel: 'basic',
    testInputs: 1,
  },
];

/** Modes and the least cosine similarity their outputs must keep to the float model's. */
const MODES: readonly { label: string; options: QuantizeOptions; cosine: number }[] = [
  { label: 'int8-weights', options: { mode: 'int8-weights' }, cosine: 0.999 },
  {
    label: 'int8-weights-per-tensor-asym',
    options: { mode: 'int8-weights', granularity: 'per-tensor', symmetric: false },
    cosine: 0.998,
  },
  { label: 'int4-weights', options: { mode: 'int4-weights' }, cosine: 0.95 },
  { label: 'int4-weights-block32', options: { mode: 'int4-weights', blockSize: 32 }, cosine: 0.95 },
  { label: 'float16', options: { mode: 'float16' }, cosine: 0.99999 },
  { label: 'int8', options: { mode: 'int8' }, cosine: 0.99 },
  { label: 'int8-qoperator', options: { mode: 'int8', onnxFormat: 'qoperator' }, cosine: 0.99 },
];

const TEST_INPUTS = 8;
let dir = '';
const written: { file: string; int4: boolean }[] = [];

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The model's data inputs with static shapes (symbolic dims as 1). */
function inputsOf(model: Model): { id: string; shape: number[] }[] {
  const constants = new Set(model.graph.tensors.filter((t) => t.data).map((t) => t.id));
  return model.graph.inputs
    .filter((id) => !constants.has(id))
    .map((id) => {
      const t = model.graph.tensors.find((x) => x.id === id)!;
      return { id, shape: (t.shape ?? []).map((d) => (typeof d === 'number' ? d : 1)) };
    });
}

function randomFeeds(model: Model, c: Case, count: number, seed: number): Record<string, Float32Array>[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () =>
    Object.fromEntries(
      inputsOf(model).map(({ id, shape }) => {
        const n = shape.reduce((a, b) => a * b, 1);
        return [id, Float32Array.from({ length: n }, () => c.lo + (c.hi - c.lo) * random())];
      }),
    ),
  );
}

async function outputs(
  bytes: Uint8Array,
  model: Model,
  feeds: readonly Record<string, Float32Array>[],
  level: 'basic' | 'all' = 'all',
): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: level });
  try {
    const parts: number[] = [];
    for (const feed of feeds) {
      const inputs = Object.fromEntries(
        inputsOf(model).map(({ id, shape }) => [id, new ort.Tensor('float32', feed[id]!, shape)]),
      );
      const result = await session.run(inputs);
      for (const name of session.outputNames) parts.push(...(result[name]!.data as Float32Array));
    }
    return Float32Array.from(parts);
  } finally {
    await session.release();
  }
}

const mnist = readMnistDigits(readBytes(join(REPO_ROOT, 'public/samples', MNIST_DIGITS_FILE)), { unit: true });

/** Digits spread over the set (it is sorted by class), as feeds of the model's [1, 1, 28, 28] input. */
function digitFeeds(model: Model, count: number, scale: number): Record<string, Float32Array>[] {
  const id = inputsOf(model)[0]!.id;
  const x = mnist.x.data as Float32Array;
  return Array.from({ length: count }, (_, k) => {
    const i = Math.floor(((k + 0.5) * mnist.count) / count);
    return { [id]: x.slice(i * 784, (i + 1) * 784).map((v) => v * scale) };
  });
}

function maxError(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return na === 0 && nb === 0 ? 1 : dot / Math.sqrt(na * nb);
}

describe.skipIf(!hasCorpus())('ONNX quantization in onnxruntime', () => {
  dir = mkdtempSync(join(tmpdir(), 'scaledown-quantize-'));

  for (const c of CASES) {
    it(`${c.name}: every mode runs in onnxruntime, close to the float model`, async () => {
      const bytes = readBytes(c.path);
      const model = readOnnx([{ name: c.name, bytes }]);
      const random = randomFeeds(model, c, c.testInputs ?? TEST_INPUTS, 7);
      const feeds = c.digits !== undefined ? [...random, ...digitFeeds(model, 16, c.digits)] : random;
      const reference = await outputs(bytes, model, feeds, c.ortLevel);
      const { ranges } = await calibrate(model, randomFeeds(model, c, c.calibrationSamples, 11));
      const figures: string[] = [];
      const results: { label: string; cos: number; length: number; threshold: number }[] = [];
      for (const mode of MODES) {
        const options = mode.options.mode === 'int8' ? { ...mode.options, activationRanges: ranges } : mode.options;
        const { model: quantized, report } = quantizeModel(model, options);
        const [file] = writeOnnx(quantized);
        const path = join(dir, `${c.name.replace(/\W+/g, '_')}.${mode.label}.onnx`);
        writeFileSync(path, file!.bytes);
        written.push({ file: path, int4: mode.label.startsWith('int4') });
        const got = await outputs(file!.bytes, model, feeds, c.ortLevel);
        const cos = cosine(reference, got);
        const size = (file!.bytes.byteLength / bytes.byteLength).toFixed(3);
        const err = maxError(reference, got).toExponential(1);
        figures.push(
          `${mode.label} cos ${cos.toFixed(5)} max|Δ| ${err} file ${size} constants ${report.totals.ratio.toFixed(3)}`,
        );
        const threshold = mode.label.startsWith('int4') ? Math.min(mode.cosine, c.int4Cosine ?? 1) : mode.cosine;
        results.push({ label: mode.label, cos, length: got.length, threshold });
      }
      console.log(`${c.name}:\n  ${figures.join('\n  ')}`);
      for (const r of results) {
        expect(r.length, r.label).toBe(reference.length);
        expect(r.cos, `${c.name} ${r.label}`).toBeGreaterThanOrEqual(r.threshold);
      }
    });
  }

  it('the onnx checker accepts every output that is not int4', () => {
    const files = written.filter((w) => !w.int4).map((w) => w.file);
    expect(files.length).toBeGreaterThan(0);
    const checked = checkModels(files, dir);
    if (!checked.available) {
      console.warn(`[skip] onnx checker: ${checked.reason}`);
      return;
    }
    for (const f of files) expect(checked.results[f] ?? null, f).toBeNull();
  });
});
