// An image folder as a dataset: each image decoded by the caller's decoder (core has no DOM; the worker
// passes one built on createImageBitmap / OffscreenCanvas), preprocessed to the model's input, stacked
// into x float32 [N, ...sample], with y int32 class indices and the class names.
import { DatasetError } from '../errors';
import type { Dataset } from './dataset';
import type { ImageFolder } from './image-folder';
import { preprocessImage, sampleShape, type ImagePreprocessing, type RgbaImage } from './image-preprocess';

/** Decodes an encoded image (PNG, JPEG, …) to RGBA pixels. `name` is its path, for messages. */
export type ImageDecoder = (bytes: Uint8Array, name: string) => Promise<RgbaImage>;

/** What `imageDataset` needs of an AbortSignal (a real one fits). */
export interface ImageCancelSignal {
  readonly aborted: boolean;
}

/** Progress: images done of the total. */
export type ImageProgress = (done: number, total: number) => void;

/**
 * Decodes and preprocesses every image of `folder` into a dataset. Throws a DatasetError naming the image
 * that cannot be decoded, and one with code 'cancelled' when `signal` is aborted between images.
 */
export async function imageDataset(
  folder: ImageFolder,
  decode: ImageDecoder,
  preprocessing: ImagePreprocessing,
  onProgress?: ImageProgress,
  signal?: ImageCancelSignal,
): Promise<Dataset> {
  const { name, items, classes } = folder;
  if (items.length === 0) throw new DatasetError('empty', `${name}: holds no images`, name);
  const shape = sampleShape(preprocessing);
  const per = shape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(items.length * per);
  const y = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) {
    if (signal?.aborted) throw new DatasetError('cancelled', `${name}: reading the images was cancelled`, name);
    const item = items[i]!;
    let image: RgbaImage;
    try {
      image = await decode(item.bytes, item.path);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new DatasetError('malformed', `${name}: "${item.path}" could not be decoded as an image (${why})`, name);
    }
    if (image.data.length !== image.width * image.height * 4 || image.width < 1 || image.height < 1)
      throw new DatasetError(
        'malformed',
        `${name}: "${item.path}" decoded to ${image.data.length} bytes, not a ${image.width}×${image.height} RGBA image`,
        name,
      );
    x.set(preprocessImage(image.data, image.width, image.height, preprocessing), i * per);
    y[i] = item.label;
    onProgress?.(i + 1, items.length);
  }
  return {
    name,
    x: { dtype: 'float32', shape: [items.length, ...shape], data: x },
    y: { dtype: 'int32', shape: [items.length], data: y },
    count: items.length,
    classes,
  };
}
