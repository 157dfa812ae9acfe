// Real image files for the evaluation journeys, written here so that the browser's own decoders read them:
// a minimal Windows-bitmap encoder (8-bit grey palette, BITMAPINFOHEADER, rows bottom-up), an MNIST digit
// folder zipped, and TFLM's person-detection test images as a class folder.
import { zipSync } from 'fflate';
import { readMnistDigits } from '../../src/core/data/mnist';
import { writeNpz } from '../../src/core/data/npz';
import { decodeBmp } from './decode';

const FILE_HEADER = 14;
const INFO_HEADER = 40;
const PALETTE = 256 * 4;

/** An 8-bit palettised BMP of grey levels (`pixels`: rows top to bottom, one byte per pixel). */
export function encodeGreyBmp(width: number, height: number, pixels: Uint8Array): Uint8Array {
  if (pixels.length !== width * height) throw new Error(`${pixels.length} pixels are not ${width}×${height}`);
  const stride = Math.ceil(width / 4) * 4;
  const offset = FILE_HEADER + INFO_HEADER + PALETTE;
  const size = offset + stride * height;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]); // "BM"
  view.setUint32(2, size, true);
  view.setUint32(10, offset, true);
  view.setUint32(14, INFO_HEADER, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true); // positive: bottom-up rows
  view.setUint16(26, 1, true); // planes
  view.setUint16(28, 8, true); // bits per pixel
  view.setUint32(34, stride * height, true);
  view.setUint32(46, 256, true); // colours used
  for (let i = 0; i < 256; i++) bytes.set([i, i, i, 0], FILE_HEADER + INFO_HEADER + 4 * i);
  for (let y = 0; y < height; y++)
    bytes.set(pixels.subarray(y * width, (y + 1) * width), offset + (height - 1 - y) * stride);
  return bytes;
}

/** `per` digits of each class of the built-in MNIST set (their indices, class by class). */
export function mnistIndices(digitsNpz: Uint8Array, per: number): number[] {
  const labels = readMnistDigits(digitsNpz).y!.data;
  return Array.from({ length: 10 }, (_, c) => {
    const found: number[] = [];
    for (let i = 0; i < labels.length && found.length < per; i++) if (Number(labels[i]) === c) found.push(i);
    return found;
  }).flat();
}

/**
 * The digits as a .zip of BMP files in one folder per class ("mnist/3/00042.bmp"), and the same digits as
 * a .npz (x uint8 [N, 28, 28], y) for the same evaluation through arrays.
 */
export function mnistBmpZip(digitsNpz: Uint8Array, indices: readonly number[]): { zip: Uint8Array; npz: Uint8Array } {
  const { x, y } = readMnistDigits(digitsNpz);
  const pixels = (i: number) => Uint8Array.from(x.data.subarray(i * 784, (i + 1) * 784) as Uint8Array);
  const entries: Record<string, Uint8Array> = {};
  for (const i of indices)
    entries[`mnist/${Number(y!.data[i])}/${String(i).padStart(5, '0')}.bmp`] = encodeGreyBmp(28, 28, pixels(i));
  const xs = new Uint8Array(indices.length * 784);
  indices.forEach((i, k) => xs.set(pixels(i), k * 784));
  const npz = writeNpz({
    x: { dtype: 'uint8', shape: [indices.length, 28, 28], data: xs },
    y: { dtype: 'int32', shape: [indices.length], data: Int32Array.from(indices, (i) => Number(y!.data[i])) },
  });
  return { zip: zipSync(entries), npz };
}

/**
 * TFLM's person_detection test images as a class folder: person/person.bmp and no_person/no_person.bmp
 * (sorted, so "no_person" is class 0 and "person" class 1, the model's own output order). person.bmp
 * stores the int8 values TFLM feeds (grey − 128) as its bytes, so shown as an image its bright areas wrap
 * to black; it is re-encoded with its plain grey levels (as e2e/harness/inputs.ts reads it), no_person.bmp
 * already holds them and is re-encoded unchanged.
 */
export function personFolder(person: Uint8Array, noPerson: Uint8Array): { name: string; bytes: Uint8Array }[] {
  const grey = (bytes: Uint8Array, storedAsInt8: boolean) => {
    const image = decodeBmp(bytes);
    if (image.channels !== 1) throw new Error('the person-detection images are grey');
    const pixels = storedAsInt8 ? image.pixels.map((p) => p ^ 0x80) : image.pixels;
    return encodeGreyBmp(image.width, image.height, pixels);
  };
  return [
    { name: 'person/person.bmp', bytes: grey(person, true) },
    { name: 'no_person/no_person.bmp', bytes: grey(noPerson, false) },
  ];
}
