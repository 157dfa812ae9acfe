// Runs .tflite models in the TFLite interpreter that @tensorflow/tfjs-tflite compiles to WebAssembly.
// Values go in and come out as raw typed arrays in the model's own element types (int8 stays int8), with
// no tfjs tensors in between, so results are exactly what the interpreter computed. Works in a page and in
// workers, module workers included; workers are the intended place: when imported in a page, the library
// also preloads its loader script from the page's own folder (e.g. /tflite_web_api_cc_simd.js), which is a
// 404, or index.html where the server falls back to it (a script error on that page).
// The typings of the library's ES bundle must reach every tsconfig that compiles this file (the app's, and
// the e2e harness's through tsconfig.node.json), hence a reference rather than an include.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./tfjs-tflite.d.ts" />
// The library must evaluate between these two imports (see tflite-single-thread-begin.ts); nothing else
// may import it first.
import './tflite-single-thread-begin';
import {
  getWasmFeatures,
  loadTFLiteModel,
  setWasmPath,
  type TFLiteWebModelRunner,
  type TFLiteWebModelRunnerTensorInfo,
} from '@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js';
import './tflite-single-thread-end';
import { readTfliteIo, repairForInterpreter, type TfliteQuantization } from './tflite-io';

/** Element types the interpreter exchanges values in. */
export type TfliteDataType = TFLiteWebModelRunnerTensorInfo['dataType'];

/** A tensor's values as the interpreter holds them. */
export type TfliteArray = ReturnType<TFLiteWebModelRunnerTensorInfo['data']>;

/** One input or output of a loaded model. */
export interface TfliteTensorInfo {
  readonly name: string;
  readonly dtype: TfliteDataType;
  readonly shape: readonly number[];
  /** Number of elements (the length `run` expects or returns). */
  readonly size: number;
  /** Affine quantization from the model file, when the tensor has one. */
  readonly quantization?: TfliteQuantization;
}

/** A model loaded into the interpreter. */
export interface TfliteSession {
  readonly inputs: readonly TfliteTensorInfo[];
  readonly outputs: readonly TfliteTensorInfo[];
  /** What was repaired so that the interpreter accepts the file (see repairForInterpreter). */
  readonly repairs: readonly string[];
  /** Runs the model once; returns fresh copies of every output, in the model's output order. */
  run(inputs: readonly TfliteArray[]): TfliteArray[];
  /** Frees the interpreter's memory; the session cannot run afterwards. */
  dispose(): void;
}

export interface TfliteLoadOptions {
  /**
   * Where the interpreter's loader script and wasm are served (vite.config.ts serves them under /tflite/).
   * Only the first load uses it: the interpreter module is loaded once per page or worker.
   */
  readonly wasmPath?: string;
}

/** The folder vite.config.ts serves the interpreter's files from. */
export const DEFAULT_TFLITE_WASM_PATH = '/tflite/';

let ready: Promise<void> | undefined;

/** Loads a .tflite model into the interpreter. Throws when the interpreter rejects the model. */
export async function loadTflite(bytes: Uint8Array, options: TfliteLoadOptions = {}): Promise<TfliteSession> {
  const io = readTfliteIo(bytes);
  const { bytes: loadable, repairs } = repairForInterpreter(bytes);
  ready ??= prepare(options.wasmPath ?? DEFAULT_TFLITE_WASM_PATH);
  await ready;
  // The runner copies the bytes into the interpreter's heap; hand it a buffer holding exactly the model.
  const model = await withImportScripts(() => loadTFLiteModel(loadable.slice().buffer, { numThreads: 1 }));
  // TFLiteModel wraps the low-level runner, whose typed-array views give raw access to the tensors.
  const runner = (model as unknown as { modelRunner?: TFLiteWebModelRunner }).modelRunner;
  if (!runner) throw new Error('this version of @tensorflow/tfjs-tflite does not expose its model runner');
  const describe = (info: TFLiteWebModelRunnerTensorInfo, quantization: TfliteQuantization | undefined) => {
    const shape = info.shape === '' ? [] : info.shape.split(',').map(Number);
    const size = shape.reduce((a, b) => a * b, 1);
    return { name: info.name, dtype: info.dataType, shape, size, ...(quantization ? { quantization } : {}) };
  };
  const inputs = runner.getInputs().map((info, i) => describe(info, io.inputs[i]?.quantization));
  const outputs = runner.getOutputs().map((info, i) => describe(info, io.outputs[i]?.quantization));
  let disposed = false;
  return {
    inputs,
    outputs,
    repairs,
    run(values) {
      if (disposed) throw new Error('this TFLite model was disposed');
      if (values.length !== inputs.length)
        throw new Error(`the model takes ${inputs.length} input(s), ${values.length} given`);
      // Views into the interpreter's heap: fetch them afresh, as the heap may have grown since.
      runner.getInputs().forEach((info, i) => {
        const target = info.data();
        const value = values[i]!;
        if (value.constructor.name !== target.constructor.name || value.length !== target.length)
          throw new Error(
            `input "${info.name}" takes ${target.length} values as ${target.constructor.name}, ` +
              `got ${value.length} as ${value.constructor.name}`,
          );
        target.set(value);
      });
      if (!runner.infer()) throw new Error('the TFLite interpreter failed to run the model');
      return runner.getOutputs().map((info) => info.data().slice());
    },
    dispose() {
      if (!disposed) runner.cleanUp();
      disposed = true;
    },
  };
}

async function prepare(wasmPath: string): Promise<void> {
  setWasmPath(wasmPath);
  if ((await withoutSharedMemory(getWasmFeatures)).multiThreading)
    throw new Error(
      'the TFLite runtime could not select the single-threaded interpreter: something asked ' +
        '@tensorflow/tfjs-tflite for its WebAssembly features before src/workers/runtimes/tflite-runtime.ts',
    );
}

/**
 * Calls `probe` with SharedArrayBuffer hidden (see tflite-single-thread-begin.ts for why). The library
 * probes WebAssembly features once and caches them: while its module evaluates (a preload, hidden by the
 * begin / end imports) or, where that preload gives up before probing (the engine worker, which loads
 * this module on demand), on the first getWasmFeatures() call, synchronously as the call starts.
 */
function withoutSharedMemory<T>(probe: () => T): T {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'SharedArrayBuffer');
  if (!descriptor?.configurable) return probe();
  Object.defineProperty(globalThis, 'SharedArrayBuffer', { value: undefined, configurable: true, writable: true });
  try {
    return probe();
  } finally {
    Object.defineProperty(globalThis, 'SharedArrayBuffer', descriptor);
  }
}

type ImportScripts = (...urls: string[]) => void;

/**
 * In a worker, tfjs-tflite loads the interpreter's Emscripten loader with importScripts(), which module
 * workers (the kind Vite builds) do not have. For the load only, importScripts is replaced by what it
 * does: fetch the same-origin script synchronously and evaluate it at global scope.
 */
async function withImportScripts<T>(load: () => Promise<T>): Promise<T> {
  const scope = globalThis as unknown as { importScripts?: ImportScripts; document?: unknown };
  if (scope.document !== undefined || typeof scope.importScripts !== 'function' || importScriptsWorks(scope))
    return load();
  const native = scope.importScripts;
  scope.importScripts = (...urls) => urls.forEach(evaluateScript);
  try {
    return await load();
  } finally {
    scope.importScripts = native;
  }
}

function importScriptsWorks(scope: { importScripts?: ImportScripts }): boolean {
  try {
    scope.importScripts?.(); // no URL: a no-op in classic workers, a TypeError in module workers
    return true;
  } catch {
    return false;
  }
}

function evaluateScript(url: string): void {
  const request = new XMLHttpRequest();
  request.open('GET', url, false);
  request.send();
  if (request.status !== 200) throw new Error(`could not load the TFLite interpreter from ${url} (${request.status})`);
  // Indirect eval runs at global scope, so the script's top-level declarations become globals, as with
  // importScripts. Taken through Reflect so that no minifier turns it back into a direct eval (which
  // would keep them local to this function): `const e = eval; e(…)` is inlined to `eval(…)` by Vite's.
  const globalEval = Reflect.get(globalThis, 'eval') as (code: string) => unknown;
  globalEval(`${request.responseText}\n//# sourceURL=${url}`);
}
