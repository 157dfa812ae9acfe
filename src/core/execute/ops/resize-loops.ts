// Resizing one axis at a time: nearest and linear sampling are separable, so an N-D (bi)linear resize is
// a chain of 1-D resizes. Each output position along the axis reads two input positions with weights.
import { sizeOf } from '../shape-util';

/** For every output position: the two input positions it blends and the weight of the second. */
export interface AxisSampler {
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly frac: Float32Array;
}

/** Nearest-neighbour sampling from the chosen input index of each output position. */
export function nearestSampler(outSize: number, index: (o: number) => number, inSize: number): AxisSampler {
  const lo = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) lo[o] = Math.min(inSize - 1, Math.max(0, index(o)));
  return { lo, hi: lo, frac: new Float32Array(outSize) };
}

/**
 * Linear sampling at input coordinate `coord(o)`, clamped into [0, inSize − 1] (the same as reading
 * beyond the edge as the edge value).
 */
export function linearSampler(outSize: number, coord: (o: number) => number, inSize: number): AxisSampler {
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const frac = new Float32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const c = Math.min(inSize - 1, Math.max(0, coord(o)));
    const f = Math.floor(c);
    lo[o] = f;
    hi[o] = Math.min(inSize - 1, f + 1);
    frac[o] = c - f;
  }
  return { lo, hi, frac };
}

/** Resamples `axis` of `x` to `sampler.lo.length` positions; returns the new shape. */
export function resizeAxis(
  x: Float32Array,
  shape: readonly number[],
  axis: number,
  sampler: AxisSampler,
  out: Float32Array,
): number[] {
  const outSize = sampler.lo.length;
  const outer = sizeOf(shape.slice(0, axis));
  const inSize = shape[axis]!;
  const inner = sizeOf(shape.slice(axis + 1));
  const { lo, hi, frac } = sampler;
  for (let b = 0; b < outer; b++)
    for (let o = 0; o < outSize; o++) {
      const a = (b * inSize + lo[o]!) * inner;
      const c = (b * inSize + hi[o]!) * inner;
      const t = frac[o]!;
      const dst = (b * outSize + o) * inner;
      if (t === 0) for (let k = 0; k < inner; k++) out[dst + k] = x[a + k]!;
      else for (let k = 0; k < inner; k++) out[dst + k] = x[a + k]! * (1 - t) + x[c + k]! * t;
    }
  const next = [...shape];
  next[axis] = outSize;
  return next;
}
