// Image folders: a zip of class folders built here with fflate, junk files ignored, clear errors, and the
// dataset made with a fake decoder (the browser decoder is the worker's job). The fake format is
// [width, height, r, g, b, a, …].
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../errors';
import { imageDataset, type ImageDecoder } from './image-dataset';
import { listImageFolder, listImageZip } from './image-folder';
import { defaultPreprocessing } from './image-preprocess';

const fake = (w: number, h: number, gray: number): Uint8Array =>
  Uint8Array.from([w, h, ...Array.from({ length: w * h }, () => [gray, gray, gray, 255]).flat()]);

const decode: ImageDecoder = (bytes, name) => {
  if (bytes.length < 2) return Promise.reject(new Error(`${name} is too short`));
  return Promise.resolve({ width: bytes[0]!, height: bytes[1]!, data: new Uint8ClampedArray(bytes.subarray(2)) });
};

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DatasetError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'no error';
}

const zip = zipSync({
  'digits/': {},
  'digits/1/b.png': fake(2, 2, 100),
  'digits/1/a.PNG': fake(4, 4, 50),
  'digits/0/x.jpg': fake(2, 2, 255),
  'digits/0/.DS_Store': new Uint8Array(3),
  'digits/0/notes.txt': new Uint8Array(3),
  '__MACOSX/digits/0/._x.jpg': new Uint8Array(3),
  'digits/README.md': new Uint8Array(3),
});

describe('listImageZip / listImageFolder', () => {
  it('finds sorted classes under a shared root and ignores junk and non-images', () => {
    const folder = listImageZip(zip, 'digits.zip');
    expect(folder.classes).toEqual(['0', '1']);
    expect(folder.items.map((i) => [i.path, i.label])).toEqual([
      ['digits/0/x.jpg', 0],
      ['digits/1/a.PNG', 1],
      ['digits/1/b.png', 1],
    ]);
    expect(folder.items[0]!.bytes[0]).toBe(2);
  });

  it('reads dropped files with relative (even backslashed) paths', () => {
    const f = listImageFolder([
      { path: 'dog\\1.webp', bytes: fake(1, 1, 0) },
      { path: './cat/1.bmp', bytes: fake(1, 1, 0) },
    ]);
    expect(f.classes).toEqual(['cat', 'dog']);
  });

  it('names what is wrong: no images, no class folders, mixed depth, split roots, an empty class', () => {
    const one = new Uint8Array(1);
    expect(message(() => listImageFolder([{ path: 'a/b.txt', bytes: one }], 'x'))).toMatch(
      /^empty: x: holds no images/,
    );
    expect(message(() => listImageFolder([{ path: 'b.png', bytes: one }], 'x'))).toMatch(
      /^malformed: x: has no class folders/,
    );
    expect(
      message(() =>
        listImageFolder(
          [
            { path: 'cat/1.png', bytes: one },
            { path: 'dog/big/1.png', bytes: one },
          ],
          'x',
        ),
      ),
    ).toBe(
      'malformed: x: images sit at different depths ("cat/1.png" and "dog/big/1.png"): put every image directly in its class folder',
    );
    expect(
      message(() =>
        listImageFolder(
          [
            { path: 'train/cat/1.png', bytes: one },
            { path: 'test/cat/1.png', bytes: one },
          ],
          'x',
        ),
      ),
    ).toMatch(/^malformed: x: images sit under different folders \("train\/cat\/" and "test\/cat\/"\)/);
    const withEmpty = zipSync({ 'a/1.png': fake(1, 1, 0), 'b/': {} });
    expect(message(() => listImageZip(withEmpty, 'e.zip'))).toBe('empty: e.zip: the class folder "b" holds no images');
    expect(message(() => listImageZip(Uint8Array.of(1, 2, 3), 'n.zip'))).toBe(
      'bad-magic: n.zip: is not a .zip archive',
    );
    expect(message(() => listImageZip(zip.subarray(0, 40), 'cut.zip'))).toMatch(
      /^truncated: cut\.zip: the zip archive/,
    );
  });
});

describe('imageDataset', () => {
  it('decodes, resizes and stacks images with labels, class names and progress', async () => {
    const folder = listImageZip(zip, 'digits.zip');
    const progress: number[] = [];
    const d = await imageDataset(folder, decode, defaultPreprocessing([1, 1, 2, 2]), (done) => progress.push(done));
    expect(d.x.shape).toEqual([3, 1, 2, 2]);
    expect(Array.from(d.y!.data as Int32Array)).toEqual([0, 1, 1]);
    expect(d.classes).toEqual(['0', '1']);
    expect(progress).toEqual([1, 2, 3]);
    // Gray g becomes luma(g, g, g) / 255 = g / 255 (the 4×4 image is resized to 2×2).
    expect(Array.from(d.x.data as Float32Array)).toEqual(
      [255, 255, 255, 255, 50, 50, 50, 50, 100, 100, 100, 100].map((g) =>
        Math.fround((g * (0.299 + 0.587 + 0.114)) / 255),
      ),
    );
  });

  it('names an image that cannot be decoded, and stops when cancelled', async () => {
    const folder = listImageFolder(
      [
        { path: 'a/ok.png', bytes: fake(1, 1, 9) },
        { path: 'b/bad.png', bytes: Uint8Array.of(7) },
      ],
      'drop',
    );
    const p = defaultPreprocessing([1, 1, 1, 1]);
    await expect(imageDataset(folder, decode, p)).rejects.toThrow(
      'drop: "b/bad.png" could not be decoded as an image (b/bad.png is too short)',
    );
    const signal = { aborted: false };
    const run = imageDataset(folder, decode, p, () => (signal.aborted = true), signal);
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
  });
});
