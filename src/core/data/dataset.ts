// A dataset is an array `x` of samples along its first axis, with optional labels `y` (DESIGN.md,
// "Datasets"). Read from .npy (x only) or .npz (arrays x and y; a lone array is x).
import { DatasetError } from '../errors';
import { halfToFloat } from '../ir/tensor';
import type { NpyArray, NpyData } from './npy';
import { readNpy } from './npy';
import { readNpz } from './npz';

export interface Dataset {
  /** File name, for messages. */
  readonly name: string;
  /** Samples along the first axis. */
  readonly x: NpyArray;
  /** Labels or targets, one per sample (same first dim as x). */
  readonly y?: NpyArray;
  /** Number of samples. */
  readonly count: number;
  /** Class names by class index, when y's classes have names (CSV text labels, image folders). */
  readonly classes?: readonly string[];
}

/** A dataset from named arrays: `x` (or the only array) and optional `y`. */
export function datasetFromArrays(name: string, arrays: Readonly<Record<string, NpyArray>>): Dataset {
  const names = Object.keys(arrays);
  const x = arrays['x'] ?? (names.length === 1 ? arrays[names[0]!] : undefined);
  if (!x)
    throw new DatasetError(
      'missing-array',
      `${name}: has no array named "x" (it has ${names.map((n) => `"${n}"`).join(', ') || 'none'})`,
      name,
    );
  if (x.shape.length === 0)
    throw new DatasetError('shape-mismatch', `${name}: x is a single number, not samples along a first axis`, name);
  const count = x.shape[0]!;
  if (count === 0) throw new DatasetError('empty', `${name}: x holds no samples`, name);
  const y = arrays['y'];
  if (y && y.shape[0] !== count)
    throw new DatasetError(
      'shape-mismatch',
      `${name}: x has ${count} samples but y has ${y.shape[0] ?? 'no'} entries`,
      name,
    );
  return y ? { name, x, y, count } : { name, x, count };
}

/** Reads an .npy (x only) or .npz (x and optional y) dataset file, told apart by their magic bytes. */
export function readDataset(bytes: Uint8Array, name: string): Dataset {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (isZip) return datasetFromArrays(name, readNpz(bytes, name).arrays);
  return datasetFromArrays(name, { x: readNpy(bytes, name) });
}

/** Element `i` of stored data as a number (float16 decoded, 64-bit integers converted). */
export function numberAt(array: NpyArray, i: number): number {
  const v = array.data[i]!;
  if (array.dtype === 'float16') return halfToFloat(Number(v));
  return Number(v);
}

/** All elements of an array as float64 numbers. */
export function toNumbers(array: NpyArray, start = 0, end = array.data.length): Float64Array {
  const out = new Float64Array(end - start);
  for (let i = start; i < end; i++) out[i - start] = numberAt(array, i);
  return out;
}

/**
 * Class labels of `y`: integer labels of shape [N] or [N, 1], or the argmax of one-hot / score rows
 * [N, C]. Undefined when y is neither.
 */
export function classLabels(y: NpyArray): Int32Array | undefined {
  const n = y.shape[0] ?? 0;
  const per = n === 0 ? 0 : y.data.length / n;
  const labels = new Int32Array(n);
  if (per === 1) {
    for (let i = 0; i < n; i++) {
      const v = numberAt(y, i);
      if (!Number.isInteger(v)) return undefined;
      labels[i] = v;
    }
    return labels;
  }
  if (y.shape.length !== 2) return undefined;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < per; c++) if (numberAt(y, i * per + c) > numberAt(y, i * per + best)) best = c;
    labels[i] = best;
  }
  return labels;
}

/** The rows [start, start + count) of an array (a view, no copy). */
export function rows(array: NpyArray, start: number, count: number): NpyArray {
  const per = array.data.length / (array.shape[0] || 1);
  const data = array.data.subarray(start * per, (start + count) * per) as NpyData;
  return { dtype: array.dtype, shape: [count, ...array.shape.slice(1)], data };
}
