// Data movement shared by ONNX and TFLite ops: strided copies (transpose, slice), concatenation,
// padding and gathering. All work on flat row-major buffers.
import { sizeOf, stridesOf } from '../shape-util';

/**
 * out[i₀, …, iₙ] = src[offset + Σ iₖ·strides[k]] for every index of `shape` (a strided view copied out:
 * transposes permute the strides, slices scale them by the step).
 */
export function copyStrided(
  src: Float32Array,
  offset: number,
  strides: readonly number[],
  shape: readonly number[],
  out: Float32Array,
): void {
  const rank = shape.length;
  const total = sizeOf(shape);
  if (total === 0) return;
  if (rank === 0) {
    out[0] = src[offset]!;
    return;
  }
  const inner = shape[rank - 1]!;
  const step = strides[rank - 1]!;
  const counter = new Array<number>(rank).fill(0);
  let base = offset;
  let k = 0;
  for (;;) {
    if (step === 1) for (let j = 0; j < inner; j++) out[k++] = src[base + j]!;
    else for (let j = 0, p = base; j < inner; j++, p += step) out[k++] = src[p]!;
    let d = rank - 2;
    for (; d >= 0; d--) {
      counter[d]!++;
      base += strides[d]!;
      if (counter[d]! < shape[d]!) break;
      base -= strides[d]! * shape[d]!;
      counter[d] = 0;
    }
    if (d < 0) return;
  }
}

/** The data of `x` with its axes permuted: out dim k is input dim perm[k]. */
export function transposeData(
  x: Float32Array,
  shape: readonly number[],
  perm: readonly number[],
  out: Float32Array,
): number[] {
  const strides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]!);
  copyStrided(
    x,
    0,
    perm.map((p) => strides[p]!),
    outShape,
    out,
  );
  return outShape;
}

/** Concatenates tensors of equal shape apart from `axis`. */
export function concatData(
  parts: readonly { readonly shape: readonly number[]; readonly data: Float32Array }[],
  axis: number,
  out: Float32Array,
): void {
  const first = parts[0]!;
  const outer = sizeOf(first.shape.slice(0, axis));
  let at = 0;
  for (let o = 0; o < outer; o++)
    for (const p of parts) {
      const block = sizeOf(p.shape.slice(axis));
      out.set(p.data.subarray(o * block, (o + 1) * block), at);
      at += block;
    }
}

export type PadMode = 'constant' | 'reflect' | 'edge' | 'wrap';

/** Index of the input element an output position maps to along one dim (−1: the constant). */
function padIndex(i: number, size: number, mode: PadMode): number {
  if (i >= 0 && i < size) return i;
  switch (mode) {
    case 'constant':
      return -1;
    case 'edge':
      return i < 0 ? 0 : size - 1;
    case 'wrap':
      return ((i % size) + size) % size;
    case 'reflect': {
      if (size === 1) return 0;
      const period = 2 * (size - 1);
      const r = ((i % period) + period) % period;
      return r < size ? r : period - r;
    }
  }
}

/** Pads (or, with negative pads, crops) every dim; returns the output shape. */
export function padData(
  x: Float32Array,
  shape: readonly number[],
  begin: readonly number[],
  end: readonly number[],
  mode: PadMode,
  value: number,
  alloc: (n: number) => Float32Array,
): { shape: number[]; data: Float32Array } {
  const rank = shape.length;
  const outShape = shape.map((d, i) => d + begin[i]! + end[i]!);
  const out = alloc(sizeOf(outShape));
  if (out.length === 0) return { shape: outShape, data: out };
  if (rank === 0) {
    out[0] = x[0]!;
    return { shape: outShape, data: out };
  }
  const maps = outShape.map((o, d) =>
    Int32Array.from({ length: o }, (_, i) => padIndex(i - begin[d]!, shape[d]!, mode)),
  );
  const strides = stridesOf(shape);
  const inner = outShape[rank - 1]!;
  const innerMap = maps[rank - 1]!;
  const counter = new Array<number>(rank).fill(0);
  let k = 0;
  for (;;) {
    let base = 0;
    let outside = false;
    for (let d = 0; d < rank - 1; d++) {
      const m = maps[d]![counter[d]!]!;
      if (m < 0) outside = true;
      base += m * strides[d]!;
    }
    for (let j = 0; j < inner; j++) {
      const m = innerMap[j]!;
      out[k++] = outside || m < 0 ? value : x[base + m]!;
    }
    let d = rank - 2;
    for (; d >= 0; d--) {
      if (++counter[d]! < outShape[d]!) break;
      counter[d] = 0;
    }
    if (d < 0) break;
  }
  return { shape: outShape, data: out };
}

/** Gathers slices of `x` along `axis` at `indices` (already non-negative); out is [pre, indices…, post]. */
export function gatherData(
  x: Float32Array,
  shape: readonly number[],
  axis: number,
  indices: ArrayLike<number>,
  out: Float32Array,
): void {
  const outer = sizeOf(shape.slice(0, axis));
  const axisSize = shape[axis]!;
  const inner = sizeOf(shape.slice(axis + 1));
  let k = 0;
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < indices.length; j++) {
      const start = (o * axisSize + indices[j]!) * inner;
      out.set(x.subarray(start, start + inner), k);
      k += inner;
    }
}
