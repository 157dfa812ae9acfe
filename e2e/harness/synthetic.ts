// Seeded synthetic inputs for calibrating and evaluating quantized models when the corpus has no real
// data for them: smooth random images (low-frequency waves, soft blobs and a tint, like out-of-focus
// photos rather than noise, so activations take realistic ranges), and evenly spread scalars.
import { seededRandom } from '../../src/core/util/random';

export interface ImageSpec {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** The value range the model's input takes (e.g. [0, 1] or [0, 255]). */
  readonly lo: number;
  readonly hi: number;
}

/** `count` smooth random images (HWC, concatenated), seeded by `seed`. */
export function smoothImages(spec: ImageSpec, count: number, seed: number): Float32Array {
  const { height, width, channels, lo, hi } = spec;
  const size = height * width * channels;
  const out = new Float32Array(size * count);
  const random = seededRandom(seed);
  const plane = new Float32Array(height * width);
  for (let k = 0; k < count; k++) {
    // A shared luminance pattern, tinted per channel: colour images are mostly correlated across channels.
    fillPattern(plane, height, width, random);
    const brightness = 0.15 + 0.7 * random();
    const contrast = 0.2 + 0.8 * random();
    for (let c = 0; c < channels; c++) {
      const tint = 0.8 + 0.4 * random();
      const base = k * size + c;
      for (let p = 0; p < height * width; p++) {
        const v = Math.min(1, Math.max(0, (brightness + contrast * (plane[p]! - 0.5)) * tint));
        out[base + p * channels] = lo + (hi - lo) * v;
      }
    }
  }
  return out;
}

// Values roughly in [0, 1]: a few plane waves plus a few Gaussian blobs, normalised.
function fillPattern(plane: Float32Array, height: number, width: number, random: () => number): void {
  plane.fill(0);
  const waves = 2 + Math.floor(random() * 3);
  for (let w = 0; w < waves; w++) {
    const fx = (random() * 4) / width;
    const fy = (random() * 4) / height;
    const phase = random() * 2 * Math.PI;
    const amp = 0.5 + random();
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const p = y * width + x;
        plane[p] = plane[p]! + amp * Math.cos(2 * Math.PI * (fx * x + fy * y) + phase);
      }
  }
  const blobs = 1 + Math.floor(random() * 4);
  for (let b = 0; b < blobs; b++) {
    const cx = random() * width;
    const cy = random() * height;
    const r = (0.08 + 0.3 * random()) * Math.min(width, height);
    const amp = (random() < 0.5 ? -1 : 1) * (1 + 2 * random());
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const p = y * width + x;
        plane[p] = plane[p]! + amp * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * r * r));
      }
  }
  let min = Infinity;
  let max = -Infinity;
  for (const v of plane) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const span = max - min || 1;
  for (let i = 0; i < plane.length; i++) plane[i] = (plane[i]! - min) / span;
}

/** `count` values spread evenly over [lo, hi] with a seeded jitter (one per sample). */
export function spreadScalars(lo: number, hi: number, count: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: count }, (_, i) => lo + ((hi - lo) * (i + random())) / count);
}
