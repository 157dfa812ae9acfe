// The pruning and clustering kernels (issue 5), WebAssembly SIMD against the plain TypeScript twin: median
// wall time per figure and the speed-up. Issue 5 targets (WebAssembly): k-means with k = 16 on 5M weights
// under 300 ms, and a global magnitude threshold on 25M weights under 300 ms (selection plus the masks of
// all layers).
import { jsKernels, wasmKernelMemoryBytes, wasmKernels } from '../../src/kernels';
import type { Kernels } from '../../src/kernels';
import { seededRandom } from '../../src/core/util/random';
import { medianMs, section } from './measure';

const LAYERS = 50;
const LAYER = 500_000; // 50 × 500k = 25M weights
const KMEANS_N = 5_000_000;

/** Bell-shaped weights with a per-layer scale, as trained layers have. */
function bell(n: number, scale: number, random: () => number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = (random() + random() + random() - 1.5) * scale;
  return x;
}

interface Case {
  name: string;
  run: (k: Kernels) => unknown;
  /** Printed after the figures (e.g. what the run converged to). */
  note?: (k: Kernels) => string;
  target?: number;
}

/** Prunes `sparsity` of all layers with one global threshold: selection, then every layer's mask. */
function globalPrune(k: Kernels, layers: Float32Array[], masks: Uint8Array[], sparsity: number): number {
  const total = layers.reduce((s, l) => s + l.length, 0);
  const count = Math.round(total * sparsity);
  const { threshold, below } = k.selectMagnitude(layers, count);
  let ties = count - below;
  for (let i = 0; i < layers.length; i++) ties -= k.magnitudeMask(layers[i]!, threshold, ties, masks[i]!);
  return threshold;
}

function linearInit(x: Float32Array, k: number): Float32Array {
  const { min, max } = jsKernels.minMax(x);
  return new Float32Array(k).map((_, j) => min + ((max - min) * (j + 0.5)) / k);
}

function cases(): Case[] {
  const random = seededRandom(5);
  const layers = Array.from({ length: LAYERS }, (_, l) => bell(LAYER, 0.02 * (1 + (l % 7)), random));
  const masks = layers.map((l) => new Uint8Array(l.length));
  const weights = bell(KMEANS_N, 0.05, random);
  const indices = new Uint8Array(KMEANS_N);
  const kmeans = (k: Kernels, clusters: number, iterations: number) => {
    return k.kmeans1d(weights, linearInit(weights, clusters), indices, iterations);
  };
  const kmeansNote = (clusters: number, iterations: number) => (k: Kernels) => {
    const r = kmeans(k, clusters, iterations);
    return `${r.iterations} iterations, inertia ${r.inertia.toPrecision(6)}`;
  };
  const gemm = { outer: 5000, channels: 5000, inner: 1 }; // [N, K], 2:4 along K
  const conv = { outer: 512, channels: 5425, inner: 9 }; // ≈ 25M, 3 × 3 kernels, groups across input channels
  const convSize = conv.outer * conv.channels * conv.inner;
  const all = new Float32Array(25_000_000);
  layers.forEach((l, i) => all.set(l, i * LAYER));
  const mask = new Uint8Array(all.length);
  const symbols = new Uint8Array(KMEANS_N).map((_, i) => Math.min(15, Math.abs(Math.round(weights[i]! * 100)))); // skewed
  const counts = new Float64Array(256);
  const lengths = new Uint8Array(256);

  return [
    {
      name: 'global magnitude threshold, 25M in 50 layers, 50 %',
      run: (k) => globalPrune(k, layers, masks, 0.5),
      target: 300,
    },
    {
      name: 'global magnitude threshold, 25M in 50 layers, 90 %',
      run: (k) => globalPrune(k, layers, masks, 0.9),
      target: 300,
    },
    { name: '  selectMagnitude alone (25M, 90 %)', run: (k) => k.selectMagnitude(layers, 22_500_000) },
    {
      name: 'k-means k = 16, 5M, 30 iterations at most',
      run: (k) => kmeans(k, 16, 30),
      note: kmeansNote(16, 30),
      target: 300,
    },
    {
      name: 'k-means k = 16, 5M, to convergence',
      run: (k) => kmeans(k, 16, 100_000),
      note: kmeansNote(16, 100_000),
      target: 300,
    },
    {
      name: 'k-means k = 256, 5M, to convergence',
      run: (k) => kmeans(k, 256, 100_000),
      note: kmeansNote(256, 100_000),
    },
    { name: '2:4 mask, 25M, [5000, 5000] along the last axis', run: (k) => k.nmMask(all, gemm, 2, 4, mask) },
    {
      name: '2:4 mask, 25M, [512, 5425, 3×3] along channels',
      run: (k) => k.nmMask(all.subarray(0, convSize), conv, 2, 4, mask.subarray(0, convSize)),
    },
    {
      name: 'Huffman: countSymbols (5M) + huffmanLengths',
      run: (k) => {
        counts.fill(0);
        k.countSymbols(symbols, counts);
        return k.huffmanLengths(counts, lengths);
      },
      note: (k) => {
        counts.fill(0);
        k.countSymbols(symbols, counts);
        return `${(k.huffmanLengths(counts, lengths) / KMEANS_N).toFixed(3)} bits per index`;
      },
    },
  ];
}

export async function benchPruneCluster(runs = 5): Promise<void> {
  const wasm = wasmKernels();
  section(`Pruning and clustering kernels (medians of ${runs}; targets are for WebAssembly)`);
  if (!wasm) {
    console.log('  WebAssembly SIMD is not available here: nothing to compare.');
    return;
  }
  console.log(`  ${'kernel'.padEnd(54)} ${'wasm ms'.padStart(8)} ${'js ms'.padStart(8)} ${'speed-up'.padStart(8)}`);
  for (const c of cases()) {
    const w = await medianMs(() => c.run(wasm), runs);
    const j = await medianMs(() => c.run(jsKernels), Math.min(runs, 3));
    const target = c.target ? `  (target < ${c.target} ms)` : '';
    console.log(
      `  ${c.name.padEnd(54)} ${w.toFixed(1).padStart(8)} ${j.toFixed(1).padStart(8)} ${(j / w).toFixed(1).padStart(7)}×${target}`,
    );
    if (c.note) console.log(`  ${''.padEnd(4)}wasm: ${c.note(wasm)}; js: ${c.note(jsKernels)}`);
  }
  console.log(`  WebAssembly linear memory after all of it: ${(wasmKernelMemoryBytes() / 1024).toFixed(0)} KB`);
}

// `npx tsx scripts/bench/prune-cluster.ts` runs this area alone.
if (import.meta.url === `file://${process.argv[1]}`) await benchPruneCluster();
