// Choosing a backend, and the WebAssembly backend's memory staying bounded and reused.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getKernels, jsKernels, setKernelBackend, wasmKernelMemoryBytes, wasmKernels } from './index';
import { testValues } from './test-support';
import { instantiateWasmKernels } from './wasm';
import { decodeBase64, hasWasmSimd } from './wasm/runtime';

describe('kernel backends', () => {
  afterEach(() => setKernelBackend('auto'));

  it('uses WebAssembly SIMD in Node by default and can be forced to the TypeScript twin', () => {
    expect(getKernels().backend).toBe('wasm-simd');
    setKernelBackend('js');
    expect(getKernels()).toBe(jsKernels);
    setKernelBackend('wasm');
    expect(getKernels().backend).toBe('wasm-simd');
  });

  it('streams big tensors through a small, reused memory', () => {
    const kernels = wasmKernels()!;
    const x = testValues(1_000_000, 1);
    const params = {
      scale: new Float32Array([0.02]),
      zeroPoint: new Int32Array([0]),
      qmin: -127,
      qmax: 127,
      rounding: 'half-even' as const,
    };
    const out = new Int8Array(x.length);
    const work = (): void => {
      kernels.quantize(x, params, out);
      kernels.errorStats(x, x);
      kernels.minMax(x);
    };
    work();
    const after = wasmKernelMemoryBytes();
    expect(after).toBeLessThan(1 << 20); // far below the 4 MB of the input: chunks, not copies
    for (let i = 0; i < 3; i++) work();
    expect(wasmKernelMemoryBytes()).toBe(after);
  });

  it('keeps the memory bounded for pruning and clustering too (after the test above: it measures from fresh)', () => {
    const kernels = wasmKernels()!;
    const parts = [testValues(1_500_000, 2), testValues(700_000, 3)];
    const mask = new Uint8Array(1_500_000);
    const indices = new Uint8Array(700_000);
    const work = (): void => {
      const { threshold, below } = kernels.selectMagnitude(parts, 1_000_000);
      kernels.magnitudeMask(parts[0]!, threshold, 1_000_000 - below, mask);
      kernels.nmMask(parts[0]!, { outer: 1, channels: 4, inner: 375_000 }, 2, 4, mask);
      kernels.kmeans1d(parts[1]!, new Float32Array([-3, -1, 1, 3]), indices, 20);
      kernels.countSymbols(indices, new Float64Array(256));
    };
    work();
    const after = wasmKernelMemoryBytes();
    expect(after).toBeLessThan(2 << 20); // histograms and one chunk, never a whole tensor
    work();
    expect(wasmKernelMemoryBytes()).toBe(after);
  });

  it('reports no WebAssembly backend where SIMD does not validate or WebAssembly is missing', () => {
    const real = globalThis.WebAssembly;
    vi.stubGlobal('WebAssembly', { validate: () => false, Module: real.Module, Instance: real.Instance });
    expect(hasWasmSimd()).toBe(false);
    expect(instantiateWasmKernels()).toBeUndefined();
    vi.stubGlobal('WebAssembly', undefined);
    expect(instantiateWasmKernels()).toBeUndefined();
    vi.unstubAllGlobals();
    expect(instantiateWasmKernels()?.backend).toBe('wasm-simd');
  });

  it('decodes base64', () => {
    expect([...decodeBase64('AGFzbQ==')]).toEqual([0, 0x61, 0x73, 0x6d]);
    expect([...decodeBase64('/+8')]).toEqual([0xff, 0xef]);
  });
});
