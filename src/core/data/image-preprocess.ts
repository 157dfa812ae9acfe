// Image preprocessing on decoded RGBA pixels (DESIGN.md, "Datasets": resize, channels, layout, scale,
// mean/std), pure so the worker, the CLI and the tests share it. Each output value is
// (pixel · scale − mean[c]) / std[c], pixel in 0..255 after a bilinear resize.
import { DatasetError } from '../errors';
import type { Shape } from '../ir/types';

export type ImageLayout = 'NCHW' | 'NHWC';

export interface ImagePreprocessing {
  /** Size the image is resized to (the model input's W and H). */
  readonly width: number;
  readonly height: number;
  /** 1: grayscale (ITU-R BT.601 luma), 3: RGB. Alpha is dropped. */
  readonly channels: 1 | 3;
  readonly layout: ImageLayout;
  /** Multiplies 0..255 pixels first (1/255 gives 0..1). */
  readonly scale: number;
  /** Per channel (or one value for all), subtracted after scaling. */
  readonly mean: readonly number[];
  /** Per channel (or one value for all), divides last. */
  readonly std: readonly number[];
}

/** A decoded image: RGBA, 4 bytes per pixel, rows top to bottom. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

// ITU-R BT.601 luma weights (Y' = 0.299 R' + 0.587 G' + 0.114 B'), the ones PIL's "L" mode uses.
export const LUMA_601 = [0.299, 0.587, 0.114] as const;

/** The shape of one preprocessed sample: [C, H, W] (NCHW) or [H, W, C] (NHWC). */
export function sampleShape(p: ImagePreprocessing): number[] {
  return p.layout === 'NCHW' ? [p.channels, p.height, p.width] : [p.height, p.width, p.channels];
}

function checked(p: ImagePreprocessing): { mean: number[]; std: number[] } {
  const bad = (why: string): never => {
    throw new DatasetError('malformed', `image preprocessing: ${why}`);
  };
  for (const [key, v] of [
    ['width', p.width],
    ['height', p.height],
  ] as const)
    if (!Number.isInteger(v) || v < 1) bad(`${key} must be a whole number of pixels ≥ 1, not ${v}`);
  if (!(Number.isFinite(p.scale) && p.scale !== 0)) bad(`scale must be a non-zero number, not ${p.scale}`);
  const perChannel = (values: readonly number[], key: string): number[] => {
    if (values.length !== 1 && values.length !== p.channels)
      bad(`${key} has ${values.length} values; give one, or one per channel (${p.channels})`);
    return Array.from({ length: p.channels }, (_, c) => values[values.length === 1 ? 0 : c]!);
  };
  const mean = perChannel(p.mean, 'mean');
  const std = perChannel(p.std, 'std');
  if (std.some((s) => !(Number.isFinite(s) && s !== 0))) bad(`std must be non-zero numbers, not [${p.std.join(', ')}]`);
  return { mean, std };
}

/**
 * Preprocesses RGBA pixels into a model's sample tensor (shape `sampleShape(options)`). The resize is
 * bilinear with half-pixel centres (as OpenCV INTER_LINEAR and ONNX Resize "half_pixel"); it does not
 * low-pass filter, so large reductions alias.
 */
export function preprocessImage(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
  options: ImagePreprocessing,
): Float32Array {
  if (!(width >= 1 && height >= 1 && rgba.length === width * height * 4))
    throw new DatasetError(
      'malformed',
      `image preprocessing: ${rgba.length} bytes are not a ${width}×${height} RGBA image (${width * height * 4} bytes)`,
    );
  const { mean, std } = checked(options);
  const { width: ow, height: oh, channels, layout, scale } = options;
  const out = new Float32Array(ow * oh * channels);
  const plane = ow * oh;
  const sx = width / ow;
  const sy = height / oh;
  const rgb = [0, 0, 0];
  for (let y = 0; y < oh; y++) {
    const fy = Math.min(height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < ow; x++) {
      const fx = Math.min(width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(width - 1, x0 + 1);
      const wx = fx - x0;
      const a = (y0 * width + x0) * 4;
      const b = (y0 * width + x1) * 4;
      const c = (y1 * width + x0) * 4;
      const d = (y1 * width + x1) * 4;
      for (let k = 0; k < 3; k++) {
        const top = rgba[a + k]! + (rgba[b + k]! - rgba[a + k]!) * wx;
        const bottom = rgba[c + k]! + (rgba[d + k]! - rgba[c + k]!) * wx;
        rgb[k] = top + (bottom - top) * wy;
      }
      const pixel = y * ow + x;
      for (let ch = 0; ch < channels; ch++) {
        const v = channels === 1 ? LUMA_601[0] * rgb[0]! + LUMA_601[1] * rgb[1]! + LUMA_601[2] * rgb[2]! : rgb[ch]!;
        const at = layout === 'NCHW' ? ch * plane + pixel : pixel * channels + ch;
        out[at] = (v * scale - mean[ch]!) / std[ch]!;
      }
    }
  }
  return out;
}

/**
 * What the model sees, as a displayable image: `preprocessImage`'s tensor mapped back to 0..255 (undoing
 * mean/std and scale; grayscale shown as gray) at the model's size.
 */
export function previewImage(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
  options: ImagePreprocessing,
): RgbaImage {
  const tensor = preprocessImage(rgba, width, height, options);
  const { mean, std } = checked(options);
  const { width: ow, height: oh, channels, layout, scale } = options;
  const plane = ow * oh;
  const data = new Uint8ClampedArray(plane * 4);
  for (let pixel = 0; pixel < plane; pixel++) {
    for (let k = 0; k < 3; k++) {
      const ch = channels === 1 ? 0 : k;
      const at = layout === 'NCHW' ? ch * plane + pixel : pixel * channels + ch;
      // Uint8ClampedArray rounds half to even and clamps, which is what display wants.
      data[pixel * 4 + k] = (tensor[at]! * std[ch]! + mean[ch]!) / scale;
    }
    data[pixel * 4 + 3] = 255;
  }
  return { width: ow, height: oh, data };
}

const isChannels = (d: Shape[number] | undefined): d is 1 | 3 => d === 1 || d === 3;

/**
 * Preprocessing inferred from a model input shape: [N, C, H, W] → NCHW, [N, H, W, C] → NHWC (C of 1 or
 * 3), [N, H, W] → grayscale; scale 1/255, mean 0, std 1.
 * Throws a DatasetError when the shape is not an image or leaves its size open.
 */
export function defaultPreprocessing(inputShape: Shape, inputName = 'input'): ImagePreprocessing {
  const fail = (why: string): never => {
    const dims = `[${inputShape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
    throw new DatasetError('shape-mismatch', `the model input "${inputName}" ${dims} ${why}`, inputName);
  };
  const base = { scale: 1 / 255, mean: [0], std: [1] } as const;
  const size = (h: Shape[number] | undefined, w: Shape[number] | undefined): { height: number; width: number } => {
    if (typeof h !== 'number' || typeof w !== 'number' || h < 1 || w < 1)
      return fail('does not fix the image size: choose a width and height');
    return { height: h, width: w };
  };
  const [, a, b, c] = inputShape;
  if (inputShape.length === 4) {
    if (isChannels(a) && !(isChannels(c) && !isChannels(b)))
      return { ...base, ...size(b, c), channels: a, layout: 'NCHW' };
    if (isChannels(c)) return { ...base, ...size(a, b), channels: c, layout: 'NHWC' };
    return fail('is not an image of 1 or 3 channels (NCHW or NHWC)');
  }
  if (inputShape.length === 3) return { ...base, ...size(a, b), channels: 1, layout: 'NCHW' };
  return fail('is not an image input ([N, C, H, W], [N, H, W, C] or [N, H, W])');
}
