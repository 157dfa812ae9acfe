// What the compiled module exports (src/kernels/assembly/index.ts). Pointers are byte offsets; bool
// parameters are passed as 0 / 1.
import type { WasmMemory } from './runtime';

type Ptr = number;
type Flag = number;

/** The channel walk every per-channel kernel takes (see src/kernels/assembly/quantize.ts). */
type Walk = [channels: number, inner: number, c0: number, p0: number];

export interface KernelExports {
  readonly memory: WasmMemory;
  heapBase(): Ptr;

  quantizeI8(
    x: Ptr,
    out: Ptr,
    n: number,
    ...rest: [...Walk, expanded: Flag, scales: Ptr, zeros: Ptr, lo: number, hi: number, halfEven: Flag]
  ): number;
  quantizeU8(
    x: Ptr,
    out: Ptr,
    n: number,
    ...rest: [...Walk, expanded: Flag, scales: Ptr, zeros: Ptr, lo: number, hi: number, halfEven: Flag]
  ): number;
  quantizeI16(
    x: Ptr,
    out: Ptr,
    n: number,
    ...rest: [...Walk, expanded: Flag, scales: Ptr, zeros: Ptr, lo: number, hi: number, halfEven: Flag]
  ): number;
  quantizeU16(
    x: Ptr,
    out: Ptr,
    n: number,
    ...rest: [...Walk, expanded: Flag, scales: Ptr, zeros: Ptr, lo: number, hi: number, halfEven: Flag]
  ): number;
  quantizeI32(
    x: Ptr,
    out: Ptr,
    n: number,
    ...rest: [...Walk, expanded: Flag, scales: Ptr, zeros: Ptr, lo: number, hi: number, halfEven: Flag]
  ): number;
  fakeQuantize(
    x: Ptr,
    out: Ptr,
    n: number,
    ...rest: [...Walk, expanded: Flag, scales: Ptr, zeros: Ptr, lo: number, hi: number, halfEven: Flag]
  ): number;
  quantizeWide(
    x: Ptr,
    out: Ptr,
    n: number,
    ...rest: [...Walk, scales: Ptr, zeros: Ptr, qmin: number, qmax: number, halfEven: Flag, fake: Flag]
  ): number;

  dequantizeI8(q: Ptr, out: Ptr, n: number, ...rest: [...Walk, expanded: Flag, scales: Ptr, zeros: Ptr]): void;
  dequantizeU8(q: Ptr, out: Ptr, n: number, ...rest: [...Walk, expanded: Flag, scales: Ptr, zeros: Ptr]): void;
  dequantizeI16(q: Ptr, out: Ptr, n: number, ...rest: [...Walk, expanded: Flag, scales: Ptr, zeros: Ptr]): void;
  dequantizeU16(q: Ptr, out: Ptr, n: number, ...rest: [...Walk, expanded: Flag, scales: Ptr, zeros: Ptr]): void;
  dequantizeI32(q: Ptr, out: Ptr, n: number, ...rest: [...Walk, scales: Ptr, zeros: Ptr]): void;

  minMaxChannels(x: Ptr, n: number, ...rest: [...Walk, expanded: Flag, accMin: Ptr, accMax: Ptr]): void;
  histogram(
    x: Ptr,
    n: number,
    lo: number,
    factor: number,
    last: number,
    counts: Ptr,
    stride: number,
    absolute: Flag,
  ): void;
  histogramChannels(
    x: Ptr,
    n: number,
    ...rest: [...Walk, lows: Ptr, factors: Ptr, bins: number, counts: Ptr, stride: number]
  ): void;
  errorSums(ref: Ptr, test: Ptr, n: number, acc: Ptr): void;

  percentileRange(counts: Ptr, bins: number, lo: number, hi: number, percentile: number, out: Ptr): void;
  entropyThreshold(counts: Ptr, bins: number, hi: number, levels: number, scratch: Ptr): number;
  mseRange(counts: Ptr, bins: number, lo: number, hi: number, levels: number, steps: number, out: Ptr): void;

  packInt4(q: Ptr, out: Ptr, n: number): void;
  unpackInt4(packed: Ptr, out: Ptr, bytes: number, signed: Flag): void;
  float32ToFloat16(x: Ptr, out: Ptr, n: number): void;
  float16ToFloat32(h: Ptr, out: Ptr, n: number): void;

  magnitudeHigh(x: Ptr, n: number, counts: Ptr, stride: number): void;
  magnitudeLow(x: Ptr, n: number, high: number, counts: Ptr): void;
  magnitudeMask(x: Ptr, out: Ptr, n: number, thresholdKey: number, ties: number): number;
  nmMask(x: Ptr, out: Ptr, blocks: number, channels: number, inner: number, n: number, m: number): number;
  kmeansHistogram(x: Ptr, n: number, lo: number, factor: number, counts: Ptr, sums: Ptr): void;
  kmeansGather(x: Ptr, n: number, lo: number, factor: number, active: Ptr, out: Ptr): number;
  kmeansAssign(
    x: Ptr,
    n: number,
    lo: number,
    factor: number,
    table: Ptr,
    mids: Ptr,
    top: number,
    canon: Ptr,
    centroids: Ptr,
    k: number,
    infinityIndex: number,
    indices: Ptr,
    counts4: Ptr,
    sums4: Ptr,
    inertia4: Ptr,
  ): void;
  countSymbols(symbols: Ptr, n: number, counts: Ptr, stride: number): void;
  huffmanLengths(counts: Ptr, size: number, out: Ptr, scratch: Ptr): void;
}
