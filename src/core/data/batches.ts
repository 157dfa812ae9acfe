// Feeds for one model input from a dataset, a batch at a time (DESIGN.md: "x fed as-is per sample along
// the first axis, cast to the model input's dtype"). Shapes must agree up to singleton dims, which are
// added or removed only when that is unambiguous; every such adaptation is reported in `notes`.
import { DatasetError } from '../errors';
import type { DType } from '../ir/dtype';
import type { Quantization, Shape } from '../ir/types';
import type { FeedArray } from '../execute/feeds';
import { numberAt, rows, type Dataset } from './dataset';
import type { NpyArray, NpyData } from './npy';

/** What batching needs of a model input (a graph input Tensor fits). */
export interface InputSpec {
  readonly name: string;
  readonly dtype: DType;
  readonly shape?: Shape;
  readonly quant?: Quantization;
}

export interface BatchOptions {
  /** Values become (v · scale − mean) / std before the cast (e.g. scale 1/255 for 0..255 pixels). */
  readonly scale?: number;
  readonly mean?: number;
  readonly std?: number;
  /** The samples to use, in this order (default: all, in file order). */
  readonly indices?: ArrayLike<number>;
}

export interface Batch {
  readonly index: number;
  /** Positions in the dataset of this batch's samples. */
  readonly samples: Int32Array;
  /** The feed for the model input: elements cast to its dtype, with the shape to run. */
  readonly feed: { readonly data: FeedArray; readonly shape: readonly number[] };
  /** The samples' rows of y. */
  readonly y?: NpyArray;
}

export interface BatchPlan extends Iterable<Batch> {
  /** What was adapted (cast, quantized, singleton dims), as sentences for the user. */
  readonly notes: readonly string[];
  readonly samples: number;
  readonly batchSize: number;
  readonly batchCount: number;
  /** The shape of one sample as fed. */
  readonly sampleShape: readonly number[];
}

const fmt = (shape: Shape): string => `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;

/** True when `dims` fits `want` dim by dim (named or unknown dims fit anything). */
function fits(dims: readonly number[], want: Shape): boolean {
  return dims.length === want.length && want.every((w, i) => typeof w !== 'number' || w === dims[i]);
}

/**
 * `want` with its singleton dims matched against `dims` ignoring singletons on both sides: the shape to
 * feed, or undefined when the non-singleton dims disagree.
 */
function throughSingletons(dims: readonly number[], want: Shape): number[] | undefined {
  const core = dims.filter((d) => d !== 1);
  let next = 0;
  const out: number[] = [];
  for (const w of want) {
    if (w === 1) out.push(1);
    else if (typeof w === 'number') {
      if (core[next] !== w) return undefined;
      out.push(core[next++]!);
    } else {
      if (next >= core.length) return undefined;
      out.push(core[next++]!);
    }
  }
  return next === core.length ? out : undefined;
}

function mismatch(dataset: Dataset, input: InputSpec, sample: readonly number[], want: Shape): never {
  let detail = '';
  const count = (s: Shape): number | undefined =>
    s.every((d): d is number => typeof d === 'number') ? s.reduce((a, b) => a * b, 1) : undefined;
  const core = sample.filter((d) => d !== 1);
  const wantCore = want.filter((d) => d !== 1);
  if (sample.length === want.length) {
    const i = want.findIndex((w, k) => typeof w === 'number' && w !== sample[k]);
    detail = ` (dimension ${i}: the data has ${sample[i]}, the model wants ${want[i]})`;
  } else if (core.length === wantCore.length) {
    const i = wantCore.findIndex((w, k) => typeof w === 'number' && w !== core[k]);
    detail = ` (the data has ${core[i]} where the model wants ${wantCore[i]})`;
  } else if (count(want) === count(sample)) {
    detail = ` (both hold ${count(sample)} values: reshape x to [N, ${want.join(', ')}])`;
  }
  // When the value counts differ too, say so: it tells a wrong size from a wrong layout at a glance.
  const have = count(sample);
  const need = count(want);
  if (have !== undefined && need !== undefined && have !== need) {
    detail += `; a sample holds ${have} values, the model takes ${need}`;
    if (input.shape && input.shape.length !== want.length) detail += ` (input shape ${fmt(input.shape)}, batch first)`;
  }
  throw new DatasetError(
    'shape-mismatch',
    `${dataset.name}: x has samples of shape ${fmt(sample)} but the model input "${input.name}" wants ${fmt(want)}` +
      detail,
    dataset.name,
  );
}

/** The per-sample shape to feed and whether the model input has a batch dim. */
function fitSample(dataset: Dataset, input: InputSpec, notes: string[]): { shape: number[]; batched: boolean } {
  const sample = dataset.x.shape.slice(1);
  const want = input.shape;
  if (!want) return { shape: sample, batched: true };
  const per = want.slice(1);
  if (want.length >= 1 && fits(sample, per)) return { shape: sample, batched: true };
  const adapted = want.length >= 1 ? throughSingletons(sample, per) : undefined;
  if (adapted) {
    notes.push(
      `x's samples ${fmt(sample)} are fed as ${fmt(adapted)} (singleton dimensions added or removed; the data is unchanged)`,
    );
    return { shape: adapted, batched: true };
  }
  if (fits(sample, want)) {
    notes.push(`the model input "${input.name}" has no batch dimension: each run gets one sample`);
    return { shape: sample, batched: false };
  }
  return mismatch(dataset, input, sample, per.length ? per : want);
}

type Cast = { make: (n: number) => FeedArray; set: (out: FeedArray, i: number, v: number) => void };

const INT_TYPES: Partial<Record<DType, [new (n: number) => FeedArray, number, number]>> = {
  int8: [Int8Array, -128, 127],
  uint8: [Uint8Array, 0, 255],
  int16: [Int16Array, -32768, 32767],
  uint16: [Uint16Array, 0, 65535],
  int32: [Int32Array, -2147483648, 2147483647],
  uint32: [Uint32Array, 0, 4294967295],
};

const roundAway = (v: number): number => (v < 0 ? -Math.round(-v) : Math.round(v));

function caster(dataset: Dataset, input: InputSpec, notes: string[]): Cast {
  const from = dataset.x.dtype;
  const to = input.dtype;
  const floatData = from.startsWith('float');
  if (to === 'float32' || to === 'float16' || to === 'bfloat16' || to === 'float64') {
    if (from !== to) notes.push(`x (${from}) is cast to ${to === 'float64' ? 'float64' : 'float32'}`);
    if (to === 'float64') return { make: (n) => new Float64Array(n), set: (o, i, v) => (o[i] = v) };
    return { make: (n) => new Float32Array(n), set: (o, i, v) => (o[i] = v) };
  }
  if (to === 'bool') return { make: (n) => new Uint8Array(n), set: (o, i, v) => (o[i] = v ? 1 : 0) };
  if (to === 'int64')
    return { make: (n) => new BigInt64Array(n), set: (o, i, v) => ((o as BigInt64Array)[i] = BigInt(roundAway(v))) };
  const int = INT_TYPES[to];
  if (!int)
    throw new DatasetError(
      'unsupported-dtype',
      `${dataset.name}: cannot feed the model input's dtype ${to}`,
      dataset.name,
    );
  const [Ctor, lo, hi] = int;
  const q = input.quant;
  if (floatData && q && q.scale.length === 1) {
    // TFLite int8 I/O: real values become q = clamp(round(v / scale) + zero point).
    const s = q.scale[0]!;
    const z = q.zeroPoint[0] ?? 0;
    notes.push(`x (${from}) is quantized to ${to} with the input's scale ${s} and zero point ${z}`);
    return { make: (n) => new Ctor(n), set: (o, i, v) => (o[i] = Math.min(hi, Math.max(lo, roundAway(v / s) + z))) };
  }
  if (from !== to)
    notes.push(`x (${from}) is cast to ${to}${floatData ? ' (rounded)' : ''}, clamped to [${lo}, ${hi}]`);
  return { make: (n) => new Ctor(n), set: (o, i, v) => (o[i] = Math.min(hi, Math.max(lo, roundAway(v)))) };
}

function gatherRows(array: NpyArray, indices: Int32Array): NpyArray {
  const per = array.data.length / (array.shape[0] || 1);
  const Ctor = array.data.constructor as new (n: number) => NpyData;
  const data = new Ctor(indices.length * per);
  indices.forEach((s, k) => {
    for (let j = 0; j < per; j++) data[k * per + j] = array.data[s * per + j]!;
  });
  return { dtype: array.dtype, shape: [indices.length, ...array.shape.slice(1)], data };
}

/**
 * Batches of `batchSize` samples of `dataset` as feeds for `input`. Throws a DatasetError at once when
 * x's samples do not fit the input's shape (naming the dimension that disagrees).
 */
export function batches(dataset: Dataset, input: InputSpec, batchSize: number, options: BatchOptions = {}): BatchPlan {
  const notes: string[] = [];
  const { shape, batched } = fitSample(dataset, input, notes);
  const cast = caster(dataset, input, notes);
  const size = batched ? Math.max(1, Math.floor(batchSize)) : 1;
  const order = Int32Array.from(options.indices ?? { length: dataset.count }, (v, i) => (options.indices ? v : i));
  for (const i of order)
    if (!(i >= 0 && i < dataset.count))
      throw new DatasetError('shape-mismatch', `${dataset.name}: sample ${i} does not exist (x has ${dataset.count})`);
  const { scale = 1, mean = 0, std = 1 } = options;
  const transform = scale !== 1 || mean !== 0 || std !== 1;
  if (transform) notes.push(`values are scaled: (v × ${scale} − ${mean}) / ${std}`);
  const per = shape.reduce((a, b) => a * b, 1);
  const x = dataset.x;
  const batchCount = Math.ceil(order.length / size);
  function* generate(): Generator<Batch> {
    for (let b = 0; b < batchCount; b++) {
      const samples = order.subarray(b * size, Math.min(order.length, (b + 1) * size));
      const data = cast.make(samples.length * per);
      samples.forEach((s, k) => {
        for (let j = 0; j < per; j++) {
          const v = numberAt(x, s * per + j);
          cast.set(data, k * per + j, transform ? (v * scale - mean) / std : v);
        }
      });
      const contiguous = samples.every((s, k) => s === samples[0]! + k);
      const y =
        dataset.y && (contiguous ? rows(dataset.y, samples[0]!, samples.length) : gatherRows(dataset.y, samples));
      yield {
        index: b,
        samples,
        feed: { data, shape: batched ? [samples.length, ...shape] : shape },
        ...(y ? { y } : {}),
      };
    }
  }
  return { notes, samples: order.length, batchSize: size, batchCount, sampleShape: shape, [Symbol.iterator]: generate };
}
