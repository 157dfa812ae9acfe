// The WebAssembly kernels (entry point of the build, scripts/build-kernels.mjs). Every function works
// on raw pointers into linear memory that the host (src/kernels/wasm) lays out and grows; nothing here
// allocates, so the module needs no runtime beyond the stub.
export { quantizeI8, quantizeU8, quantizeI16, quantizeU16, quantizeI32, fakeQuantize, quantizeWide } from './quantize';
export { dequantizeI8, dequantizeU8, dequantizeI16, dequantizeU16, dequantizeI32 } from './dequantize';
export { minMaxChannels } from './min-max';
export { histogram, histogramChannels } from './histogram';
export { errorSums } from './error-stats';
export { percentileRange, entropyThreshold, mseRange } from './range-search';
export { packInt4, unpackInt4 } from './int4';
export { float32ToFloat16, float16ToFloat32 } from './float16';
export { magnitudeHigh, magnitudeLow, magnitudeMask, nmMask } from './prune';
export { kmeansHistogram, kmeansGather, kmeansAssign } from './cluster';
export { countSymbols, huffmanLengths } from './huffman';

/** Where free memory starts (after the static data). */
export function heapBase(): usize {
  return __heap_base;
}
