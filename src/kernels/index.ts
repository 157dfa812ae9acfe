// The kernels the rest of the code calls: `getKernels()` gives the WebAssembly SIMD backend when it can
// run here, else the TypeScript twin. The choice can be forced with `setKernelBackend` (tests,
// benchmarks) or, where there is a process environment, SCALEDOWN_KERNELS=js|wasm.
import { jsKernels } from './js';
import type { Kernels } from './types';
import { instantiateWasmKernels } from './wasm';

export { wasmKernelMemoryBytes } from './wasm';

export type { AffineParams, ChannelLayout, ErrorStats, Kernels, QuantArray, QuantizeParams, Rounding } from './types';
export { jsKernels };

/** 'auto': WebAssembly SIMD when available, else TypeScript; 'js' / 'wasm' force one. */
export type KernelBackend = 'auto' | 'js' | 'wasm';

let wasm: Kernels | null | undefined; // undefined: not tried yet; null: unavailable here
let choice: KernelBackend | undefined;

/** The WebAssembly SIMD kernels, or undefined where this engine cannot run them. Instantiated once. */
export function wasmKernels(): Kernels | undefined {
  if (wasm === undefined) wasm = instantiateWasmKernels() ?? null;
  return wasm ?? undefined;
}

function environmentChoice(): KernelBackend {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.SCALEDOWN_KERNELS;
  return value === 'js' || value === 'wasm' ? value : 'auto';
}

/** Forces a backend ('wasm' throws where WebAssembly SIMD is unavailable). */
export function setKernelBackend(backend: KernelBackend): void {
  if (backend === 'wasm' && !wasmKernels())
    throw new Error('WebAssembly SIMD kernels are not available in this environment.');
  choice = backend;
}

/** The kernels to use. */
export function getKernels(): Kernels {
  const backend = choice ?? environmentChoice();
  if (backend === 'js') return jsKernels;
  const fast = wasmKernels();
  if (fast) return fast;
  if (backend === 'wasm') throw new Error('WebAssembly SIMD kernels are not available in this environment.');
  return jsKernels;
}
