// TFLite models in the interpreter of @tensorflow/tfjs-tflite (tflite-runtime.ts) behind the core's
// `Runner`, for the engine worker. The interpreter takes one batch of the model's own size per run, in the
// model's own element types: batches are run slice by slice, real-valued feeds for quantized inputs are
// quantized with the input's scale and zero point, and quantized outputs come back as real values, so
// scores, agreement and SQNR compare like with like across float and int8 models.
import { ExecutionError, type Feed, type FeedArray, type OutputTensor, type Runner } from '../../core';
import { loadTflite, type TfliteArray, type TfliteTensorInfo } from './tflite-runtime';
import { realValues, toInterpreter } from './tflite-values';

/** A model loaded into the TFLite interpreter. */
export interface TfliteRunner {
  readonly run: Runner;
  /** Samples per interpreter run (the model's batch dim; batches of any multiple are split). */
  readonly batch: number;
  readonly runtime: string;
  /** What was repaired so that the interpreter accepts the file. */
  readonly repairs: readonly string[];
  close(): Promise<void>;
}

const feedParts = (feed: Feed): { data: FeedArray; shape: readonly number[] } =>
  ArrayBuffer.isView(feed) ? { data: feed, shape: [feed.length] } : feed;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Loads .tflite bytes into the interpreter. Throws an ExecutionError naming `fileName` when it refuses them. */
export async function loadTfliteRunner(bytes: Uint8Array, fileName: string): Promise<TfliteRunner> {
  let session: Awaited<ReturnType<typeof loadTflite>>;
  try {
    session = await loadTflite(bytes);
  } catch (error) {
    throw new ExecutionError(
      'unsupported-case',
      `${fileName}: the TFLite interpreter cannot load it: ${message(error)}`,
      fileName,
    );
  }
  const { inputs, outputs } = session;
  const batch = Math.max(1, inputs[0]?.shape[0] ?? 1);
  const run: Runner = async (feeds) => {
    const given = inputs.map((info) => {
      const feed = feeds[info.name] ?? (inputs.length === 1 ? Object.values(feeds)[0] : undefined);
      if (!feed) throw new ExecutionError('bad-feed', `${fileName}: no values were given for input "${info.name}"`);
      const { data } = feedParts(feed);
      if (data.length % info.size !== 0)
        throw new ExecutionError(
          'shape-mismatch',
          `${fileName}: input "${info.name}" takes ${info.size} values per run of [${info.shape.join(', ')}], ` +
            `got ${data.length}`,
          info.name,
        );
      return data;
    });
    const runs = given[0]!.length / inputs[0]!.size;
    if (given.some((data, k) => data.length / inputs[k]!.size !== runs))
      throw new ExecutionError('shape-mismatch', `${fileName}: the inputs were given different numbers of samples`);
    const results = outputs.map((info) => new Float32Array(runs * info.size));
    for (let r = 0; r < runs; r++) {
      const values = given.map((data, k) => {
        const size = inputs[k]!.size;
        return toInterpreter(data.subarray(r * size, (r + 1) * size) as FeedArray, inputs[k]!);
      });
      let out: TfliteArray[];
      try {
        out = session.run(values);
      } catch (error) {
        throw new ExecutionError('unsupported-case', `${fileName}: the TFLite interpreter failed: ${message(error)}`);
      }
      out.forEach((value, k) => results[k]!.set(realValues(value, outputs[k]!), r * outputs[k]!.size));
    }
    const shaped = (info: TfliteTensorInfo, data: Float32Array): OutputTensor => ({
      data,
      shape: info.shape.length === 0 ? [runs] : [runs * info.shape[0]!, ...info.shape.slice(1)],
    });
    return Object.fromEntries(outputs.map((info, k) => [info.name, shaped(info, results[k]!)]));
  };
  return {
    run,
    batch,
    runtime: 'TFLite interpreter (tfjs-tflite, wasm, 1 thread)',
    repairs: session.repairs,
    close: async () => session.dispose(),
  };
}
