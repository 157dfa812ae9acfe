// What the two sample trainers (mnist-train.ts, lenet-train.ts) share: the seeded settings, the ±shift
// augmentation, the epoch loop (learning-rate schedule, seeded batch order, mean loss per epoch), batched
// prediction and access to a layer's kernel and bias. Every random draw comes from a seeded generator and
// happens in the same order on every run, which is what keeps the committed samples reproducible.
import * as tf from '@tensorflow/tfjs';
import { PIXELS, seededPermutation, seededRandom, type DigitSet } from './mnist-data';

/** Training settings every sample has; all seeds fixed. */
export interface SeededTrainOptions {
  readonly epochs: number;
  readonly batchSize: number;
  /** Adam learning rate per epoch (the last entry repeats). */
  readonly learningRates: readonly number[];
  readonly initSeed: number;
  readonly shuffleSeed: number;
  /** Training images move by up to this many pixels in x and y (0: no augmentation). */
  readonly shift: number;
  readonly augmentSeed: number;
  /** Called after each epoch with its mean training loss. */
  readonly onEpoch?: (epoch: number, loss: number, seconds: number) => void;
}

/** One training batch: `count` digits (shaped as the model takes them) and their one-hot labels. */
export interface DigitBatch {
  readonly x: tf.Tensor;
  readonly y: tf.Tensor2D;
  readonly count: number;
}

/** Switches TF.js to the pure-JS backend (tfjs-node is not available; results must not depend on a GPU). */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** Copies a 28×28 image moved by (dx, dy) pixels into `out`, filling uncovered pixels with 0 (background). */
function shiftInto(src: Float32Array, out: Float32Array, at: number, dx: number, dy: number): void {
  for (let y = 0; y < 28; y++) {
    const sy = y - dy;
    if (sy < 0 || sy >= 28) continue;
    for (let x = 0; x < 28; x++) {
      const sx = x - dx;
      if (sx >= 0 && sx < 28) out[at + y * 28 + x] = src[sy * 28 + sx]!;
    }
  }
}

function augmentedBatch(
  set: DigitSet,
  order: Uint32Array,
  from: number,
  to: number,
  digitShape: readonly number[],
  shift: number,
  random: () => number,
): DigitBatch {
  const count = to - from;
  const pixels = new Float32Array(count * PIXELS);
  const onehot = new Float32Array(count * 10);
  const offset = () => Math.floor(random() * (2 * shift + 1)) - shift;
  for (let k = 0; k < count; k++) {
    const i = order[from + k]!;
    const image = set.images.subarray(i * PIXELS, (i + 1) * PIXELS);
    if (shift > 0) shiftInto(image, pixels, k * PIXELS, offset(), offset());
    else pixels.set(image, k * PIXELS);
    onehot[k * 10 + set.labels[i]!] = 1;
  }
  return { x: tf.tensor(pixels, [count, ...digitShape]), y: tf.tensor2d(onehot, [count, 10]), count };
}

/**
 * Runs `options.epochs` epochs over `set`: each epoch a new seeded order, cut into batches of shifted digits
 * shaped `digitShape`. `step` trains on one batch at the epoch's learning rate and returns its loss; the
 * batch's tensors are disposed after it.
 */
export function runEpochs(
  set: DigitSet,
  options: SeededTrainOptions,
  digitShape: readonly number[],
  step: (batch: DigitBatch, learningRate: number) => number,
): void {
  const random = seededRandom(options.shuffleSeed);
  const augmentRandom = seededRandom(options.augmentSeed);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const started = Date.now();
    const learningRate = options.learningRates[Math.min(epoch, options.learningRates.length - 1)] ?? 0.001;
    const order = seededPermutation(set.count, random);
    let lossSum = 0;
    let batches = 0;
    for (let from = 0; from < set.count; from += options.batchSize) {
      const to = Math.min(set.count, from + options.batchSize);
      const batch = augmentedBatch(set, order, from, to, digitShape, options.shift, augmentRandom);
      lossSum += step(batch, learningRate);
      batches++;
      tf.dispose([batch.x, batch.y]);
    }
    options.onEpoch?.(epoch + 1, lossSum / batches, (Date.now() - started) / 1000);
  }
}

/** Logits of `model` for every digit of `set` (`count × 10`), fed as `digitShape`, in batches to bound memory. */
export function predictLogits(
  model: tf.LayersModel,
  set: DigitSet,
  digitShape: readonly number[],
  batchSize = 500,
): Float32Array {
  const out = new Float32Array(set.count * 10);
  for (let from = 0; from < set.count; from += batchSize) {
    const n = Math.min(batchSize, set.count - from);
    const logits = tf.tidy(() => {
      const x = tf.tensor(set.images.subarray(from * PIXELS, (from + n) * PIXELS), [n, ...digitShape]);
      return model.predict(x) as tf.Tensor;
    });
    out.set(logits.dataSync(), from * 10);
    logits.dispose();
  }
  return out;
}

/** The kernel and bias variables of layer `name` (what training updates). */
export function layerVariables(model: tf.LayersModel, name: string): [tf.Variable, tf.Variable] {
  const [kernel, bias] = model.getLayer(name).trainableWeights.map((w) => w.read() as tf.Variable);
  if (!kernel || !bias) throw new Error(`layer ${name} has no kernel and bias`);
  return [kernel, bias];
}

/** The kernel (Keras order) and bias of layer `name` as plain arrays. */
export function layerWeights(
  model: tf.LayersModel,
  name: string,
): { kernel: Float32Array; shape: number[]; bias: Float32Array } {
  const [kernel, bias] = model.getLayer(name).getWeights();
  if (!kernel || !bias) throw new Error(`layer ${name} has no kernel and bias`);
  return { kernel: kernel.dataSync() as Float32Array, shape: kernel.shape, bias: bias.dataSync() as Float32Array };
}
