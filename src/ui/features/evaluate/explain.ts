// One short line per choice of the evaluate panel, and the figures' formats, for users meeting these
// words for the first time.
import type { PixelScale } from '../../../workers/protocol';
import type { EvaluateDataKind } from '../../store/evaluate-slice';

export const DATA: Readonly<Record<EvaluateDataKind, { readonly name: string; readonly line: string }>> = {
  mnist: {
    name: 'Built-in MNIST digits',
    line: '10,000 handwritten 28×28 digits with their labels, shipped with the studio.',
  },
  file: {
    name: 'A .npz / .npy file',
    line: 'Arrays x (samples along the first axis) and optional labels y, as NumPy saves them.',
  },
  csv: {
    name: 'A CSV file',
    line: 'One sample per row for tabular models: feature columns and a label column.',
  },
  images: {
    name: 'A folder of images',
    line: 'One sub-folder per class (cat/1.png, dog/1.png), or a .zip of such a folder.',
  },
};

export const NOT_MNIST = "This model's input is not a 28×28 digit: the built-in set will not fit it.";

export const PIXELS = {
  card: (scale: PixelScale) => `${scale}, the input range this sample's card gives.`,
  assumed: '0..1 assumed: check what the model was trained on (many take raw 0..255 grey levels).',
  user: (scale: PixelScale) => `Pixels fed in ${scale}.`,
} as const;

export const SCOPE = {
  shown: { name: 'The model shown', line: 'Evaluates the model on the canvas (a variant: against the original).' },
  family: {
    name: 'Evaluate all',
    line: 'The original, then every variant against it, one after the other: accuracy side by side.',
  },
} as const;

export const NUMERIC = 'Each value x is fed as (x · scale − mean) / std, as the model was trained.';

export const IMAGE_LINE =
  'Each image is resized, made grey or RGB, laid out and scaled: (pixel · scale − mean) / std per channel.';

export const SAMPLES_LINE = 'A subset is a seeded random draw, the same each time, so runs compare.';

/** A fraction 0..1 as a percentage with two decimals: `99.34 %` (accuracy differences are small). */
export function formatAccuracy(fraction: number): string {
  return `${(fraction * 100).toFixed(2)} %`;
}

/** A small error figure: `3.2e-5`, `0.0123`, `12.5`. */
export function formatError(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return abs < 1e-3 || abs >= 1e5 ? value.toExponential(2) : String(Number(value.toPrecision(3)));
}
