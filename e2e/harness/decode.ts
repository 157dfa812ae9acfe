// Decoders for the corpus's test inputs (data/ in the shared corpus). Pure functions: they run in the
// harness page.

/** An image as rows of pixels, top row first, channels interleaved (HWC). */
export interface Image {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly pixels: Uint8Array;
}

/**
 * Decodes an uncompressed Windows bitmap with 8-bit palettised or 24-bit pixels. A palette whose entries
 * are all grey gives a one-channel image; any other gives RGB. Rows are stored bottom-up unless the height
 * is negative (BITMAPINFOHEADER).
 */
export function decodeBmp(bytes: Uint8Array): Image {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 54 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) throw new Error('not a BMP file');
  const dataOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  const width = view.getInt32(18, true);
  const storedHeight = view.getInt32(22, true);
  const bitCount = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  if (compression !== 0 || (bitCount !== 8 && bitCount !== 24))
    throw new Error(`BMP with ${bitCount}-bit pixels, compression ${compression}: only uncompressed 8/24-bit is read`);
  const height = Math.abs(storedHeight);
  const stride = Math.ceil((bitCount * width) / 32) * 4;
  if (dataOffset + stride * height > bytes.byteLength) throw new Error('the BMP file is truncated');
  const palette = bitCount === 8 ? readPalette(view, 14 + headerSize, view.getUint32(46, true) || 256) : [];
  const grey = bitCount === 8 && palette.every(([r, g, b]) => r === g && g === b);
  const channels = grey ? 1 : 3;
  const pixels = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const row = dataOffset + stride * (storedHeight > 0 ? height - 1 - y : y);
    for (let x = 0; x < width; x++) {
      const out = (y * width + x) * channels;
      if (bitCount === 24) {
        // Stored as B, G, R.
        pixels[out] = bytes[row + 3 * x + 2]!;
        pixels[out + 1] = bytes[row + 3 * x + 1]!;
        pixels[out + 2] = bytes[row + 3 * x]!;
        continue;
      }
      const rgb = palette[bytes[row + x]!] ?? [0, 0, 0];
      if (grey) pixels[out] = rgb[0];
      else pixels.set(rgb, out);
    }
  }
  return { width, height, channels, pixels };
}

function readPalette(view: DataView, offset: number, count: number): [number, number, number][] {
  // RGBQUAD entries: blue, green, red, reserved.
  return Array.from({ length: count }, (_, i) => {
    const p = offset + 4 * i;
    return [view.getUint8(p + 2), view.getUint8(p + 1), view.getUint8(p)];
  });
}

/** The image with its single grey channel copied into R, G and B. */
export function greyToRgb(image: Image): Image {
  if (image.channels === 3) return image;
  const pixels = new Uint8Array(image.pixels.length * 3);
  image.pixels.forEach((v, i) => pixels.fill(v, 3 * i, 3 * i + 3));
  return { ...image, channels: 3, pixels };
}

/** Raw little-endian float32 values. */
export function readFloat32LE(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 4 !== 0) throw new Error('raw float32 data must be a multiple of 4 bytes long');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getFloat32(4 * i, true));
}

/**
 * Sliding windows over frames: `frames` consecutive frames of `frameSize` values each, advancing one
 * frame at a time (the MLPerf Tiny anomaly-detection model sees 5 frames of 128 log-mel bins).
 */
export function frameWindows(values: Float32Array, frameSize: number, frames: number): Float32Array[] {
  const total = Math.floor(values.length / frameSize);
  return Array.from({ length: Math.max(0, total - frames + 1) }, (_, w) =>
    values.slice(w * frameSize, (w + frames) * frameSize),
  );
}
