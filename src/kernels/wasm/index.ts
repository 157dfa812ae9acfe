// The WebAssembly SIMD backend: instantiates the embedded module (synchronously: the kernels run in
// workers and in Node, where synchronous compilation of a module this size is allowed) and wraps its
// exports in the Kernels contract. Anything the module cannot take (memory it cannot grow, an integer
// range the output type cannot hold) goes to the TypeScript twin, which gives the same results.
import { KERNELS_WASM_BASE64 } from '../build/kernels-wasm';
import { jsKernels } from '../js';
import { kmeansDriver } from '../js/cluster';
import type { Kernels } from '../types';
import type { WasmContext } from './context';
import type { KernelExports } from './exports';
import { wasmKmeansPasses } from './cluster';
import { float16ToFloat32Wasm, float32ToFloat16Wasm, packInt4Wasm, unpackInt4Wasm } from './convert';
import { Heap, orFallback } from './heap';
import { countSymbolsWasm, huffmanLengthsWasm } from './huffman';
import { magnitudeMaskWasm, nmMaskWasm, selectMagnitudeWasm } from './prune';
import { dequantizeWasm, quantizeWasm } from './quantize';
import { entropyThresholdWasm, mseRangeWasm, percentileRangeWasm } from './ranges';
import { decodeBase64, hasWasmSimd, wasmApi, type WasmMemory } from './runtime';
import { errorStatsWasm, histogramPerChannelWasm, histogramWasm, minMaxPerChannelWasm, minMaxWasm } from './statistics';

/** `work` on the module, falling back to the twin's `fallback` when the module's memory cannot grow. */
function guard<A extends unknown[], R>(work: (...args: A) => R, fallback: (...args: A) => R): (...args: A) => R {
  return (...args) =>
    orFallback(
      () => work(...args),
      () => fallback(...args),
    );
}

export function createWasmKernels(ctx: WasmContext): Kernels {
  const js = jsKernels;
  // quantize / fakeQuantize / dequantize also hand over (undefined / false) what the module cannot do.
  const none = (): undefined => undefined;
  const refuse = (): boolean => false;
  const kmeansPasses = wasmKmeansPasses(ctx, (x) => minMaxWasm(ctx, x));
  return {
    backend: 'wasm-simd',
    minMax: guard((x) => minMaxWasm(ctx, x), js.minMax),
    minMaxPerChannel: guard((x, layout) => minMaxPerChannelWasm(ctx, x, layout), js.minMaxPerChannel),
    histogram: guard((x, lo, hi, counts) => histogramWasm(ctx, x, lo, hi, counts, false), js.histogram),
    absHistogram: guard((x, hi, counts) => histogramWasm(ctx, x, 0, hi, counts, true), js.absHistogram),
    histogramPerChannel: guard(
      (x, layout, lo, hi, bins, counts) => histogramPerChannelWasm(ctx, x, layout, lo, hi, bins, counts),
      js.histogramPerChannel,
    ),
    quantize: (x, params, out) =>
      orFallback(() => quantizeWasm(ctx, 'quantize', x, params, out, false), none) ?? js.quantize(x, params, out),
    fakeQuantize: (x, params, out) =>
      orFallback(() => quantizeWasm(ctx, 'fakeQuantize', x, params, out, true), none) ??
      js.fakeQuantize(x, params, out),
    dequantize: (q, params, out) => {
      if (!orFallback(() => dequantizeWasm(ctx, q, params, out), refuse)) js.dequantize(q, params, out);
    },
    errorStats: guard((reference, test) => errorStatsWasm(ctx, reference, test), js.errorStats),
    percentileRange: guard((counts, lo, hi, p) => percentileRangeWasm(ctx, counts, lo, hi, p), js.percentileRange),
    entropyThreshold: guard((counts, hi, levels) => entropyThresholdWasm(ctx, counts, hi, levels), js.entropyThreshold),
    mseRange: guard((counts, lo, hi, levels) => mseRangeWasm(ctx, counts, lo, hi, levels), js.mseRange),
    packInt4: guard((q, out) => packInt4Wasm(ctx, q, out), js.packInt4),
    unpackInt4: guard((packed, count, signed, out) => unpackInt4Wasm(ctx, packed, count, signed, out), js.unpackInt4),
    float32ToFloat16: guard((x, out) => float32ToFloat16Wasm(ctx, x, out), js.float32ToFloat16),
    float16ToFloat32: guard((h, out) => float16ToFloat32Wasm(ctx, h, out), js.float16ToFloat32),
    selectMagnitude: guard((parts, k) => selectMagnitudeWasm(ctx, parts, k), js.selectMagnitude),
    magnitudeMask: guard((x, t, ties, out) => magnitudeMaskWasm(ctx, x, t, ties, out), js.magnitudeMask),
    nmMask: guard((x, layout, n, m, out) => nmMaskWasm(ctx, x, layout, n, m, out), js.nmMask),
    // The driver is the twin's; only its passes over x run in the module.
    kmeans1d: guard(
      (x, centroids, indices, maxIterations) => kmeansDriver(x, centroids, indices, maxIterations, kmeansPasses),
      js.kmeans1d,
    ),
    countSymbols: guard((symbols, counts) => countSymbolsWasm(ctx, symbols, counts), js.countSymbols),
    huffmanLengths: guard((counts, out) => huffmanLengthsWasm(ctx, counts, out), js.huffmanLengths),
  };
}

let memory: WasmMemory | undefined;

/** Bytes of linear memory the instantiated kernels hold (0 before instantiation): stays small, reused. */
export function wasmKernelMemoryBytes(): number {
  return memory?.buffer.byteLength ?? 0;
}

/** Compiles and instantiates the embedded module; undefined where WebAssembly SIMD is unavailable. */
export function instantiateWasmKernels(): Kernels | undefined {
  const api = wasmApi();
  if (!api || !hasWasmSimd()) return undefined;
  try {
    const module = new api.Module(decodeBase64(KERNELS_WASM_BASE64));
    // The range searches take the host's logarithm so both backends compute the same divergences.
    const instance = new api.Instance(module, { env: { log: Math.log } });
    const exports = instance.exports as KernelExports;
    memory = exports.memory;
    return createWasmKernels({ exports, heap: new Heap(exports.memory, exports.heapBase()) });
  } catch {
    // E.g. a browser main thread that refuses synchronous compilation: the twin does the work.
    return undefined;
  }
}
