// Reductions over any set of axes, and softmax along one axis (shared by ONNX and TFLite).
import { sizeOf, stridesOf } from '../shape-util';

/** How a reduction accumulates (in double precision) and finishes. */
export interface Reducer {
  readonly init: number;
  readonly add: (acc: number, v: number) => number;
  /** From the accumulated value and the number of elements reduced. */
  readonly finish?: (acc: number, count: number) => number;
}

/** Reduces `x` over `axes` into `out` (the kept dims in order); returns the kept-dims shape. */
export function reduceAxes(
  x: Float32Array,
  shape: readonly number[],
  axes: ReadonlySet<number>,
  r: Reducer,
  out: Float32Array,
): void {
  const rank = shape.length;
  const keptShape = shape.map((d, i) => (axes.has(i) ? 1 : d));
  const keptStrides = stridesOf(keptShape);
  // Output stride of each input dim: 0 along reduced dims.
  const outStride = shape.map((_, i) => (axes.has(i) ? 0 : keptStrides[i]!));
  const acc = new Float64Array(out.length).fill(r.init);
  const count = sizeOf(shape.filter((_, i) => axes.has(i)));
  if (rank === 0) {
    acc[0] = r.add(r.init, x[0]!);
  } else if (x.length > 0) {
    const inner = shape[rank - 1]!;
    const innerStride = outStride[rank - 1]!;
    const counter = new Array<number>(rank).fill(0);
    let o = 0;
    let k = 0;
    for (;;) {
      for (let j = 0, p = o; j < inner; j++, p += innerStride) acc[p] = r.add(acc[p]!, x[k++]!);
      let d = rank - 2;
      for (; d >= 0; d--) {
        counter[d]!++;
        o += outStride[d]!;
        if (counter[d]! < shape[d]!) break;
        o -= outStride[d]! * shape[d]!;
        counter[d] = 0;
      }
      if (d < 0) break;
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = r.finish ? r.finish(acc[i]!, count) : acc[i]!;
}

/**
 * Softmax (or log-softmax) of exp(beta·x) along the middle dim of an [outer, n, inner] view, computed
 * against each row's maximum so large inputs do not overflow.
 */
export function softmaxData(
  x: Float32Array,
  out: Float32Array,
  outer: number,
  n: number,
  inner: number,
  beta: number,
  log: boolean,
): void {
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let max = -Infinity;
      for (let k = 0; k < n; k++) max = Math.max(max, x[base + k * inner]!);
      let sum = 0;
      for (let k = 0; k < n; k++) sum += Math.exp(beta * (x[base + k * inner]! - max));
      const logSum = Math.log(sum);
      for (let k = 0; k < n; k++) {
        const z = beta * (x[base + k * inner]! - max);
        out[base + k * inner] = log ? z - logSum : Math.exp(z) / sum;
      }
    }
}
