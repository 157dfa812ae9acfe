// The browser's own image decoders (PNG, JPEG, GIF, BMP, WebP) behind the core's `ImageDecoder`, for the
// engine worker: createImageBitmap decodes off the main thread, an OffscreenCanvas gives back the pixels.
import type { ImageDecoder, RgbaImage } from '../../core';

const TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
};

// One canvas for every image: resizing it is cheaper than making a new one per image.
let canvas: OffscreenCanvas | undefined;
let context: OffscreenCanvasRenderingContext2D | undefined;

function contextOf(width: number, height: number): OffscreenCanvasRenderingContext2D {
  canvas ??= new OffscreenCanvas(width, height);
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
    context = undefined;
  }
  context ??= canvas.getContext('2d', { willReadFrequently: true }) ?? undefined;
  if (!context) throw new Error('this browser gives no 2D canvas in a worker');
  return context;
}

/**
 * Decodes an image with the browser's decoders to RGBA. The file's colour profile is ignored (as Python's
 * imaging libraries do when datasets are made), so pixel values are the stored ones.
 */
export const decodeImageInBrowser: ImageDecoder = async (bytes: Uint8Array, name: string): Promise<RgbaImage> => {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], TYPES[ext] ? { type: TYPES[ext] } : {});
  const bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  try {
    const { width, height } = bitmap;
    const ctx = contextOf(width, height);
    ctx.clearRect(0, 0, width, height);
    ctx.drawImage(bitmap, 0, 0);
    return { width, height, data: ctx.getImageData(0, 0, width, height).data };
  } finally {
    bitmap.close();
  }
};
