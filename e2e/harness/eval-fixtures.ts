// Datasets the evaluation journeys build in Node from the corpus and the samples, and the reference
// outputs TF.js computes for them in Node (its pure-JS cpu backend), to compare with the worker's.
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { seededRandom } from '../../src/core/util/random';
import { writeNpy } from '../../src/core/data/npy';
import { loadTfjs, runTfjs } from '../../src/test-support/tfjs';
import { frameWindows, readFloat32LE } from './decode';

/**
 * Abalone rows as the tfjs-examples abalone demo feeds them (8 features: sex code, length, diameter,
 * height, whole / shucked / viscera / shell weight) with a "rings" target, plausible but made up.
 */
export function abaloneCsv(rows: number): { text: string; features: number[][] } {
  const next = seededRandom(11);
  const features = Array.from({ length: rows }, () => {
    const length = 0.2 + next() * 0.55;
    const diameter = length * (0.75 + next() * 0.1);
    const height = length * (0.25 + next() * 0.1);
    const whole = length ** 3 * (3.5 + next());
    const r = (v: number) => +v.toFixed(4);
    return [
      Math.floor(next() * 3),
      r(length),
      r(diameter),
      r(height),
      r(whole),
      r(whole * 0.43),
      r(whole * 0.22),
      r(whole * 0.29),
    ];
  });
  const header = 'sex,length,diameter,height,whole_weight,shucked_weight,viscera_weight,shell_weight,rings';
  const text = [header, ...features.map((f, i) => `${f.join(',')},${5 + (i % 15)}`)].join('\n');
  return { text, features };
}

/** The files of a TF.js model folder (model.json first). */
export function tfjsFolder(dir: string, shards: readonly string[]): { name: string; bytes: Uint8Array }[] {
  return ['model.json', ...shards].map((name) => ({ name, bytes: new Uint8Array(readFileSync(`${dir}/${name}`)) }));
}

/** Every output of a TF.js model in Node's TF.js (cpu backend) on the given inputs, flattened. */
export async function tfjsInNode(
  files: { name: string; bytes: Uint8Array }[],
  inputs: Record<string, tf.Tensor>,
): Promise<{ shape: number[]; values: number[] }[]> {
  await tf.setBackend('cpu');
  return runTfjs(await loadTfjs(files), inputs);
}

/** The AD01 clip's 196 windows of 5 log-mel frames (640 values each) as an .npy x float32 [196, 640]. */
export function adWindowsNpy(clip: Uint8Array): Uint8Array {
  const windows = frameWindows(readFloat32LE(clip), 128, 5);
  const data = new Float32Array(windows.length * 640);
  windows.forEach((w, i) => data.set(w, i * 640));
  return writeNpy({ dtype: 'float32', shape: [windows.length, 640], data });
}

/** `count` random 32×32 RGB images with values 0..255 (the int8 ResNet-8's real input range), as .npy. */
export function randomImagesNpy(count: number, seed: number): Uint8Array {
  const next = seededRandom(seed);
  const data = Float32Array.from({ length: count * 32 * 32 * 3 }, () => Math.floor(next() * 256));
  return writeNpy({ dtype: 'float32', shape: [count, 32, 32, 3], data });
}
