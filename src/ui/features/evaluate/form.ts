// The evaluate panel's rules, kept apart from its components: defaults worked out from the model, what
// stops Run, the request sent to the engine, and how the data is named in results.
import type { ImageLayout, ImagePreprocessing } from '../../../core';
import type { EvaluateRequest, EvaluateSource, ModelId, PixelScale, TensorInfo } from '../../../workers/protocol';
import type { EvaluateDataKind, EvaluateForm, EvaluatePreview, ImageFieldsForm } from '../../store/evaluate-slice';
import type { OpenModel, VariantEntry } from '../../store/types';
import { defaultPixelScale } from '../quantize/form';

/** The model's data input: its one non-constant input (undefined when it has several or none). */
export function dataInputOf(model: OpenModel): TensorInfo | undefined {
  const inputs = model.summary.inputs.filter((t) => !t.isConstant);
  return inputs.length === 1 ? inputs[0] : undefined;
}

const isChannels = (d: unknown): d is 1 | 3 => d === 1 || d === 3;
const fixed = (d: unknown): number | null => (typeof d === 'number' && d > 0 ? d : null);

/** What an image input asks for: size (null where the model leaves it open), channels and layout. */
export interface ImageFit {
  readonly width: number | null;
  readonly height: number | null;
  readonly channels: 1 | 3;
  readonly layout: ImageLayout;
}

/**
 * The image the model input takes, read from its shape as the engine reads it: [N, C, H, W] → NCHW,
 * [N, H, W, C] → NHWC (C of 1 or 3), [N, H, W] → grey; undefined when the input is not an image.
 */
export function imageFit(input: TensorInfo | undefined): ImageFit | undefined {
  const shape = input?.shape;
  if (!shape) return undefined;
  const [, a, b, c] = shape;
  if (shape.length === 4) {
    if (isChannels(a) && !(isChannels(c) && !isChannels(b)))
      return { channels: a, layout: 'NCHW', height: fixed(b), width: fixed(c) };
    if (isChannels(c)) return { channels: c, layout: 'NHWC', height: fixed(a), width: fixed(b) };
    return undefined;
  }
  if (shape.length === 3) return { channels: 1, layout: 'NCHW', height: fixed(a), width: fixed(b) };
  return undefined;
}

/** Per-channel numbers as typed ("0.485, 0.456, 0.406" or one value); undefined when one is not a number. */
export function parseNumberList(text: string): number[] | undefined {
  const parts = text
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (parts.length === 0) return undefined;
  const values = parts.map(Number);
  return values.every(Number.isFinite) ? values : undefined;
}

/** The image preprocessing the panel sends: the fields typed, else what fits the model (0..1 pixels). */
export function resolvedImage(fields: ImageFieldsForm, fit: ImageFit | undefined): ImagePreprocessing | string {
  const width = fields.width ?? fit?.width ?? null;
  const height = fields.height ?? fit?.height ?? null;
  if (width === null || height === null) return 'Choose the image width and height: the model input does not fix them.';
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0))
    return 'The image width and height must be whole numbers of pixels above 0.';
  const channels = fields.channels ?? fit?.channels ?? 3;
  const scale = fields.scale ?? 1 / 255;
  if (!(Number.isFinite(scale) && scale !== 0)) return 'The pixel scale must be a number other than 0.';
  const mean = parseNumberList(fields.mean ?? '0');
  const std = parseNumberList(fields.std ?? '1');
  const perChannel = (v: number[] | undefined) => v !== undefined && (v.length === 1 || v.length === channels);
  if (!perChannel(mean)) return `The mean must be one number, or one per channel (${channels}).`;
  if (!perChannel(std) || std!.some((s) => s === 0))
    return `The std must be one number other than 0, or one per channel (${channels}).`;
  return { width, height, channels, layout: fields.layout ?? fit?.layout ?? 'NCHW', scale, mean: mean!, std: std! };
}

/** A 28×28 grey digit input, whatever singleton dims surround it (as the quantize panel reads it). */
export function isDigitInput(input: TensorInfo | undefined): boolean {
  const shape = input?.shape;
  if (!shape) return false;
  const dims = shape.slice(1).filter((d) => d !== 1);
  return dims.length === 2 && dims.every((d) => d === 28) && (shape[0] === 1 || typeof shape[0] !== 'number');
}

/** The form with its defaults filled in for this model. */
export interface ResolvedEvaluateForm extends EvaluateForm {
  readonly data: EvaluateDataKind;
  readonly pixelScale: PixelScale;
  readonly pixelScaleFrom: 'card' | 'assumed' | 'user';
  readonly mnistShaped: boolean;
  /** What the model input takes when it is an image. */
  readonly fit: ImageFit | undefined;
  /** The preprocessing images get, or why it cannot be worked out. */
  readonly image: ImagePreprocessing | string;
}

export function resolveEvaluateForm(form: EvaluateForm, model: OpenModel): ResolvedEvaluateForm {
  const input = dataInputOf(model);
  const mnistShaped = isDigitInput(input);
  const pixel = defaultPixelScale(model);
  const fit = imageFit(input);
  return {
    ...form,
    data: form.data ?? (mnistShaped ? 'mnist' : fit ? 'images' : 'file'),
    pixelScale: form.pixelScale ?? pixel.scale,
    pixelScaleFrom: form.pixelScale ? 'user' : pixel.from,
    mnistShaped,
    fit,
    image: resolvedImage(form.imageFields, fit),
  };
}

/** The file(s) the data choice needs, or undefined while they are not chosen (the built-in set needs none). */
export function chosenData(form: ResolvedEvaluateForm): string | undefined {
  switch (form.data) {
    case 'mnist':
      return 'mnist';
    case 'file':
      return form.file?.name;
    case 'csv':
      return form.csvFile?.name;
    case 'images':
      return form.images?.name;
  }
}

const NEEDS: Readonly<Record<Exclude<EvaluateDataKind, 'mnist'>, string>> = {
  file: 'Choose a .npz or .npy file of samples (x, and labels y) to evaluate on.',
  csv: 'Choose a CSV file of samples to evaluate on.',
  images: 'Choose a folder of images with one sub-folder per class, or a .zip of one.',
};

/**
 * Why Run cannot start yet, as a sentence; undefined when it can. The preview's verdict counts once it
 * is about the current data: a dataset that does not fit the model, or a file the engine cannot read.
 */
export function evaluateBlocker(
  form: ResolvedEvaluateForm,
  preview: EvaluatePreview,
  key: string,
  hasInput: boolean,
): string | undefined {
  if (!hasInput) return 'The studio evaluates models with one data input; this model has several.';
  if (form.data !== 'mnist' && chosenData(form) === undefined) return NEEDS[form.data];
  if (!form.allSamples && !(Number.isInteger(form.samples) && form.samples > 0))
    return 'The number of samples must be a whole number above 0.';
  if (form.data === 'images' && form.images && !form.images.zip && form.images.files.length === 0)
    return `${form.images.name} holds no images (png, jpg, gif, bmp, webp): put them in one sub-folder per class.`;
  if (form.data === 'images' && typeof form.image === 'string') return form.image;
  if (form.data !== 'images') {
    if (!(Number.isFinite(form.scale) && form.scale !== 0)) return 'The scale must be a number other than 0.';
    if (!Number.isFinite(form.mean)) return 'The mean must be a number.';
    if (!(Number.isFinite(form.std) && form.std !== 0)) return 'The std must be a number other than 0.';
  }
  if (preview.status === 'ready' && preview.key === key && preview.preview.problem) return preview.preview.problem;
  const dataName = chosenData(form);
  if (preview.status === 'failed' && preview.key === key && preview.error.fileName === dataName)
    return `${dataName} cannot be used: ${preview.error.message}`;
  return undefined;
}

/** (x·scale − mean) / std of tensor data (the digits, files); images have their own preprocessing. */
export function numericPreprocessing(form: ResolvedEvaluateForm): Pick<EvaluateRequest, 'scale' | 'mean' | 'std'> {
  if (form.data === 'images') return {};
  return {
    ...(form.scale !== 1 ? { scale: form.scale } : {}),
    ...(form.mean !== 0 ? { mean: form.mean } : {}),
    ...(form.std !== 1 ? { std: form.std } : {}),
  };
}

/** The request for one model, once the data's bytes are read into `source`. */
export function requestOf(form: ResolvedEvaluateForm, source: EvaluateSource, referenceId?: ModelId): EvaluateRequest {
  return {
    source,
    ...(form.allSamples ? {} : { samples: form.samples }),
    ...numericPreprocessing(form),
    ...(referenceId !== undefined ? { referenceId } : {}),
  };
}

/**
 * Identifies a data choice and its settings, so a preview or a failure is only shown for the data it
 * belongs to (files by name, size and date: the same File object read twice gives the same key).
 */
export function dataKey(form: ResolvedEvaluateForm): string {
  const fileKey = (f: File | null | undefined) => (f ? `${f.name}:${f.size}:${f.lastModified}` : '-');
  const parts: unknown[] = [form.data, form.allSamples ? 'all' : form.samples];
  if (form.data === 'mnist') parts.push(form.pixelScale, form.scale, form.mean, form.std);
  if (form.data === 'file') parts.push(fileKey(form.file), form.scale, form.mean, form.std);
  if (form.data === 'csv') parts.push(fileKey(form.csvFile), form.labelColumn, form.scale, form.mean, form.std);
  if (form.data === 'images') parts.push(form.images?.name, form.images?.files.length, JSON.stringify(form.image));
  return parts.join('|');
}

/** The scaling applied to tensor data, as a short suffix: ", ×255", ", −0.1307 ÷0.3081"; empty when none. */
function scalingText(form: ResolvedEvaluateForm): string {
  const n = numericPreprocessing(form);
  const parts = [
    n.scale !== undefined ? `×${n.scale}` : '',
    n.mean !== undefined ? `−${n.mean}` : '',
    n.std !== undefined ? `÷${n.std}` : '',
  ].filter((p) => p !== '');
  return parts.length ? `, ${parts.join(' ')}` : '';
}

/** How the data is named with its results: "MNIST digits (10,000, 0..255)", "flowers.zip (1,200 images)". */
export function dataLabel(form: ResolvedEvaluateForm, samples: number): string {
  const count = samples.toLocaleString('en-US');
  switch (form.data) {
    case 'mnist':
      return `MNIST digits (${count}, ${form.pixelScale}${scalingText(form)})`;
    case 'images':
      return `${form.images?.name ?? 'images'} (${count} images)`;
    default:
      return `${chosenData(form) ?? 'data'} (${count} samples${scalingText(form)})`;
  }
}

/**
 * The models one run evaluates, in order, each with its reference: the model shown (a variant against
 * the original), or the original then every variant against it, so agreement and SQNR are filled in.
 */
export function evaluationQueue(
  scope: EvaluateForm['scope'],
  family: readonly VariantEntry[],
  shownId: ModelId,
): { readonly modelId: ModelId; readonly referenceId?: ModelId }[] {
  const original = family[0]?.id;
  const entry = (id: ModelId) =>
    id !== original && original !== undefined ? { modelId: id, referenceId: original } : { modelId: id };
  return scope === 'family' ? family.map((v) => entry(v.id)) : [entry(shownId)];
}
