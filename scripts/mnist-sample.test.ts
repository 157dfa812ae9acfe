// The committed MNIST sample (public/samples/mnist-cnn.onnx) is what its card says: onnxruntime-node
// loads it, its inputs and outputs match the card, and it reproduces the card's held-out top-1 exactly on
// the same split the generator used.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { MNIST_CARD_FILE, SAMPLES_DIR, type GalleryEntry, type SampleCard } from './sample/card';
import { denseToGemmB, hwioToOihw } from './sample/keras-to-ir';
import { loadSplit, splitIndices, TRAIN_COUNT, type DigitSet } from './sample/mnist-data';
import { evaluateOnnx, type OnnxEvaluation } from './sample/ort-eval';

const samplesDir = resolve(fileURLToPath(import.meta.url), '../..', SAMPLES_DIR);

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(join(samplesDir, name), 'utf8')) as T;
}

describe('the fixed MNIST split', () => {
  it('is a seeded, disjoint 8,000 / 2,000 cut of all 10,000 digits', () => {
    const a = splitIndices(10_000);
    const b = splitIndices(10_000);
    expect(a.train).toEqual(b.train);
    expect(a.heldOut).toEqual(b.heldOut);
    expect(a.train.length).toBe(TRAIN_COUNT);
    expect(a.heldOut.length).toBe(2000);
    expect(new Set([...a.train, ...a.heldOut]).size).toBe(10_000);
    // A different seed gives a different cut (the seed is really used).
    expect(splitIndices(10_000, 1).heldOut).not.toEqual(a.heldOut);
  });
});

describe('Keras → ONNX weight layouts', () => {
  it('moves HWIO kernels to OIHW', () => {
    // kernel[h][w][i][o] = 1000h + 100w + 10i + o, for H=2, W=3, I=2, O=4
    const [H, W, I, O] = [2, 3, 2, 4] as const;
    const hwio = new Float32Array(H * W * I * O);
    for (let h = 0; h < H; h++)
      for (let w = 0; w < W; w++)
        for (let i = 0; i < I; i++)
          for (let o = 0; o < O; o++) hwio[((h * W + w) * I + i) * O + o] = 1000 * h + 100 * w + 10 * i + o;
    const oihw = hwioToOihw(hwio, [H, W, I, O]);
    expect(oihw[((3 * I + 1) * H + 1) * W + 2]).toBe(1000 + 200 + 10 + 3);
    expect(oihw[0]).toBe(0);
  });

  it('permutes dense rows from NHWC flatten order to NCHW and transposes to [units, inputs]', () => {
    const [C, H, W, U] = [3, 2, 2, 2] as const;
    // Keras row index r = (y·W + x)·C + c; give each weight the value 10·r + u.
    const kernel = new Float32Array(C * H * W * U);
    for (let r = 0; r < C * H * W; r++) for (let u = 0; u < U; u++) kernel[r * U + u] = 10 * r + u;
    const b = denseToGemmB(kernel, [C * H * W, U], [C, H, W]);
    // NCHW position of (c=2, y=1, x=0) is (2·H + 1)·W + 0 = 10; its Keras row is (1·W + 0)·C + 2 = 8.
    expect(b[1 * C * H * W + 10]).toBe(10 * 8 + 1);
    expect(b[0 * C * H * W + 1]).toBe(10 * 3); // (c=0, y=0, x=1) ← Keras row (0·W + 1)·C + 0 = 3
    expect(() => denseToGemmB(kernel, [C * H * W, U], [C, H, W + 1])).toThrow(/expects 12 inputs/);
  });
});

describe('public/samples/mnist-cnn.onnx', () => {
  let card: SampleCard;
  let heldOut: DigitSet;
  let result: OnnxEvaluation;

  beforeAll(async () => {
    card = readJson<SampleCard>(MNIST_CARD_FILE);
    heldOut = loadSplit().heldOut;
    result = await evaluateOnnx(readFileSync(join(samplesDir, card.file)), heldOut);
  });

  it('is listed in the gallery with its card', () => {
    const gallery = readJson<GalleryEntry[]>('index.json');
    const entry = gallery.find((e) => e.id === card.id);
    expect(entry).toMatchObject({ file: card.file, card: MNIST_CARD_FILE, name: card.name });
  });

  it("has the card's input and output", () => {
    expect(result.inputs).toEqual([{ name: card.input.name, type: card.input.dtype, shape: card.input.shape }]);
    expect(result.outputs).toEqual([{ name: card.output.name, type: 'float32', shape: card.output.shape }]);
    expect(card.output.labels).toHaveLength(card.output.shape[1]!);
  });

  it("reproduces the card's held-out top-1 exactly", () => {
    expect(heldOut.count).toBe(card.heldOut.samples);
    expect(result.top1).toBe(card.heldOut.top1);
    expect(result.top1).toBeGreaterThan(0.97);
  });
});
