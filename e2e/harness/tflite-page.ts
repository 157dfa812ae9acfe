// The TFLite conformance harness page (bundled by e2e/harness/serve.ts, never part of the product). It
// loads two .tflite files into the interpreter of @tensorflow/tfjs-tflite, feeds both the same inputs and
// reports whether every output is bit-identical, plus figures of merit for the corpus data.
// The runtime must be imported before tfjs-tflite itself (see src/workers/runtimes/tflite-runtime.ts).
import {
  loadTflite,
  type TfliteArray,
  type TfliteSession,
  type TfliteTensorInfo,
} from '../../src/workers/runtimes/tflite-runtime';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadTFLiteModel } from '@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js';
import { corpusInputs, dequantize, randomInputs, type InputSet } from './inputs';
import { compareSessions, type QuantizedJob, type QuantizedReport } from './quantized';

/** One input set run through both models. */
export interface RunReport {
  readonly label: string;
  readonly identical: boolean;
  /** Where the outputs first differ, when they do. */
  readonly difference?: string;
  /** Real-valued (dequantized) outputs, when the signatures agree: the largest |rewritten − original|… */
  readonly maxAbsDifference?: number;
  /** …the largest |original| (to scale it by), and whether every rewritten output is finite. */
  readonly maxAbsOriginal?: number;
  readonly finite?: boolean;
}

export interface ModelReport {
  readonly model: string;
  readonly inputs: readonly TfliteTensorInfo[];
  readonly outputs: readonly TfliteTensorInfo[];
  /** Repairs the runtime made so the interpreter accepts each file (old-converter quirks). */
  readonly repairs: { readonly original: readonly string[]; readonly rewritten: readonly string[] };
  /** Set when the two models do not have the same inputs and outputs. */
  readonly signatureDifference?: string;
  readonly runs: readonly RunReport[];
  /** Real-valued outputs of the original model on each small-output corpus input, by label. */
  readonly scores: Readonly<Record<string, number[]>>;
  /** Mean squared reconstruction error over the corpus windows (autoencoders), original and rewritten. */
  readonly reconstructionMse?: { readonly original: number; readonly rewritten: number; readonly windows: number };
  readonly milliseconds: { readonly load: number; readonly run: number };
}

export interface CompareJob {
  readonly model: string;
  readonly original: string;
  readonly rewritten: string;
  readonly randomSets: number;
}

/** Same outputs computed by the runtime in a module worker and on the page. */
export interface WorkerReport {
  readonly identical: boolean;
  readonly outputs: number;
}

export interface Harness {
  compareModel(job: CompareJob): Promise<ModelReport>;
  checkTensorApi(url: string): Promise<{ identical: boolean; dtype: string }>;
  checkWorker(url: string, workerUrl: string): Promise<WorkerReport>;
  compareQuantized(job: QuantizedJob): Promise<QuantizedReport>;
}

declare global {
  interface Window {
    tfliteHarness?: Harness;
  }
}

async function fetchBytes(url: string): Promise<Uint8Array | undefined> {
  const response = await fetch(url);
  return response.ok ? new Uint8Array(await response.arrayBuffer()) : undefined;
}

async function mustFetch(url: string): Promise<Uint8Array> {
  const bytes = await fetchBytes(url);
  if (!bytes) throw new Error(`harness: ${url} is not served`);
  return bytes;
}

const readCorpus = (relative: string) => fetchBytes(`/__harness/files/corpus/${relative}`);

const rawBytes = (a: TfliteArray) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function firstDifference(a: readonly TfliteArray[], b: readonly TfliteArray[], infos: readonly TfliteTensorInfo[]) {
  if (a.length !== b.length) return `${a.length} outputs vs ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i]!, b[i]!];
    const name = infos[i]?.name ?? `#${i}`;
    if (x.constructor.name !== y.constructor.name || x.length !== y.length)
      return `output "${name}": ${x.length} × ${x.constructor.name} vs ${y.length} × ${y.constructor.name}`;
    const [bx, by] = [rawBytes(x), rawBytes(y)];
    const at = bx.findIndex((v, k) => v !== by[k]);
    if (at < 0) continue;
    const element = Math.floor(at / x.BYTES_PER_ELEMENT);
    let count = 0;
    for (let k = 0; k < x.length; k++) if (!Object.is(x[k], y[k])) count++;
    return `output "${name}" element ${element}: ${x[element]} vs ${y[element]} (${count} of ${x.length} differ)`;
  }
  return undefined;
}

/** How far apart two runs' outputs are as real values (see RunReport). */
function realDifference(
  x: readonly TfliteArray[],
  y: readonly TfliteArray[],
  original: readonly TfliteTensorInfo[],
  rewritten: readonly TfliteTensorInfo[],
): Pick<RunReport, 'maxAbsDifference' | 'maxAbsOriginal' | 'finite'> {
  let maxAbsDifference = 0;
  let maxAbsOriginal = 0;
  let finite = true;
  x.forEach((value, k) => {
    const a = realOutput(value, original[k]!);
    const b = realOutput(y[k]!, rewritten[k]!);
    a.forEach((v, i) => {
      const w = b[i]!;
      finite &&= Number.isFinite(w);
      maxAbsOriginal = Math.max(maxAbsOriginal, Math.abs(v));
      maxAbsDifference = Math.max(maxAbsDifference, Math.abs(w - v));
    });
  });
  return { maxAbsDifference, maxAbsOriginal, finite };
}

function signature(session: TfliteSession): string {
  const one = (t: TfliteTensorInfo) => `${t.name}:${t.dtype}[${t.shape.join(',')}]`;
  return `${session.inputs.map(one).join(' ')} -> ${session.outputs.map(one).join(' ')}`;
}

/** Real values of an output (dequantized when the tensor is quantized). */
function realOutput(value: TfliteArray, info: TfliteTensorInfo): Float32Array {
  return info.quantization ? dequantize(value, info.quantization) : Float32Array.from(value);
}

function meanSquaredError(outputs: readonly Float32Array[], sets: readonly InputSet[]): number {
  let total = 0;
  outputs.forEach((out, w) => {
    const real = sets[w]!.real!;
    let sum = 0;
    for (let i = 0; i < real.length; i++) sum += (out[i]! - real[i]!) ** 2;
    total += sum / real.length;
  });
  return total / outputs.length;
}

async function compareModel(job: CompareJob): Promise<ModelReport> {
  const started = performance.now();
  const [originalBytes, rewrittenBytes] = await Promise.all([mustFetch(job.original), mustFetch(job.rewritten)]);
  const original = await loadTflite(originalBytes);
  const rewritten = await loadTflite(rewrittenBytes);
  const loaded = performance.now();
  try {
    const [a, b] = [signature(original), signature(rewritten)];
    const corpus = await corpusInputs(job.model, original.inputs, readCorpus);
    const sets = [...randomInputs(original.inputs, job.randomSets), ...corpus];
    const runs: RunReport[] = [];
    const scores: Record<string, number[]> = {};
    const reconstructions: { original: Float32Array[]; rewritten: Float32Array[] } = { original: [], rewritten: [] };
    const output0 = original.outputs[0]!;
    for (const set of sets) {
      const x = original.run(set.values);
      const y = a === b ? rewritten.run(set.values) : [];
      const difference = a === b ? firstDifference(x, y, original.outputs) : 'signatures differ';
      runs.push({
        label: set.label,
        identical: difference === undefined,
        ...(difference ? { difference } : {}),
        ...(a === b ? realDifference(x, y, original.outputs, rewritten.outputs) : {}),
      });
      if (!corpus.includes(set)) continue;
      if (output0.size <= 16) scores[set.label] = Array.from(realOutput(x[0]!, output0));
      if (set.real && output0.size === set.real.length && y[0]) {
        reconstructions.original.push(realOutput(x[0]!, output0));
        reconstructions.rewritten.push(realOutput(y[0], rewritten.outputs[0]!));
      }
    }
    const windows = reconstructions.original.length;
    const autoencoder = windows > 0 && windows === corpus.length;
    return {
      model: job.model,
      inputs: original.inputs,
      outputs: original.outputs,
      repairs: { original: original.repairs, rewritten: rewritten.repairs },
      ...(a === b ? {} : { signatureDifference: `${a}  ≠  ${b}` }),
      runs,
      scores,
      ...(autoencoder
        ? {
            reconstructionMse: {
              original: meanSquaredError(reconstructions.original, corpus),
              rewritten: meanSquaredError(reconstructions.rewritten, corpus),
              windows,
            },
          }
        : {}),
      milliseconds: { load: loaded - started, run: performance.now() - loaded },
    };
  } finally {
    original.dispose();
    rewritten.dispose();
  }
}

/**
 * tfjs-tflite declares a peer dependency on tfjs-core 4.9.0 and we run it with our 4.22: its tensor API
 * (TFLiteModel.predict) must give what the raw interpreter gives.
 */
async function checkTensorApi(url: string): Promise<{ identical: boolean; dtype: string }> {
  await tf.setBackend('cpu');
  const bytes = await mustFetch(url);
  const session = await loadTflite(bytes);
  const [set] = randomInputs(session.inputs, 1);
  const raw = session.run(set!.values)[0]!;
  session.dispose();
  const model = await loadTFLiteModel(bytes.slice().buffer);
  const input = session.inputs[0]!;
  // tfjs has no int8 tensors; tfjs-tflite narrows int32 tensors to the model's int8 inputs.
  const dtype = input.dtype === 'float32' ? 'float32' : 'int32';
  const tensor = tf.tensor(Array.from(set!.values[0]!), [...input.shape], dtype);
  const output = model.predict(tensor) as tf.Tensor;
  const values = await output.data();
  tf.dispose([tensor, output]);
  const identical = values.length === raw.length && Array.from(values).every((v, i) => Object.is(v, raw[i]));
  return { identical, dtype: output.dtype };
}

/** Runs a model with the first random input set on the page and in a module worker. */
async function checkWorker(url: string, workerUrl: string): Promise<WorkerReport> {
  const bytes = await mustFetch(url);
  const session = await loadTflite(bytes);
  const [set] = randomInputs(session.inputs, 1);
  const here = session.run(set!.values);
  session.dispose();
  const worker = new Worker(workerUrl, { type: 'module' });
  try {
    const there = await new Promise<TfliteArray[]>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<{ outputs?: TfliteArray[]; error?: string }>) =>
        e.data.outputs ? resolve(e.data.outputs) : reject(new Error(e.data.error));
      worker.onerror = (e) => reject(new Error(`worker failed: ${e.message}`));
      worker.postMessage({ bytes, inputs: set!.values });
    });
    return { identical: firstDifference(here, there, session.outputs) === undefined, outputs: there.length };
  } finally {
    worker.terminate();
  }
}

/** Runs a float model and its quantized version on the same real-valued samples (see quantized.ts). */
async function compareQuantized(job: QuantizedJob): Promise<QuantizedReport> {
  const [floatBytes, quantizedBytes, inputBytes] = await Promise.all([
    mustFetch(job.float),
    mustFetch(job.quantized),
    mustFetch(job.inputs),
  ]);
  const floatModel = await loadTflite(floatBytes);
  const quantized = await loadTflite(quantizedBytes);
  try {
    const data = new Float32Array(inputBytes.slice().buffer);
    return compareSessions(floatModel, quantized, data);
  } finally {
    floatModel.dispose();
    quantized.dispose();
  }
}

window.tfliteHarness = { compareModel, checkTensorApi, checkWorker, compareQuantized };
