// A dataset's first samples as the model will see them (DESIGN.md, "Datasets": "a preview of what the
// model will see"), and whether the dataset fits the model: a misfit is returned as `problem`, naming the
// dimension, rather than thrown, so the panel can show it beside the samples.
import {
  batches,
  classLabels,
  dataInput,
  DatasetError,
  formatShape,
  toNumbers,
  preprocessImage,
  previewImage,
  sampleShape,
  type Dataset,
  type ImageDecoder,
  type ImageItem,
  type ImagePreprocessing,
  type Model,
  type RgbaImage,
  type Tensor,
} from '../core';
import { fittedPreprocessing, flattenedFor, imageFolderOf, isFitProblem, readTabular } from './evaluate-data';
import { sourceName, type DataPreview, type EvaluateRequest } from './protocol';

type PreviewImage = DataPreview['images'][number];
type PreviewRow = NonNullable<DataPreview['rows']>[number];

// Samples shown at most, values shown per non-image sample, and the largest side of an undrawn image.
const MAX_COUNT = 64;
const ROW_VALUES = 12;
const MAX_SIDE = 160;
const MIN_SIDE = 8;

/** A layout to draw a sample of this shape as a picture, when it looks like one. */
export function pictureLayout(
  shape: readonly number[],
): Pick<ImagePreprocessing, 'width' | 'height' | 'channels' | 'layout'> | undefined {
  const dims = [...shape];
  while (dims.length > 3 && dims[0] === 1) dims.shift();
  const big = (...d: number[]) => d.every((v) => v >= MIN_SIDE);
  const [a = 0, b = 0, c = 0] = dims;
  if (dims.length === 1) {
    const side = Math.round(Math.sqrt(a));
    return side * side === a && big(side) ? { width: side, height: side, channels: 1, layout: 'NCHW' } : undefined;
  }
  if (dims.length === 2) return big(a, b) ? { width: b, height: a, channels: 1, layout: 'NCHW' } : undefined;
  if (dims.length !== 3) return undefined;
  if ((a === 1 || a === 3) && big(b, c)) return { width: c, height: b, channels: a, layout: 'NCHW' };
  if ((c === 1 || c === 3) && big(a, b)) return { width: b, height: a, channels: c, layout: 'NHWC' };
  return undefined;
}

/** Samples of values drawn as pictures, grey levels spread over the values' common range. */
function drawValues(
  samples: readonly ArrayLike<number>[],
  layout: NonNullable<ReturnType<typeof pictureLayout>>,
): RgbaImage[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of samples)
    for (let i = 0; i < s.length; i++) {
      const v = Number(s[i]);
      if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    }
  const span = hi > lo ? hi - lo : 1;
  const { width, height, channels, layout: order } = layout;
  const plane = width * height;
  return samples.map((s) => {
    const data = new Uint8ClampedArray(plane * 4);
    for (let p = 0; p < plane; p++) {
      for (let k = 0; k < 3; k++) {
        const ch = channels === 1 ? 0 : k;
        const v = Number(s[order === 'NCHW' ? ch * plane + p : p * channels + ch]);
        data[p * 4 + k] = hi > lo ? ((v - lo) / span) * 255 : 128;
      }
      data[p * 4 + 3] = 255;
    }
    return { width, height, data };
  });
}

const asPreview = (image: RgbaImage, label: string | undefined): PreviewImage => ({
  width: image.width,
  height: image.height,
  rgba: image.data.slice().buffer,
  ...(label !== undefined ? { label } : {}),
});

/** Labels of the first samples: class names, class indices, or the target values. */
function labelsOf(dataset: Dataset, indices: readonly number[]): (string | undefined)[] {
  const y = dataset.y;
  if (!y) return indices.map(() => undefined);
  const classes = classLabels(y);
  return indices.map((i) => {
    if (!classes) return String(+toNumbers(y, i, i + 1)[0]!.toPrecision(6));
    const c = classes[i]!;
    return dataset.classes?.[c] ?? String(c);
  });
}

/** Up to `count` items taken a class at a time (first of each class, then second, …). */
function spread(items: readonly ImageItem[], count: number): ImageItem[] {
  const byClass = new Map<number, ImageItem[]>();
  for (const item of items) byClass.set(item.label, [...(byClass.get(item.label) ?? []), item]);
  const lists = [...byClass.values()];
  const out: ImageItem[] = [];
  for (let k = 0; out.length < count && lists.some((l) => k < l.length); k++)
    for (const list of lists) if (k < list.length && out.length < count) out.push(list[k]!);
  return out;
}

const inputText = (input: Tensor): string => `${input.name || input.id} ${formatShape(input.shape)} ${input.dtype}`;

/** Runs `f`, turning a dataset-fit error into `problems` instead of throwing. */
function fitting<T>(problems: string[], f: () => T): T | undefined {
  try {
    return f();
  } catch (error) {
    if (!isFitProblem(error)) throw error;
    problems.push(error.message);
    return undefined;
  }
}

/** Images: only the samples shown are decoded. */
async function previewImages(
  request: EvaluateRequest & { source: { kind: 'images' } },
  count: number,
  decode: ImageDecoder,
  input: Tensor | undefined,
  problems: string[],
): Promise<DataPreview> {
  const source = request.source;
  const folder = imageFolderOf(source);
  const preprocessing = source.preprocessing ?? (input && fitting(problems, () => fittedPreprocessing(input)));
  const chosen = spread(folder.items, count);
  const decoded = await Promise.all(
    chosen.map((item) =>
      decode(item.bytes, item.path).catch((error: unknown) => {
        const why = error instanceof Error ? error.message : String(error);
        throw new DatasetError('malformed', `${folder.name}: "${item.path}" could not be decoded as an image (${why})`);
      }),
    ),
  );
  const labels = chosen.map((item) => folder.classes[item.label]);
  const base = { samples: folder.items.length, classes: folder.classes, input: input ? inputText(input) : '' };
  if (!preprocessing) {
    // Not an image input: the pictures are shown as they are, at most MAX_SIDE wide or high.
    const images = decoded.map((img, k) => {
      const fit = Math.min(1, MAX_SIDE / Math.max(img.width, img.height));
      const size = {
        width: Math.max(1, Math.round(img.width * fit)),
        height: Math.max(1, Math.round(img.height * fit)),
      };
      const p: ImagePreprocessing = { ...size, channels: 3, layout: 'NHWC', scale: 1, mean: [0], std: [1] };
      return asPreview(previewImage(img.data, img.width, img.height, p), labels[k]);
    });
    return { ...base, sampleShape: '', images, ...(problems[0] ? { problem: problems[0] } : {}) };
  }
  const shape = sampleShape(preprocessing);
  const per = shape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(decoded.length * per);
  decoded.forEach((img, k) => x.set(preprocessImage(img.data, img.width, img.height, preprocessing), k * per));
  const sample: Dataset = {
    name: sourceName(source),
    x: { dtype: 'float32', shape: [decoded.length, ...shape], data: x },
    count: decoded.length,
  };
  const fed = input ? fitting(problems, () => batches(flattenedFor(sample, input).dataset, input, count)) : undefined;
  const images = decoded.map((img, k) =>
    asPreview(previewImage(img.data, img.width, img.height, preprocessing), labels[k]),
  );
  return {
    ...base,
    sampleShape: formatShape(fed?.sampleShape ?? shape),
    preprocessing,
    images,
    ...(fed?.notes.length ? { notes: fed.notes } : {}),
    ...(problems[0] ? { problem: problems[0] } : {}),
  };
}

/**
 * The first `count` samples of the request's dataset as `model` will see them: drawn when they are images
 * or look like them (MNIST [N, 1, 28, 28] or [N, 784]), as values otherwise (CSV rows).
 */
export async function previewDataset(
  model: Model,
  request: EvaluateRequest,
  count: number,
  decode: ImageDecoder,
): Promise<DataPreview> {
  const n = Math.max(1, Math.min(MAX_COUNT, Math.floor(count)));
  const problems: string[] = [];
  const input = fitting(problems, () => dataInput(model, sourceName(request.source)));
  if (request.source.kind === 'images')
    return previewImages(request as EvaluateRequest & { source: { kind: 'images' } }, n, decode, input, problems);
  // Other sources are read whole (they are in memory already); only `n` samples are converted.
  const dataset = readTabular(request.source);
  const indices = Array.from({ length: Math.min(n, dataset.count) }, (_, i) => i);
  const plan =
    input &&
    fitting(problems, () =>
      batches(dataset, input, indices.length, {
        indices,
        ...(request.scale !== undefined ? { scale: request.scale } : {}),
        ...(request.mean !== undefined ? { mean: request.mean } : {}),
        ...(request.std !== undefined ? { std: request.std } : {}),
      }),
    );
  const first = plan?.[Symbol.iterator]().next().value;
  const shape = plan?.sampleShape ?? dataset.x.shape.slice(1);
  const per = shape.reduce((a, b) => a * b, 1);
  // The values fed (cast and scaled), or the data's own when it does not fit.
  const values = indices.map((i) =>
    first
      ? Array.from(first.feed.data.subarray(i * per, (i + 1) * per) as ArrayLike<number | bigint>, Number)
      : Array.from(toNumbers(dataset.x, i * per, (i + 1) * per)),
  );
  const labels = labelsOf(dataset, indices);
  const layout = pictureLayout(shape);
  const images = layout ? drawValues(values, layout).map((img, k) => asPreview(img, labels[k])) : [];
  const rows: PreviewRow[] = layout
    ? []
    : values.map((v, k) => ({
        values: v.slice(0, ROW_VALUES),
        ...(labels[k] !== undefined ? { label: labels[k] } : {}),
      }));
  return {
    samples: dataset.count,
    ...(dataset.classes ? { classes: dataset.classes } : {}),
    input: input ? inputText(input) : '',
    sampleShape: formatShape(shape),
    images,
    ...(rows.length ? { rows } : {}),
    ...(plan?.notes.length ? { notes: plan.notes } : {}),
    ...(problems[0] ? { problem: problems[0] } : {}),
  };
}
