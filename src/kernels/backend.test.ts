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
