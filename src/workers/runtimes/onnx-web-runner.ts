// ONNX models in onnxruntime-web (WebAssembly backend) behind the core's `Runner`, for the engine worker.
// The runtime's loader script and wasm are served from our own origin under /ort/ (vite.config.ts), so no
// request leaves the page's origin. Threads need SharedArrayBuffer, i.e. a cross-origin isolated page.
import * as ort from 'onnxruntime-web/wasm';
import {
  dtypeOfTypedArray,
  ExecutionError,
  type Feed,
  type FeedArray,
  type OutputTensor,
  type Runner,
} from '../../core';

/** The folder vite.config.ts serves onnxruntime-web's files from. */
export const DEFAULT_ORT_WASM_PATH = '/ort/';

/** The loader script and wasm of the SIMD build (threaded when the page allows it). */
export const ORT_WASM_FILES = ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'] as const;

export interface OnnxWebOptions {
  /** Folder the runtime files are served from (default /ort/). Only the first session uses it. */
  readonly wasmPath?: string;
  /** Threads (default: min(4, cores) when cross-origin isolated, else 1). Only the first session uses it. */
  readonly numThreads?: number;
  /** The model's external data files, by the location the model names them with. */
  readonly externalData?: readonly { readonly path: string; readonly data: Uint8Array }[];
}

/** A model loaded into onnxruntime-web. */
export interface OnnxWebSession {
  readonly run: Runner;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** How the runtime was set up, e.g. "onnxruntime-web (wasm, 4 threads)". */
  readonly runtime: string;
  close(): Promise<void>;
}

/** Threads the wasm backend may use here: several only where memory can be shared with workers. */
export function defaultThreads(): number {
  const scope = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
  if (scope.crossOriginIsolated !== true || typeof SharedArrayBuffer !== 'function') return 1;
  return Math.max(1, Math.min(4, scope.navigator?.hardwareConcurrency ?? 1));
}

let configured = false;

// The environment is global to the runtime and read when its first session starts.
function configure(options: OnnxWebOptions): void {
  if (configured) return;
  configured = true;
  const path = options.wasmPath ?? DEFAULT_ORT_WASM_PATH;
  ort.env.wasm.wasmPaths = { mjs: `${path}${ORT_WASM_FILES[0]}`, wasm: `${path}${ORT_WASM_FILES[1]}` };
  ort.env.wasm.numThreads = options.numThreads ?? defaultThreads();
  // We already run in the engine worker; a proxy worker would only copy every batch once more.
  ort.env.wasm.proxy = false;
  ort.env.logLevel = 'error';
}

function toTensor(name: string, feed: Feed): ort.Tensor {
  const data: FeedArray = ArrayBuffer.isView(feed) ? feed : feed.data;
  const shape = ArrayBuffer.isView(feed) ? [feed.length] : [...feed.shape];
  // onnxruntime names element types as the IR does (float32, int8, int64, …).
  const type = dtypeOfTypedArray(data);
  if (!type || type === 'uint64') throw new Error(`input "${name}": onnxruntime-web has no type for this data`);
  return new ort.Tensor(type as 'float32', data as Float32Array, shape);
}

function fromTensor(value: ort.Tensor, name: string): OutputTensor {
  const data = value.data;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array)
    return { data: Float64Array.from(data, Number), shape: value.dims };
  if (Array.isArray(data)) throw new Error(`the output "${name}" holds strings, which cannot be scored`);
  // Copied out: the runtime may reuse the buffer once the tensor is disposed.
  return { data: (data as Float32Array).slice(), shape: value.dims };
}

const firstLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();

/** Loads ONNX bytes into onnxruntime-web. Throws an ExecutionError naming `fileName` when the runtime refuses them. */
export async function loadOnnxWeb(
  bytes: Uint8Array,
  fileName: string,
  options: OnnxWebOptions = {},
): Promise<OnnxWebSession> {
  configure(options);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
      ...(options.externalData?.length ? { externalData: options.externalData } : {}),
    });
  } catch (error) {
    throw new ExecutionError(
      'unsupported-case',
      `${fileName}: onnxruntime-web cannot load it: ${firstLine(error)}`,
      fileName,
    );
  }
  const run: Runner = async (feeds) => {
    const inputs = Object.fromEntries(Object.entries(feeds).map(([name, feed]) => [name, toTensor(name, feed)]));
    let results: ort.InferenceSession.OnnxValueMapType;
    try {
      results = await session.run(inputs);
    } catch (error) {
      throw new ExecutionError(
        'unsupported-case',
        `${fileName}: onnxruntime-web failed to run it: ${firstLine(error)}`,
        fileName,
      );
    }
    // In the model's output order, whatever order the runtime returns them in.
    const out = Object.fromEntries(session.outputNames.map((name) => [name, fromTensor(results[name]!, name)]));
    for (const value of Object.values(results)) value.dispose();
    return out;
  };
  const threads = ort.env.wasm.numThreads ?? 1;
  return {
    run,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    runtime: `onnxruntime-web (wasm, ${threads === 1 ? '1 thread' : `${threads} threads`})`,
    close: () => session.release(),
  };
}
