// ONNX models in onnxruntime-node: the reference figures of the corpus were measured with it. Loaded on
// first use, so commands that run no model never pay for the native module.
import type * as OrtModule from 'onnxruntime-node';
import { dtypeOfTypedArray, type Feed, type FeedArray, type OutputTensor, type Runner } from '../../core/index';
import { FileError } from '../command';
import type { ModelRunner } from './types';

type Ort = typeof OrtModule;

const firstLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();

function toTensor(ort: Ort, name: string, feed: Feed): InstanceType<Ort['Tensor']> {
  const data: FeedArray = ArrayBuffer.isView(feed) ? feed : feed.data;
  const shape = ArrayBuffer.isView(feed) ? [feed.length] : [...feed.shape];
  // onnxruntime spells element types as the IR does (float32, int8, int64, …).
  const type = dtypeOfTypedArray(data);
  if (!type || type === 'uint64') throw new Error(`input "${name}": no onnxruntime type for this data`);
  return new ort.Tensor(type as 'float32', data as Float32Array, shape);
}

function fromTensor(value: InstanceType<Ort['Tensor']>, name: string, file: string): OutputTensor {
  const data = value.data;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array)
    return { data: Float64Array.from(data, Number), shape: value.dims };
  if (Array.isArray(data))
    throw new FileError(file, 'unsupported', `the output "${name}" holds strings, which cannot be scored`);
  return { data: data as ArrayLike<number>, shape: value.dims };
}

/** An onnxruntime-node session for the ONNX file at path `source`, or in bytes `source` (shown as `file` in messages). */
export async function onnxRunner(source: string | Uint8Array, file: string): Promise<ModelRunner> {
  const ort: Ort = await import('onnxruntime-node');
  let session: Awaited<ReturnType<Ort['InferenceSession']['create']>>;
  try {
    // Two overloads of create (path, bytes): each call picks its own.
    session = await (typeof source === 'string'
      ? ort.InferenceSession.create(source)
      : ort.InferenceSession.create(source));
  } catch (error) {
    throw new FileError(file, 'runtime-error', `onnxruntime-node cannot load it: ${firstLine(error)}`);
  }
  const run: Runner = async (feeds) => {
    const inputs = Object.fromEntries(Object.entries(feeds).map(([name, feed]) => [name, toTensor(ort, name, feed)]));
    let results: Awaited<ReturnType<typeof session.run>>;
    try {
      results = await session.run(inputs);
    } catch (error) {
      throw new FileError(file, 'runtime-error', `onnxruntime-node failed to run it: ${firstLine(error)}`);
    }
    // In the model's output order, whatever order the runtime returns them in.
    return Object.fromEntries(session.outputNames.map((name) => [name, fromTensor(results[name]!, name, file)]));
  };
  return { run, runtime: 'onnxruntime-node', close: () => session.release() };
}
