// The committed LeNet-300-100 sample (public/samples/lenet-300-100.onnx) is what its card says: listed in the
// gallery beside the CNN sample, the input the built-in digits feed, and the card's held-out top-1 exactly.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LENET_CARD_FILE, MNIST_CARD_FILE, SAMPLES_DIR, type GalleryEntry, type SampleCard } from './sample/card';
import { withGalleryEntry } from './sample/gallery';
import { transposeKernel } from './sample/mlp-to-ir';
import { loadSplit, type DigitSet } from './sample/mnist-data';
import { evaluateOnnx, type OnnxEvaluation } from './sample/ort-eval';

const samplesDir = resolve(fileURLToPath(import.meta.url), '../..', SAMPLES_DIR);
const readJson = <T>(name: string): T => JSON.parse(readFileSync(join(samplesDir, name), 'utf8')) as T;

describe('LeNet sample helpers', () => {
  it('transposes a Keras dense kernel [inputs, units] into a Gemm B [units, inputs]', () => {
    // kernel[i][u] = 10·i + u for 3 inputs, 2 units.
    const kernel = Float32Array.from([0, 1, 10, 11, 20, 21]);
    expect(Array.from(transposeKernel(kernel, [3, 2]))).toEqual([0, 10, 20, 1, 11, 21]);
    expect(() => transposeKernel(kernel, [2, 2])).toThrow(/6 values, not 2×2/);
  });

  it('replaces a gallery entry in place and appends a new one', () => {
    const entry = (id: string, name = id): GalleryEntry => ({
      id,
      name,
      file: `${id}.onnx`,
      card: `${id}.json`,
      description: '',
    });
    const gallery = [entry('a'), entry('b')];
    expect(withGalleryEntry(gallery, entry('a', 'A2')).map((e) => e.name)).toEqual(['A2', 'b']);
    expect(withGalleryEntry(gallery, entry('c')).map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('public/samples/lenet-300-100.onnx', () => {
  let card: SampleCard;
  let heldOut: DigitSet;
  let result: OnnxEvaluation;

  beforeAll(async () => {
    card = readJson<SampleCard>(LENET_CARD_FILE);
    heldOut = loadSplit().heldOut;
    result = await evaluateOnnx(readFileSync(join(samplesDir, card.file)), heldOut);
  });

  it('is listed in the gallery with its card, after the CNN sample', () => {
    const gallery = readJson<GalleryEntry[]>('index.json');
    expect(gallery.map((e) => e.card)).toEqual([MNIST_CARD_FILE, LENET_CARD_FILE]);
    expect(gallery[1]).toMatchObject({ id: card.id, file: card.file, name: card.name, description: card.description });
  });

  it("has the card's input (the CNN sample's, which the built-in digits feed) and output", () => {
    const cnn = readJson<SampleCard>(MNIST_CARD_FILE);
    expect(card.input).toEqual(cnn.input);
    expect(result.inputs).toEqual([{ name: card.input.name, type: card.input.dtype, shape: card.input.shape }]);
    expect(result.outputs).toEqual([{ name: card.output.name, type: 'float32', shape: card.output.shape }]);
    expect(card.params).toBe(784 * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10);
    expect(card.macs).toBe(784 * 300 + 300 * 100 + 100 * 10);
  });

  it("reproduces the card's held-out top-1 exactly", () => {
    expect(heldOut.count).toBe(card.heldOut.samples);
    expect(result.top1).toBe(card.heldOut.top1);
    expect(result.top1).toBeGreaterThan(0.97);
  });
});
