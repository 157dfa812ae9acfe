// TF.js models (layers and graph models) in @tensorflow/tfjs behind the core's `Runner`, for the engine
// worker. The model is handed to TF.js from the open model's files in memory (an IOHandler over model.json
// and its weight shards), so nothing is fetched. Backend: the pure-JS cpu backend. WebGL also runs in a
// worker (OffscreenCanvas), but in headless Chromium its steady runs ranged from 2× faster to 2× slower
// than cpu on a small CNN and a 10,000-row MLP (`npm run bench`, busy machine), while its first run cost
// 0.9–3 s of shader compiles against 0.1–0.8 s; its precision depends on the GPU (half floats on some)
// and machines without one may have no WebGL at all. cpu gives TF.js-in-Node's figures everywhere.
import * as tf from '@tensorflow/tfjs';
// The error class from its own module: tests load this file in Node, where the core barrel would pull in
// `protobufjs/light`, a path Node's ESM resolver rejects.
import { ExecutionError } from '../../core/errors';
import type { Feed, FeedArray, Model, ModelFile, Runner } from '../../core';

export type TfjsBackend = 'cpu' | 'webgl';

export interface TfjsRunnerOptions {
  /** Default 'cpu'. The backend is global to TF.js: the last model loaded sets it. */
  readonly backend?: TfjsBackend;
}

/** A model loaded into TF.js. */
export interface TfjsRunner {
  readonly run: Runner;
  readonly runtime: string;
  close(): Promise<void>;
}

interface ManifestGroup {
  readonly paths: readonly string[];
  readonly weights: readonly tf.io.WeightsManifestEntry[];
}

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** model.json's topology and the weight shards joined in manifest order, as TF.js loads them. */
export function tfjsArtifacts(files: readonly ModelFile[], fileName: string): tf.io.ModelArtifacts {
  const main = files[0];
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(new TextDecoder().decode(main?.bytes)) as Record<string, unknown>;
  } catch (error) {
    throw new ExecutionError('unsupported-case', `${fileName}: is not readable JSON (${message(error)})`, fileName);
  }
  const groups = (json['weightsManifest'] ?? []) as readonly ManifestGroup[];
  const shards = groups.flatMap((group) =>
    group.paths.map((path) => {
      const shard = files.find((f) => f.name === path) ?? files.find((f) => baseName(f.name) === baseName(path));
      if (!shard)
        throw new ExecutionError(
          'unsupported-case',
          `${fileName}: its weight file "${baseName(path)}" was not opened with it`,
          fileName,
        );
      return shard.bytes;
    }),
  );
  const weightData = new Uint8Array(shards.reduce((n, s) => n + s.byteLength, 0));
  let at = 0;
  for (const shard of shards) {
    weightData.set(shard, at);
    at += shard.byteLength;
  }
  return {
    modelTopology: json['modelTopology'] as object,
    weightSpecs: groups.flatMap((g) => g.weights),
    weightData: weightData.buffer,
    ...(typeof json['format'] === 'string' ? { format: json['format'] } : {}),
    ...(json['signature'] ? { signature: json['signature'] as object } : {}),
  };
}

const isGraphModel = (artifacts: tf.io.ModelArtifacts): boolean =>
  artifacts.format === 'graph-model' ||
  (typeof artifacts.modelTopology === 'object' &&
    artifacts.modelTopology !== null &&
    'node' in artifacts.modelTopology);

/** A feed as a tensor of `dtype` (TF.js has no 64-bit integers: int64 feeds become int32). */
function toTensor(feed: Feed, dtype: tf.DataType): tf.Tensor {
  const { data, shape } = ArrayBuffer.isView(feed) ? { data: feed, shape: [feed.length] } : feed;
  const values: FeedArray =
    data instanceof BigInt64Array || data instanceof BigUint64Array
      ? Int32Array.from(data, Number)
      : dtype === 'int32' && !(data instanceof Int32Array)
        ? Int32Array.from(data as ArrayLike<number>, Math.round)
        : data;
  return tf.tensor(values as Float32Array, [...shape], dtype);
}

async function useBackend(backend: TfjsBackend): Promise<void> {
  if (tf.getBackend() === backend) return;
  if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend is not available here`);
  await tf.ready();
}

/** The input and output names the runner answers to: the IR's own, where they line up with TF.js's. */
function names(model: Model, own: readonly string[], which: 'inputs' | 'outputs'): string[] {
  const ids = which === 'inputs' ? model.graph.inputs.filter((id) => !isConstant(model, id)) : model.graph.outputs;
  const ir = ids.map((id) => model.graph.tensors.find((t) => t.id === id)?.name || id);
  return ir.length === own.length ? ir : [...own];
}

const isConstant = (model: Model, id: string): boolean =>
  model.graph.tensors.some((t) => t.id === id && t.data !== undefined);

/** Loads a TF.js model from its files. Throws an ExecutionError naming `fileName` when TF.js refuses it. */
export async function loadTfjsRunner(
  model: Model,
  files: readonly ModelFile[],
  fileName: string,
  options: TfjsRunnerOptions = {},
): Promise<TfjsRunner> {
  const backend = options.backend ?? 'cpu';
  const artifacts = tfjsArtifacts(files, fileName);
  const handler: tf.io.IOHandler = { load: async () => artifacts };
  const graph = isGraphModel(artifacts);
  let loaded: { kind: 'graph'; model: tf.GraphModel } | { kind: 'layers'; model: tf.LayersModel };
  try {
    await useBackend(backend);
    loaded = graph
      ? { kind: 'graph', model: await tf.loadGraphModel(handler) }
      : { kind: 'layers', model: await tf.loadLayersModel(handler) };
  } catch (error) {
    throw new ExecutionError('unsupported-case', `${fileName}: TF.js cannot load it: ${message(error)}`, fileName);
  }
  const inputInfo =
    loaded.kind === 'graph'
      ? loaded.model.inputs.map((i) => ({ name: i.name, dtype: i.dtype as tf.DataType }))
      : loaded.model.inputs.map((t) => ({ name: t.name, dtype: t.dtype }));
  // Sequential models leave `outputNames` empty; their symbolic outputs are named either way.
  const ownOutputs = loaded.model.outputs.map((o: { name: string }) => o.name);
  const inputNames = names(
    model,
    inputInfo.map((i) => i.name),
    'inputs',
  );
  const outputNames = names(model, ownOutputs, 'outputs');

  const run: Runner = async (feeds) => {
    const tensors = inputInfo.map((info, k) => {
      const feed =
        feeds[inputNames[k]!] ?? feeds[info.name] ?? (inputInfo.length === 1 ? Object.values(feeds)[0] : undefined);
      if (!feed) throw new ExecutionError('bad-feed', `${fileName}: no values were given for input "${inputNames[k]}"`);
      return toTensor(feed, info.dtype);
    });
    let results: tf.Tensor[] = [];
    try {
      const out =
        loaded.kind === 'graph'
          ? await loaded.model.executeAsync(Object.fromEntries(inputInfo.map((info, k) => [info.name, tensors[k]!])))
          : loaded.model.predict(tensors.length === 1 ? tensors[0]! : tensors);
      results = Array.isArray(out) ? out : [out];
      const values = await Promise.all(results.map((t) => t.data()));
      return Object.fromEntries(
        results.map((t, k) => [
          outputNames[k] ?? ownOutputs[k] ?? `output ${k}`,
          { data: values[k] as ArrayLike<number>, shape: t.shape },
        ]),
      );
    } catch (error) {
      if (error instanceof ExecutionError) throw error;
      throw new ExecutionError('unsupported-case', `${fileName}: TF.js failed to run it: ${message(error)}`);
    } finally {
      tf.dispose([...tensors, ...results]);
    }
  };
  return {
    run,
    runtime: `TensorFlow.js ${tf.version.tfjs} (${backend} backend)`,
    close: async () => {
      loaded.model.dispose();
    },
  };
}
