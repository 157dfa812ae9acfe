// The plain TypeScript kernels: the fallback where WebAssembly SIMD is missing and the oracle in tests.
import type { Kernels } from '../types';
import { kmeansDriver, jsKmeansPasses } from './cluster';
import { errorStats } from './error-stats';
import { float16ToFloat32, float32ToFloat16 } from './float16';
import { absHistogram, histogram, histogramPerChannel } from './histogram';
import { countSymbols, huffmanLengths } from './huffman';
import { packInt4, unpackInt4 } from './int4';
import { minMax, minMaxPerChannel } from './min-max';
import { magnitudeMask, nmMask, selectMagnitude } from './prune';
import { dequantize, fakeQuantize, quantize } from './quantize';
import { entropyThreshold, mseRange, percentileRange } from './range-search';

export const jsKernels: Kernels = {
  backend: 'js',
  minMax,
  minMaxPerChannel,
  histogram,
  absHistogram,
  histogramPerChannel,
  quantize,
  dequantize,
  fakeQuantize,
  errorStats,
  percentileRange,
  entropyThreshold,
  mseRange,
  packInt4,
  unpackInt4,
  float32ToFloat16,
  float16ToFloat32,
  selectMagnitude,
  magnitudeMask,
  nmMask,
  kmeans1d: (x, centroids, indices, maxIterations) =>
    kmeansDriver(x, centroids, indices, maxIterations, jsKmeansPasses(minMax)),
  countSymbols,
  huffmanLengths,
};
