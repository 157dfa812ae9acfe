// Image preprocessing numerics: bilinear resize of a known gradient, BT.601 grayscale, NCHW vs NHWC order,
// scale and per-channel mean/std, the preview's round trip, and shapes inferred from model inputs.
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../errors';
import { defaultPreprocessing, preprocessImage, previewImage, type ImagePreprocessing } from './image-preprocess';

/** RGBA pixels from per-pixel [r, g, b] (alpha 255). */
const rgba = (pixels: readonly (readonly number[])[]): Uint8ClampedArray =>
  Uint8ClampedArray.from(pixels.flatMap(([r, g, b]) => [r!, g!, b!, 255]));

const raw = (over: Partial<ImagePreprocessing>): ImagePreprocessing => ({
  width: 1,
  height: 1,
  channels: 3,
  layout: 'NCHW',
  scale: 1,
  mean: [0],
  std: [1],
  ...over,
});

describe('preprocessImage', () => {
  // A 4×1 horizontal gray ramp 0, 10, 20, 30.
  const ramp = rgba([0, 10, 20, 30].map((v) => [v, v, v]));

  it('resizes bilinearly with half-pixel centres (up and down)', () => {
    const up = preprocessImage(ramp, 4, 1, raw({ width: 8, height: 1, channels: 1 }));
    // Source x = (x + 0.5) / 2 − 0.5, clamped at the edges.
    expect(Array.from(up)).toEqual([0, 2.5, 7.5, 12.5, 17.5, 22.5, 27.5, 30].map(Math.fround));
    const down = preprocessImage(ramp, 4, 1, raw({ width: 2, height: 1, channels: 1 }));
    expect(Array.from(down)).toEqual([5, 25]);
    // Vertically: a 1×2 image of rows 0 and 100 stretched to 3 rows.
    const col = preprocessImage(
      rgba([
        [0, 0, 0],
        [100, 100, 100],
      ]),
      1,
      2,
      raw({ height: 4, channels: 1 }),
    );
    expect(Array.from(col)).toEqual([0, 25, 75, 100]);
  });

  it('weights grayscale with ITU-R BT.601 luma', () => {
    const out = preprocessImage(
      rgba([
        [255, 0, 0],
        [0, 255, 0],
        [0, 0, 255],
      ]),
      3,
      1,
      raw({ width: 3, channels: 1 }),
    );
    expect(Array.from(out)).toEqual([0.299 * 255, 0.587 * 255, 0.114 * 255].map(Math.fround));
  });

  it('orders NCHW by plane and NHWC by pixel, then applies scale and per-channel mean/std', () => {
    const img = rgba([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(Array.from(preprocessImage(img, 2, 1, raw({ width: 2 })))).toEqual([1, 4, 2, 5, 3, 6]);
    expect(Array.from(preprocessImage(img, 2, 1, raw({ width: 2, layout: 'NHWC' })))).toEqual([1, 2, 3, 4, 5, 6]);
    const norm = preprocessImage(
      img,
      2,
      1,
      raw({ width: 2, layout: 'NHWC', scale: 2, mean: [1, 2, 3], std: [1, 2, 4] }),
    );
    // (v·2 − mean[c]) / std[c]
    expect(Array.from(norm)).toEqual([1, 1, 0.75, 7, 4, 2.25]);
  });

  it('refuses pixels of the wrong length and bad options', () => {
    const msg = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        if (error instanceof DatasetError) return error.message;
        throw error;
      }
      return 'no error';
    };
    expect(msg(() => preprocessImage(new Uint8ClampedArray(7), 2, 1, raw({})))).toBe(
      'image preprocessing: 7 bytes are not a 2×1 RGBA image (8 bytes)',
    );
    expect(msg(() => preprocessImage(ramp, 4, 1, raw({ mean: [0, 0] })))).toBe(
      'image preprocessing: mean has 2 values; give one, or one per channel (3)',
    );
    expect(msg(() => preprocessImage(ramp, 4, 1, raw({ std: [0] })))).toMatch(/std must be non-zero/);
  });
});

describe('previewImage', () => {
  it('maps the tensor back to 0..255 RGBA at the model size (gray replicated)', () => {
    const img = rgba([
      [200, 100, 50],
      [0, 0, 0],
    ]);
    const options = raw({ width: 2, channels: 1, scale: 1 / 255, mean: [0.5], std: [0.25] });
    const p = previewImage(img, 2, 1, options);
    const luma = Math.round(0.299 * 200 + 0.587 * 100 + 0.114 * 50);
    expect([p.width, p.height]).toEqual([2, 1]);
    expect(Array.from(p.data)).toEqual([luma, luma, luma, 255, 0, 0, 0, 255]);
    const rgb = previewImage(img, 2, 1, raw({ width: 2, layout: 'NHWC', scale: 1 / 255, mean: [0.4], std: [0.2] }));
    expect(Array.from(rgb.data)).toEqual(Array.from(img));
  });
});

describe('defaultPreprocessing', () => {
  it('infers size, channels and layout from the model input shape', () => {
    expect(defaultPreprocessing([1, 1, 28, 28])).toMatchObject({ width: 28, height: 28, channels: 1, layout: 'NCHW' });
    expect(defaultPreprocessing(['N', 96, 96, 3])).toMatchObject({
      width: 96,
      height: 96,
      channels: 3,
      layout: 'NHWC',
    });
    expect(defaultPreprocessing([1, 3, 32, 64])).toMatchObject({ width: 64, height: 32, channels: 3, layout: 'NCHW' });
    expect(defaultPreprocessing([1, 28, 28])).toMatchObject({ width: 28, height: 28, channels: 1 });
    expect(defaultPreprocessing([1, 1, 8, 8])).toMatchObject({ scale: 1 / 255, mean: [0], std: [1] });
  });

  it('says when the input is no image or leaves its size open', () => {
    expect(() => defaultPreprocessing([1, 3, null, null], 'images')).toThrow(
      'the model input "images" [1, 3, ?, ?] does not fix the image size: choose a width and height',
    );
    expect(() => defaultPreprocessing([1, 4, 8, 8])).toThrow(/is not an image of 1 or 3 channels/);
    expect(() => defaultPreprocessing([1, 10])).toThrow(/is not an image input/);
  });
});
