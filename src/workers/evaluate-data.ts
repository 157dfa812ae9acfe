// The datasets an evaluation reads (DESIGN.md, "Datasets"): the built-in MNIST digits, .npz / .npy, CSV,
// and image folders (files or one .zip) decoded by an injected decoder and preprocessed to the model input.
import {
  DatasetError,
  defaultPreprocessing,
  evaluationOrder,
  imageDataset,
  listImageFolder,
  listImageZip,
  readCsvDataset,
  readDataset,
  readMnistDigits,
  type Dataset,
  type ImageDecoder,
  type ImageFolder,
  type ImagePreprocessing,
  type Tensor,
} from '../core';
import { cancelSignal, type Job } from './jobs';
import { sourceName, type EvaluateSource } from './protocol';

/** A dataset ready to feed, with what was done to fit it to the model (sentences for the user). */
export interface LoadedData {
  readonly dataset: Dataset;
  readonly notes: readonly string[];
  /** Images: the preprocessing used. */
  readonly preprocessing?: ImagePreprocessing;
}

// Integer ranges of the input types whose quantization maps pixels straight onto stored values.
const INT_RANGES: Partial<Record<string, readonly [number, number]>> = { int8: [-128, 127], uint8: [0, 255] };

// A sample of a flat input [N, k] is taken as a square grey image when k = side² (MNIST MLPs: 784 = 28²).
const MIN_SIDE = 8;

/**
 * The preprocessing an image dataset gets when the request names none: the core's default for the input
 * shape (size, channels, layout; pixels × 1/255), a square grey image for a flat input of side² values,
 * and, for an int8 / uint8 input quantized per tensor, pixels 0..255 spread over the integer range the
 * input holds (pixel − 128 for int8), which is how int8 image models are fed on microcontrollers.
 */
export function fittedPreprocessing(input: Tensor): ImagePreprocessing {
  const shape = input.shape ?? [];
  const flat = shape.length === 2 ? shape[1] : undefined;
  const side = typeof flat === 'number' ? Math.round(Math.sqrt(flat)) : 0;
  const base: ImagePreprocessing =
    side >= MIN_SIDE && side * side === flat
      ? { width: side, height: side, channels: 1, layout: 'NCHW', scale: 1 / 255, mean: [0], std: [1] }
      : defaultPreprocessing(shape, input.name || input.id);
  const q = input.quant;
  const range = INT_RANGES[input.dtype];
  if (!q || !range || q.scale.length !== 1 || !(q.scale[0]! > 0)) return base;
  // real = scale·(q − zeroPoint) with q = pixel + qmin: (pixel·scale − scale·(zeroPoint − qmin)) / 1.
  const s = q.scale[0]!;
  return { ...base, scale: s, mean: [s * ((q.zeroPoint[0] ?? 0) - range[0])], std: [1] };
}

/** A sentence saying how images are preprocessed. */
export function describePreprocessing(p: ImagePreprocessing): string {
  const colour = p.channels === 1 ? 'grey' : 'RGB';
  const values =
    `(pixel × ${+p.scale.toPrecision(6)} − ${p.mean.map((m) => +m.toPrecision(6)).join('/')})` +
    ` / ${p.std.map((v) => +v.toPrecision(6)).join('/')}`;
  return `images are resized to ${p.width}×${p.height}, ${colour}, ${p.layout}, values ${values}`;
}

/** The image folder of a source: one .zip, or the files of a dropped folder by their relative paths. */
export function imageFolderOf(source: Extract<EvaluateSource, { kind: 'images' }>): ImageFolder {
  const name = sourceName(source);
  const [only] = source.files;
  if (source.files.length === 1 && only && /\.zip$/i.test(only.name))
    return listImageZip(new Uint8Array(only.bytes), only.name);
  return listImageFolder(
    source.files.map((f) => ({ path: f.name, bytes: new Uint8Array(f.bytes) })),
    name,
  );
}

/** `dataset` with each sample flattened when the model input takes flat samples of as many values. */
export function flattenedFor(dataset: Dataset, input: Tensor): { dataset: Dataset; note?: string } {
  const shape = input.shape;
  const per = dataset.x.shape.slice(1).reduce((a, b) => a * b, 1);
  if (!shape || shape.length !== 2 || shape[1] !== per || dataset.x.shape.length <= 2) return { dataset };
  return {
    dataset: { ...dataset, x: { ...dataset.x, shape: [dataset.count, per] } },
    note: `each image's ${per} values are fed as one row, as the model input "${input.name}" takes`,
  };
}

/** Decoding paced so that a `cancel` message gets in between images even when decodes finish quickly. */
function pacedDecoder(decode: ImageDecoder, job: Job): ImageDecoder {
  let last = performance.now();
  return async (bytes, name) => {
    if (performance.now() - last >= 30) {
      await job.pause();
      last = performance.now();
    }
    return decode(bytes, name);
  };
}

/** The dataset of a source that is not images: the built-in digits, a .npz / .npy file, or a CSV file. */
export function readTabular(source: Exclude<EvaluateSource, { kind: 'images' }>): Dataset {
  const name = sourceName(source);
  const bytes = new Uint8Array(source.file.bytes);
  if (source.kind === 'mnist') return readMnistDigits(bytes, { unit: source.pixelScale === '0..1' }, 'mnist');
  if (source.kind === 'file') return readDataset(bytes, name);
  const text = new TextDecoder().decode(bytes);
  return readCsvDataset(text, {
    name,
    ...(source.labelColumn === undefined ? {} : { labelColumn: source.labelColumn }),
  });
}

/**
 * Loads the dataset of a source for `input`. Images report their decoding through `onRead` (0..1); when
 * only `samples` of them are evaluated, only those are decoded: the same seeded subset the core's
 * `evaluate` would pick, already in its order (`subset` is then true and the dataset holds just them).
 */
export async function loadData(
  source: EvaluateSource,
  input: Tensor,
  decode: ImageDecoder,
  job: Job,
  onRead: (fraction: number) => void,
  samples?: number,
): Promise<LoadedData & { readonly subset: boolean }> {
  if (source.kind !== 'images') return { dataset: readTabular(source), notes: [], subset: false };
  const all = imageFolderOf(source);
  const order = evaluationOrder(all.items.length, samples);
  const folder = order ? { ...all, items: Array.from(order, (i) => all.items[i]!) } : all;
  const preprocessing = source.preprocessing ?? fittedPreprocessing(input);
  onRead(0);
  const images = await imageDataset(
    folder,
    pacedDecoder(decode, job),
    preprocessing,
    (done, total) => onRead(done / total),
    cancelSignal(job),
  );
  const { dataset, note } = flattenedFor(images, input);
  const notes = [describePreprocessing(preprocessing), ...(note ? [note] : [])];
  return { dataset, preprocessing, notes, subset: order !== undefined };
}

/** True for the errors that say a dataset does not fit the model (shown, not thrown, by a preview). */
export function isFitProblem(error: unknown): error is DatasetError {
  return error instanceof DatasetError && error.code === 'shape-mismatch';
}
