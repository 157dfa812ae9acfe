// kmeans1d: the WebAssembly passes against the TypeScript twin's. The driver is shared and both passes add
// in index order, so centroids, indices, iterations and inertia must all be identical.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/util/random';
import { jsKernels, wasmKernels } from '../index';
import { AWKWARD_LENGTHS, describeDifference, testValues } from '../test-support';

const wasm = wasmKernels();
if (!wasm) throw new Error('These tests need WebAssembly SIMD, which Node 20 has.');

function expectSameKmeans(x: Float32Array, init: Float32Array, maxIterations: number): void {
  const ca = init.slice();
  const cb = init.slice();
  const ia = new Uint8Array(x.length);
  const ib = new Uint8Array(x.length);
  const ra = jsKernels.kmeans1d(x, ca, ia, maxIterations);
  const rb = wasm!.kmeans1d(x, cb, ib, maxIterations);
  expect(rb).toEqual(ra);
  expect(describeDifference(ca, cb)).toBe('same');
  expect(describeDifference(ia, ib)).toBe('same');
}

const linear = (k: number, lo: number, hi: number): Float32Array =>
  new Float32Array(k).map((_, j) => lo + ((hi - lo) * (j + 0.5)) / k);

describe('kmeans1d: WebAssembly equals the TypeScript twin', () => {
  it('awkward lengths with ties and specials, k from 1 to 256', () => {
    for (const n of AWKWARD_LENGTHS) {
      for (const k of [1, 2, 16, 256]) {
        expectSameKmeans(testValues(n, n + k, { tieStep: 0.25 }), linear(k, -4, 4), 100);
        expectSameKmeans(testValues(n, n + k + 1, { specials: false }), linear(k, -4, 4), 30);
      }
    }
  });

  it('bell-shaped weights, pruned zeros, constant and tiny or huge ranges', () => {
    const random = seededRandom(3);
    const bell = new Float32Array(200000).map(() => (random() + random() + random() - 1.5) * 0.05);
    expectSameKmeans(bell, linear(16, -0.07, 0.07), 1000);
    expectSameKmeans(bell, linear(64, -0.07, 0.07), 50);
    expectSameKmeans(bell, linear(256, -0.07, 0.07), 2000);
    const sparse = bell.map((v, i) => (i % 5 ? 0 : v));
    expectSameKmeans(sparse, linear(8, -0.05, 0.05), 300);
    expectSameKmeans(new Float32Array(5000).fill(0.3), linear(4, 0, 1), 10);
    expectSameKmeans(testValues(30000, 4, { spread: 1e-30, specials: false }), linear(16, -1e-30, 1e-30), 300);
    expectSameKmeans(testValues(30000, 5, { spread: 1e37, specials: false }), linear(16, -1e37, 1e37), 300);
    expectSameKmeans(new Float32Array([NaN, NaN, Infinity]), linear(3, 0, 1), 10);
    expectSameKmeans(bell, linear(16, -0.07, 0.07), 0);
  });
});
