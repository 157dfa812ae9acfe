// The engine's evaluate job in-process. onnxruntime-web needs a browser (e2e/evaluate-worker.spec.ts covers
// it there), so here the engine is given onnxruntime-node through its runner factory: same job, same core.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readMnistDigits, writeNpz, type ImageDecoder } from '../core';
import { seededRandom } from '../core/util/random';
import { mnistSource, onnxNodeRunner } from '../test-support/analysis-runners';
import { REPO_ROOT } from '../test-support/corpus';
import { failureOf, mnistSampleFile } from '../test-support/engine-samples';
import { savedTfjsFiles } from '../test-support/tfjs';
import { createInProcessClient, type EngineClient } from './client';
import type { RunnerFactory } from './evaluate-job';
import type { EvaluateRequest, InputFile, Progress } from './protocol';
import { copy } from './test-models';

const DIGITS = join(REPO_ROOT, 'public/samples/mnist-digits.npz');
const lenetFile = (): InputFile => ({
  name: 'lenet-300-100.onnx',
  bytes: copy(readFileSync(join(REPO_ROOT, 'public/samples/lenet-300-100.onnx'))),
});
const mnist = (extra: Partial<EvaluateRequest> = {}): EvaluateRequest => ({ source: mnistSource(), ...extra });

const loads: string[] = [];
const nodeRunners: RunnerFactory = async (_, files, fileName) => {
  loads.push(fileName);
  return onnxNodeRunner(files, fileName);
};

async function opened(file: InputFile): Promise<{ engine: EngineClient; modelId: string }> {
  const engine = await createInProcessClient(nodeRunners);
  const { summary } = await engine.openModel([file]);
  return { engine, modelId: summary.modelId };
}

describe('engine: evaluate a model on the built-in MNIST digits', () => {
  it('LeNet on all 10,000 digits: 99.08 % top-1, progress per batch up to 1', async () => {
    const { engine, modelId } = await opened(lenetFile());
    const progress: Progress[] = [];
    const r = await engine.evaluate(modelId, mnist(), { onProgress: (p) => progress.push(p) });
    expect(r.modelId).toBe(modelId);
    expect(r.data).toBe('mnist');
    expect(r.runtime).toBe('onnxruntime-node');
    expect(r.result.samples).toBe(10_000);
    expect(r.result.classification?.top1).toBeCloseTo(0.9908, 4);
    expect(r.result.classification?.confusion.length).toBe(10);
    const evaluating = progress.filter((p) => p.phase === 'evaluate');
    expect(evaluating.length).toBeGreaterThan(10);
    expect(evaluating.at(-1)?.fraction).toBe(1);
    expect(r.timings.total).toBeGreaterThanOrEqual(r.timings.run);
  });

  it('a seeded subset, ×255 pixels and a reference model: agreement and error against it', async () => {
    const { engine, modelId } = await opened(lenetFile());
    const other = (await engine.openModel([mnistSampleFile()])).summary.modelId;
    const r = await engine.evaluate(modelId, mnist({ samples: 300, referenceId: other, batchSize: 50 }));
    expect(r.referenceId).toBe(other);
    expect(r.result.samples).toBe(300);
    expect(r.result.reference?.agreement).toBeGreaterThan(0.9);
    expect(r.result.reference?.agreement).toBeLessThan(1);
    // The same model against itself agrees exactly.
    const self = await engine.evaluate(modelId, mnist({ samples: 100, referenceId: modelId }));
    expect(self.result.reference?.agreement).toBe(1);
    expect(self.result.reference?.mse).toBe(0);
    // Raw 0..255 pixels scaled back down give the 0..1 figures.
    const raw = mnist({ samples: 200 });
    const scaled = await engine.evaluate(modelId, {
      ...raw,
      source: { ...raw.source, pixelScale: '0..255' } as EvaluateRequest['source'],
      scale: 1 / 255,
    });
    const unit = await engine.evaluate(modelId, mnist({ samples: 200 }));
    expect(scaled.result.classification?.top1).toBeCloseTo(unit.result.classification!.top1, 6);
  });

  it('an uploaded .npz: its labels are scored; a misfit names the dimension', async () => {
    const { engine, modelId } = await opened(lenetFile());
    const x = new Float32Array(4 * 784);
    const file = (shape: number[], data = x) => ({
      name: 'mine.npz',
      bytes: copy(
        writeNpz({
          x: { dtype: 'float32', shape, data },
          y: { dtype: 'int32', shape: [4], data: Int32Array.from([1, 1, 1, 1]) },
        }),
      ),
    });
    const r = await engine.evaluate(modelId, { source: { kind: 'file', file: file([4, 1, 28, 28]) } });
    expect(r.data).toBe('mine.npz');
    expect(r.result.samples).toBe(4);
    expect(r.result.classification).toBeDefined();
    const bad = await failureOf(
      engine.evaluate(modelId, { source: { kind: 'file', file: file([4, 1, 28, 27], new Float32Array(4 * 756)) } }),
    );
    expect(bad.message).toMatch(/dimension/);
    expect(bad.message).toContain('mine.npz');
  });

  it('an abort mid-run cancels the job between batches', async () => {
    const { engine, modelId } = await opened(lenetFile());
    const controller = new AbortController();
    const fractions: number[] = [];
    const run = engine.evaluate(modelId, mnist(), {
      signal: controller.signal,
      onProgress: (p) => {
        fractions.push(p.fraction);
        if (p.fraction > 0.05) controller.abort();
      },
    });
    expect((await failureOf(run)).code).toBe('cancelled');
    expect(fractions.at(-1)).toBeLessThan(1);
  });

  it('an unknown reference model is refused before anything runs', async () => {
    const { engine, modelId } = await opened(lenetFile());
    loads.length = 0;
    const failure = await failureOf(engine.evaluate(modelId, mnist({ referenceId: 'm99' })));
    expect(failure.code).toBe('unknown-model');
    expect(loads).toEqual([]);
  });
});

// ---- datasets: CSV and image folders, previews ----

const digits = readMnistDigits(new Uint8Array(readFileSync(DIGITS)));

/** Digits `0..per-1` of each class, in class order: their indices into the built-in set. */
function digitIndices(per: number): number[] {
  const labels = digits.y!.data;
  return Array.from({ length: 10 }, (_, c) => {
    const of: number[] = [];
    for (let i = 0; i < labels.length && of.length < per; i++) if (Number(labels[i]) === c) of.push(i);
    return of;
  }).flat();
}

const pixelsOf = (i: number): Uint8Array =>
  Uint8Array.from({ length: 784 }, (_, j) => Number(digits.x.data[i * 784 + j]));

// Test "images": a width byte, a height byte, then grey levels; the injected decoder turns them into RGBA.
const fakeImage = (grey: Uint8Array, width = 28, height = 28): Uint8Array => Uint8Array.from([width, height, ...grey]);
let decoded = 0;
const fakeDecoder: ImageDecoder = async (bytes) => {
  decoded++;
  const [width = 0, height = 0] = bytes;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    data.fill(bytes[2 + p]!, 4 * p, 4 * p + 3);
    data[4 * p + 3] = 255;
  }
  return { width, height, data };
};

/** The digits as a dropped folder ("digits/<class>/<i>.png"). */
const digitFolder = (indices: readonly number[]): InputFile[] =>
  indices.map((i) => ({
    name: `digits/${Number(digits.y!.data[i])}/${String(i).padStart(5, '0')}.png`,
    bytes: copy(fakeImage(pixelsOf(i))),
  }));

/** The same digits as a .npz: x uint8 [N, 28, 28] (scaled by 1/255 when evaluated), y. */
function digitNpz(indices: readonly number[]): InputFile {
  const x = new Uint8Array(indices.length * 784);
  indices.forEach((i, k) => x.set(pixelsOf(i), k * 784));
  const y = Int32Array.from(indices, (i) => Number(digits.y!.data[i]));
  const bytes = writeNpz({
    x: { dtype: 'uint8', shape: [indices.length, 28, 28], data: x },
    y: { dtype: 'int32', shape: [indices.length], data: y },
  });
  return { name: 'digits.npz', bytes: copy(bytes) };
}

async function engineWith(files: InputFile[]): Promise<{ engine: EngineClient; modelId: string }> {
  const engine = await createInProcessClient(nodeRunners, fakeDecoder);
  const { summary } = await engine.openModel(files);
  return { engine, modelId: summary.modelId };
}

/** A TF.js layers model saved as TF.js saves it (model.json + weights.bin). */
async function tfjsFiles(model: tf.LayersModel): Promise<InputFile[]> {
  return (await savedTfjsFiles(model)).map((f) => ({ name: f.name, bytes: copy(f.bytes) }));
}

/** Dense 4 → 3 softmax with fixed weights: a tabular classifier. */
function tabularModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 3, inputShape: [4], activation: 'softmax', name: 'classify' })],
  });
  const next = seededRandom(3);
  model.setWeights([
    tf.tensor2d(
      Array.from({ length: 12 }, () => next() * 4 - 2),
      [4, 3],
    ),
    tf.tensor1d([0.1, -0.2, 0.05]),
  ]);
  return model;
}

const CLASSES = ['apple', 'banana', 'cherry'];

/** Rows of 4 features and a text label (some right, some wrong for the model), as CSV text. */
function tabularCsv(model: tf.LayersModel, rows: number): { text: string; expectedTop1: number; features: number[][] } {
  const next = seededRandom(5);
  const features = Array.from({ length: rows }, () => Array.from({ length: 4 }, () => +(next() * 2 - 1).toFixed(3)));
  const predicted = (model.predict(tf.tensor2d(features)) as tf.Tensor).argMax(1).dataSync();
  const labels = features.map((_, r) => (r % 3 === 0 ? (predicted[r]! + 1) % 3 : predicted[r]!));
  const text = ['f1,f2,f3,f4,fruit', ...features.map((f, r) => `${f.join(',')},${CLASSES[labels[r]!]}`)].join('\n');
  return { text, expectedTop1: labels.filter((l, r) => l === predicted[r]).length / rows, features };
}

const csvFile = (text: string, name = 'fruit.csv'): InputFile => ({
  name,
  bytes: copy(new TextEncoder().encode(text)),
});

describe('engine: CSV datasets (TF.js in the engine, as in the worker)', () => {
  it('a CSV with text labels: scored by class name, top-1 as TF.js itself predicts', async () => {
    const model = tabularModel();
    const { text, expectedTop1 } = tabularCsv(model, 30);
    const engine = await createInProcessClient();
    const { summary } = await engine.openModel(await tfjsFiles(model));
    const r = await engine.evaluate(summary.modelId, {
      source: { kind: 'csv', file: csvFile(text), labelColumn: 'fruit' },
    });
    expect(r.runtime).toMatch(/^TensorFlow\.js [\d.]+ \(cpu backend\)$/);
    expect(r.data).toBe('fruit.csv');
    expect(r.result.samples).toBe(30);
    expect(r.result.classification?.top1).toBeCloseTo(expectedTop1, 10);
    expect(r.result.classification?.top1).toBeLessThan(1);
    expect(r.result.classification?.perClass.length).toBe(3);
  });

  it('a CSV with a column too many: the preview names the dimension, evaluate fails with it', async () => {
    const engine = await createInProcessClient();
    const { summary } = await engine.openModel(await tfjsFiles(tabularModel()));
    const wide = 'a,b,c,d,e,label\n1,2,3,4,5,x\n6,7,8,9,10,y\n';
    const preview = await engine.previewData(
      summary.modelId,
      { source: { kind: 'csv', file: csvFile(wide, 'wide.csv'), labelColumn: 'label' } },
      4,
    );
    expect(preview.problem).toMatch(/dimension 0: the data has 5, the model wants 4/);
    expect(preview.samples).toBe(2);
    expect(preview.classes).toEqual(['x', 'y']);
    const failure = await failureOf(
      engine.evaluate(summary.modelId, { source: { kind: 'csv', file: csvFile(wide, 'wide.csv'), labelColumn: -1 } }),
    );
    expect(failure.code).toBe('shape-mismatch');
    expect(failure.message).toContain('wide.csv');
  });

  it('a CSV preview shows rows as fed, with their labels, and no images', async () => {
    const model = tabularModel();
    const { text, features } = tabularCsv(model, 10);
    const engine = await createInProcessClient();
    const { summary } = await engine.openModel(await tfjsFiles(model));
    const preview = await engine.previewData(
      summary.modelId,
      { source: { kind: 'csv', file: csvFile(text), labelColumn: 'fruit' }, scale: 2 },
      3,
    );
    expect(preview.problem).toBeUndefined();
    expect(preview.images).toEqual([]);
    expect(preview.input).toBe('classify_input batch×4 float32');
    expect(preview.sampleShape).toBe('4');
    expect(preview.rows?.length).toBe(3);
    expect(preview.rows?.[1]?.values).toEqual(features[1]!.map((v) => Math.fround(v * 2)));
    expect(CLASSES).toContain(preview.rows?.[0]?.label);
  });
});

describe('engine: image folders (injected decoder)', () => {
  const indices = digitIndices(12);

  it('a dropped folder of digits scores exactly as the same digits in a .npz; decoding reports phase read', async () => {
    const { engine, modelId } = await engineWith([mnistSampleFile()]);
    const progress: Progress[] = [];
    const images = await engine.evaluate(
      modelId,
      { source: { kind: 'images', files: digitFolder(indices) } },
      { onProgress: (p) => progress.push(p) },
    );
    const npz = await engine.evaluate(modelId, { source: { kind: 'file', file: digitNpz(indices) }, scale: 1 / 255 });
    expect(images.data).toBe('digits');
    expect(images.result.samples).toBe(120);
    expect(images.result.classification?.top1).toBe(npz.result.classification?.top1);
    expect(images.result.classification?.confusion).toEqual(npz.result.classification?.confusion);
    expect(images.result.classification?.top1).toBeGreaterThan(0.9);
    expect(images.result.notes[0]).toMatch(/28×28, grey, NCHW/);
    const phases = progress.map((p) => p.phase);
    expect(phases.indexOf('read')).toBeLessThan(phases.indexOf('evaluate'));
    expect(progress.filter((p) => p.phase === 'read').at(-1)?.fraction).toBe(1);
  });

  it('the same digits as a .zip score the same', async () => {
    const { engine, modelId } = await engineWith([mnistSampleFile()]);
    const entries = Object.fromEntries(digitFolder(indices).map((f) => [f.name, new Uint8Array(f.bytes)]));
    const zip: InputFile = { name: 'digits.zip', bytes: copy(zipSync(entries)) };
    const r = await engine.evaluate(modelId, { source: { kind: 'images', files: [zip] } });
    const folder = await engine.evaluate(modelId, { source: { kind: 'images', files: digitFolder(indices) } });
    expect(r.data).toBe('digits.zip');
    expect(r.result.classification?.top1).toBe(folder.result.classification?.top1);
  });

  it('a subset of samples decodes only those images: the same seeded subset as the .npz gives', async () => {
    const { engine, modelId } = await engineWith([mnistSampleFile()]);
    decoded = 0;
    const images = await engine.evaluate(modelId, {
      source: { kind: 'images', files: digitFolder(indices) },
      samples: 30,
    });
    expect(decoded).toBe(30);
    const npz = await engine.evaluate(modelId, {
      source: { kind: 'file', file: digitNpz(indices) },
      scale: 1 / 255,
      samples: 30,
    });
    expect(images.result.samples).toBe(30);
    expect(images.result.classification?.confusion).toEqual(npz.result.classification?.confusion);
  });

  it('images for a flat [N, 784] input are fed as rows of 784', async () => {
    const dense = tf.sequential({ layers: [tf.layers.dense({ units: 10, inputShape: [784], name: 'flat' })] });
    const engine = await createInProcessClient(undefined, fakeDecoder);
    const { summary } = await engine.openModel(await tfjsFiles(dense));
    const r = await engine.evaluate(summary.modelId, { source: { kind: 'images', files: digitFolder(indices) } });
    expect(r.result.samples).toBe(120);
    expect(r.result.valuesPerSample).toBe(10);
    expect(r.result.notes.join(' ')).toMatch(/784 values are fed as one row/);
  });

  it('cancelling while images are decoded stops the decoding', async () => {
    const { engine, modelId } = await engineWith([mnistSampleFile()]);
    const controller = new AbortController();
    decoded = 0;
    let atAbort = 0;
    const run = engine.evaluate(
      modelId,
      { source: { kind: 'images', files: digitFolder(digitIndices(100)) } },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'read' && p.fraction > 0.1 && !controller.signal.aborted) {
            atAbort = decoded;
            controller.abort();
          }
        },
      },
    );
    expect((await failureOf(run)).code).toBe('cancelled');
    // Let the job reach its next check, then make sure it decoded no further than that.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(atAbort).toBeGreaterThan(0);
    expect(decoded).toBeLessThanOrEqual(atAbort + 1);
    expect(decoded).toBeLessThan(1000);
  });

  it('a preview shows the first image of each class as the model sees it, with its label', async () => {
    const { engine, modelId } = await engineWith([mnistSampleFile()]);
    decoded = 0;
    const preview = await engine.previewData(modelId, { source: { kind: 'images', files: digitFolder(indices) } }, 4);
    expect(decoded).toBe(4);
    expect(preview.samples).toBe(120);
    expect(preview.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(preview.input).toBe('input 1×1×28×28 float32');
    expect(preview.sampleShape).toBe('1×28×28');
    expect(preview.preprocessing).toMatchObject({ width: 28, height: 28, channels: 1, layout: 'NCHW' });
    expect(preview.images.map((i) => i.label)).toEqual(['0', '1', '2', '3']);
    const first = new Uint8ClampedArray(preview.images[1]!.rgba);
    const grey = pixelsOf(indices[12]!);
    expect(Array.from({ length: 784 }, (_, p) => first[4 * p])).toEqual(Array.from(grey));
    expect(preview.problem).toBeUndefined();
  });

  it('an image that cannot be decoded fails the preview and the evaluation, naming the file', async () => {
    const files = [
      ...digitFolder(indices.slice(0, 3)),
      { name: 'digits/0/broken.png', bytes: copy(Uint8Array.from([9])) },
    ];
    const broken: ImageDecoder = async (bytes, name) => {
      if (bytes.length < 2) throw new Error('not an image');
      return fakeDecoder(bytes, name);
    };
    const client = await createInProcessClient(nodeRunners, broken);
    const id = (await client.openModel([mnistSampleFile()])).summary.modelId;
    const preview = await failureOf(client.previewData(id, { source: { kind: 'images', files } }, 4));
    expect(preview.code).toBe('malformed');
    expect(preview.message).toBe('digits: "digits/0/broken.png" could not be decoded as an image (not an image)');
    const run = await failureOf(client.evaluate(id, { source: { kind: 'images', files: [...files] } }));
    expect(run.message).toContain('digits/0/broken.png');
  });

  it('a preview of images that do not fit names the dimension instead of failing', async () => {
    const { engine, modelId } = await engineWith([mnistSampleFile()]);
    const preprocessing = {
      width: 32,
      height: 32,
      channels: 1,
      layout: 'NCHW',
      scale: 1 / 255,
      mean: [0],
      std: [1],
    } as const;
    const preview = await engine.previewData(
      modelId,
      { source: { kind: 'images', files: digitFolder(indices), preprocessing } },
      2,
    );
    expect(preview.problem).toMatch(/dimension 1: the data has 32, the model wants 28/);
    expect(preview.images.length).toBe(2);
    expect(preview.images[0]).toMatchObject({ width: 32, height: 32 });
    // A model whose input is not an image: the pictures are shown as they are, and why they cannot be fed.
    const tabular = (await engine.openModel(await tfjsFiles(tabularModel()))).summary.modelId;
    const other = await engine.previewData(tabular, { source: { kind: 'images', files: digitFolder(indices) } }, 2);
    expect(other.problem).toMatch(/classify_input.*is not an image input/);
    expect(other.images[0]).toMatchObject({ width: 28, height: 28 });
  });
});

describe('engine: previews of arrays', () => {
  it('MNIST digits are drawn as the model gets them, with their labels', async () => {
    const { engine, modelId } = await opened(lenetFile());
    const preview = await engine.previewData(modelId, mnist(), 3);
    expect(preview.samples).toBe(10_000);
    expect(preview.sampleShape).toBe('1×28×28');
    expect(preview.images.length).toBe(3);
    expect(preview.images[0]).toMatchObject({ width: 28, height: 28, label: String(Number(digits.y!.data[0])) });
    const rgba = new Uint8ClampedArray(preview.images[0]!.rgba);
    const raw = pixelsOf(0);
    for (let p = 0; p < 784; p++) expect(Math.abs(rgba[4 * p]! - raw[p]!)).toBeLessThanOrEqual(1);
    expect(preview.rows).toBeUndefined();
  });

  it('a .npz that does not fit: the problem names the dimension, the samples are still shown', async () => {
    const { engine, modelId } = await opened(lenetFile());
    const x = new Float32Array(2 * 30 * 30).fill(0.5);
    const file = { name: 'big.npz', bytes: copy(writeNpz({ x: { dtype: 'float32', shape: [2, 30, 30], data: x } })) };
    const preview = await engine.previewData(modelId, { source: { kind: 'file', file } }, 8);
    expect(preview.problem).toMatch(/big\.npz.*the data has 30 where the model wants 28/);
    expect(preview.sampleShape).toBe('30×30');
    expect(preview.images.map((i) => [i.width, i.height])).toEqual([
      [30, 30],
      [30, 30],
    ]);
  });
});
