// Every kernel on a 25M-element float32 tensor (100 MB), WebAssembly SIMD against the plain TypeScript
// twin: median wall time and GB/s of float data (25M × 4 bytes, whichever side of the kernel the floats
// are on), and the speed-up. The range searches work on a histogram instead, so they print time only.
// Issue 4 target: per-channel int8 quantization ≥ 1 GB/s and ≥ 3× the plain loop.
import { jsKernels, wasmKernelMemoryBytes, wasmKernels } from '../../src/kernels';
import type { Kernels } from '../../src/kernels';
import { seededRandom } from '../../src/core/util/random';
import { medianMs, section } from './measure';

const N = 25_000_000;
const FLOAT_BYTES = N * 4;

interface Case {
  name: string;
  run: (k: Kernels) => unknown;
  /** Float bytes the kernel reads or writes per call; undefined for the histogram searches. */
  bytes?: number;
}

function cases(): Case[] {
  const random = seededRandom(2024);
  const x = new Float32Array(N);
  for (let i = 0; i < N; i++) x[i] = (random() + random() + random() - 1.5) * 2; // bell-shaped weights
  const y = x.map((v, i) => v + (i % 7) * 1e-3);
  const rows = { outer: 1, channels: 1000, inner: 25_000 }; // Conv / Gemm weights, channel axis first
  const lastAxis = { outer: 25_000, channels: 1000, inner: 1 }; // MatMul [K, N] or TFLite depthwise: channel axis last
  const perChannel = (layout: typeof rows) => ({
    scale: new Float32Array(layout.channels).map((_, c) => (3 + (c % 5)) / 127),
    zeroPoint: new Int32Array(layout.channels),
    layout,
  });
  const int8Symmetric = { qmin: -127, qmax: 127, rounding: 'half-away' as const };
  const perTensor = {
    scale: new Float32Array([6 / 255]),
    zeroPoint: new Int32Array([-3]),
    qmin: -128,
    qmax: 127,
    rounding: 'half-even' as const,
  };
  const q8 = new Int8Array(N);
  jsKernels.quantize(x, { ...perChannel(rows), ...int8Symmetric }, q8);
  const int4 = new Int8Array(N).map((_, i) => (i % 16) - 8);
  const packed = new Uint8Array(N / 2);
  const halves = new Uint16Array(N);
  jsKernels.float32ToFloat16(x, halves);
  const f32 = new Float32Array(N);
  const bins = new Float64Array(2048);
  jsKernels.absHistogram(x, 6, bins);
  const histogram = new Float64Array(2048);
  const channelCounts = new Float64Array(1000 * 128);
  const { min, max } = jsKernels.minMaxPerChannel(x, rows);

  return [
    { name: 'minMax', bytes: FLOAT_BYTES, run: (k) => k.minMax(x) },
    { name: 'minMaxPerChannel (1000 ch × 25000)', bytes: FLOAT_BYTES, run: (k) => k.minMaxPerChannel(x, rows) },
    {
      name: 'minMaxPerChannel (25000 × 1000 ch, inner 1)',
      bytes: FLOAT_BYTES,
      run: (k) => k.minMaxPerChannel(x, lastAxis),
    },
    { name: 'histogram (2048 bins)', bytes: FLOAT_BYTES, run: (k) => k.histogram(x, -6, 6, histogram) },
    { name: 'absHistogram (2048 bins)', bytes: FLOAT_BYTES, run: (k) => k.absHistogram(x, 6, histogram) },
    {
      name: 'histogramPerChannel (1000 ch × 128 bins)',
      bytes: FLOAT_BYTES,
      run: (k) => k.histogramPerChannel(x, rows, min, max, 128, channelCounts),
    },
    {
      name: 'quantize int8 per-tensor (ONNX, half-even)',
      bytes: FLOAT_BYTES,
      run: (k) => k.quantize(x, perTensor, q8),
    },
    {
      name: 'quantize int8 per-channel (TFLite, 1000 ch × 25000)',
      bytes: FLOAT_BYTES,
      run: (k) => k.quantize(x, { ...perChannel(rows), ...int8Symmetric }, q8),
    },
    {
      name: 'quantize int8 per-channel (25000 × 1000 ch, inner 1)',
      bytes: FLOAT_BYTES,
      run: (k) => k.quantize(x, { ...perChannel(lastAxis), ...int8Symmetric }, q8),
    },
    {
      name: 'quantize int4 per-channel (in int8)',
      bytes: FLOAT_BYTES,
      run: (k) => k.quantize(x, { ...perChannel(rows), qmin: -8, qmax: 7, rounding: 'half-even' }, q8),
    },
    {
      name: 'fakeQuantize int8 per-channel',
      bytes: FLOAT_BYTES,
      run: (k) => k.fakeQuantize(x, { ...perChannel(rows), ...int8Symmetric }, f32),
    },
    { name: 'dequantize int8 per-channel', bytes: FLOAT_BYTES, run: (k) => k.dequantize(q8, perChannel(rows), f32) },
    { name: 'errorStats', bytes: FLOAT_BYTES, run: (k) => k.errorStats(x, y) },
    { name: 'packInt4', bytes: FLOAT_BYTES, run: (k) => k.packInt4(int4, packed) },
    { name: 'unpackInt4 (signed)', bytes: FLOAT_BYTES, run: (k) => k.unpackInt4(packed, N, true, int4) },
    { name: 'float32ToFloat16', bytes: FLOAT_BYTES, run: (k) => k.float32ToFloat16(x, halves) },
    { name: 'float16ToFloat32', bytes: FLOAT_BYTES, run: (k) => k.float16ToFloat32(halves, f32) },
    { name: 'percentileRange (2048 bins, 99.99)', run: (k) => k.percentileRange(bins, 0, 6, 99.99) },
    { name: 'entropyThreshold (2048 bins, 128 levels)', run: (k) => k.entropyThreshold(bins, 6, 128) },
    { name: 'mseRange (2048 bins, 256 levels)', run: (k) => k.mseRange(bins, 0, 6, 256) },
  ];
}

const gbps = (bytes: number | undefined, ms: number): string =>
  bytes === undefined ? '' : (bytes / 1e6 / ms).toFixed(2);

export async function benchKernels(runs = 5): Promise<void> {
  const wasm = wasmKernels();
  section(`Kernels, ${N / 1e6}M float32 elements (medians of ${runs}; GB/s of float data)`);
  if (!wasm) {
    console.log('  WebAssembly SIMD is not available here: nothing to compare.');
    return;
  }
  console.log(
    `  ${'kernel'.padEnd(54)} ${'wasm ms'.padStart(8)} ${'GB/s'.padStart(6)} ${'js ms'.padStart(8)} ${'GB/s'.padStart(6)} ${'speed-up'.padStart(8)}`,
  );
  for (const c of cases()) {
    const w = await medianMs(() => c.run(wasm), runs);
    const j = await medianMs(() => c.run(jsKernels), runs);
    console.log(
      `  ${c.name.padEnd(54)} ${w.toFixed(1).padStart(8)} ${gbps(c.bytes, w).padStart(6)} ${j.toFixed(1).padStart(8)} ${gbps(c.bytes, j).padStart(6)} ${(j / w).toFixed(1).padStart(7)}×`,
    );
  }
  console.log(
    `  WebAssembly linear memory after all of it: ${(wasmKernelMemoryBytes() / 1024).toFixed(0)} KB (tensors stream through in chunks)`,
  );
}

// `npx tsx scripts/bench/kernels.ts` runs this area alone.
if (import.meta.url === `file://${process.argv[1]}`) await benchKernels();
