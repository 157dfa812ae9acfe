// Evaluation jobs the harness page (eval-page.ts) runs in the studio's engine worker: any model (its files
// by URL), any dataset source, an optional reference model and a preview; and raw runs of a model through
// the worker runtimes (eval-runtime-worker.ts) for comparing outputs with TF.js in Node.
import * as Comlink from 'comlink';
import type { ImagePreprocessing } from '../../src/core/index';
import type {
  DataPreview,
  EngineApi,
  EvaluateRequest,
  EvaluateResult,
  EvaluateSource,
  InputFile,
  PixelScale,
  Progress,
} from '../../src/workers/protocol';

/** A dataset source by URL (same origin); image folders give each file's relative path. */
export type SourceSpec =
  | { readonly kind: 'mnist'; readonly url: string; readonly pixelScale: PixelScale }
  | { readonly kind: 'file'; readonly url: string }
  | { readonly kind: 'csv'; readonly url: string; readonly labelColumn?: string | number }
  | {
      readonly kind: 'images';
      readonly files: readonly { readonly url: string; readonly name: string }[];
      readonly preprocessing?: ImagePreprocessing;
    };

export interface EvalSpec {
  /** The engine worker's script (default: the harness's esbuild bundle; the app's built one also works). */
  readonly engine?: string;
  /** The model's files by URL, main file first (TF.js: model.json, then its shards). */
  readonly model: readonly string[];
  readonly reference?: readonly string[];
  readonly source: SourceSpec;
  readonly samples?: number;
  readonly scale?: number;
  readonly mean?: number;
  readonly std?: number;
  readonly batchSize?: number;
  /** Also preview this many samples first. */
  readonly preview?: number;
}

export interface EvalOutcome {
  readonly result?: EvaluateResult;
  readonly preview?: Omit<DataPreview, 'images'> & {
    readonly images: readonly { width: number; height: number; label?: string; grey: number[] }[];
  };
  /** An engine failure, as the UI would get it. */
  readonly failure?: { readonly code: string; readonly message: string };
  readonly phases: readonly string[];
  readonly ms: number;
}

/** A raw run: inputs by name, with their element type. */
export interface RuntimeSpec {
  readonly model: readonly string[];
  /** TF.js models: the backend (default: what the engine uses, cpu). */
  readonly tfjsBackend?: 'cpu' | 'webgl';
  /** Runs after the first, timed (benchmarks); default 0. */
  readonly repeat?: number;
  readonly inputs: Readonly<
    Record<string, { dtype: 'float32' | 'int32' | 'int64'; shape: number[]; values: number[] }>
  >;
}

export interface RuntimeOutcome {
  readonly runtime?: string;
  /** Loading the model, its first run, and the median of the repeated runs, in ms. */
  readonly ms?: { readonly load: number; readonly first: number; readonly median?: number };
  readonly outputs?: Readonly<Record<string, { shape: number[]; values: number[] }>>;
  readonly error?: string;
}

const fileName = (url: string): string => decodeURIComponent(url.split('/').pop()!);

async function bytesOf(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.arrayBuffer();
}

const filesOf = (urls: readonly string[]): Promise<InputFile[]> =>
  Promise.all(urls.map(async (url) => ({ name: fileName(url), bytes: await bytesOf(url) })));

async function sourceOf(spec: SourceSpec): Promise<EvaluateSource> {
  if (spec.kind === 'images')
    return {
      kind: 'images',
      files: await Promise.all(spec.files.map(async (f) => ({ name: f.name, bytes: await bytesOf(f.url) }))),
      ...(spec.preprocessing ? { preprocessing: spec.preprocessing } : {}),
    };
  const file = { name: fileName(spec.url), bytes: await bytesOf(spec.url) };
  if (spec.kind === 'mnist') return { kind: 'mnist', pixelScale: spec.pixelScale, file };
  if (spec.kind === 'csv')
    return { kind: 'csv', file, ...(spec.labelColumn !== undefined ? { labelColumn: spec.labelColumn } : {}) };
  return { kind: 'file', file };
}

const buffersOf = (source: EvaluateSource): ArrayBuffer[] =>
  'files' in source ? source.files.map((f) => f.bytes) : [source.file.bytes];

async function open(api: Comlink.Remote<EngineApi>, urls: readonly string[]): Promise<string> {
  const files = await filesOf(urls);
  const { summary } = await api.openModel(
    'open',
    Comlink.transfer(
      files,
      files.map((f) => f.bytes),
    ),
  );
  return summary.modelId;
}

const failureOf = (error: unknown): { code: string; message: string } => {
  const e = error as { code?: string; message?: string };
  return { code: e.code ?? 'internal', message: e.message ?? String(error) };
};

/** Opens the model (and reference), previews and evaluates the source in a fresh engine worker. */
export async function runEvalJob(spec: EvalSpec): Promise<EvalOutcome> {
  const worker = new Worker(spec.engine ?? '/__eval/engine.js', { type: 'module', name: 'engine' });
  const api = Comlink.wrap<EngineApi>(worker);
  const phases: string[] = [];
  const started = performance.now();
  try {
    const modelId = await open(api, spec.model);
    const referenceId = spec.reference ? await open(api, spec.reference) : undefined;
    let preview: EvalOutcome['preview'];
    if (spec.preview) {
      const source = await sourceOf(spec.source);
      const request = { source, ...(spec.scale !== undefined ? { scale: spec.scale } : {}) };
      const p = await api.previewData('preview', modelId, Comlink.transfer(request, buffersOf(source)), spec.preview);
      preview = {
        ...p,
        // Red channel of each pixel: enough to check grey pictures.
        images: p.images.map(({ rgba, ...rest }) => ({
          ...rest,
          grey: Array.from(new Uint8Array(rgba).filter((_, i) => i % 4 === 0)),
        })),
      };
    }
    const source = await sourceOf(spec.source);
    const request: EvaluateRequest = {
      source,
      ...(spec.samples !== undefined ? { samples: spec.samples } : {}),
      ...(spec.scale !== undefined ? { scale: spec.scale } : {}),
      ...(spec.mean !== undefined ? { mean: spec.mean } : {}),
      ...(spec.std !== undefined ? { std: spec.std } : {}),
      ...(spec.batchSize !== undefined ? { batchSize: spec.batchSize } : {}),
      ...(referenceId ? { referenceId } : {}),
    };
    const result = await api.evaluate(
      'evaluate',
      modelId,
      Comlink.transfer(request, buffersOf(source)),
      Comlink.proxy((p: Progress) => {
        if (phases.at(-1) !== p.phase) phases.push(p.phase);
      }),
    );
    return { result, ...(preview ? { preview } : {}), phases, ms: performance.now() - started };
  } catch (error) {
    return { failure: failureOf(error), phases, ms: performance.now() - started };
  } finally {
    worker.terminate();
  }
}

/** Loads a model into the worker runtime its format picks and runs it once on `spec.inputs`. */
export async function runRuntime(spec: RuntimeSpec): Promise<RuntimeOutcome> {
  const worker = new Worker('/__eval/runtime.js', { type: 'module', name: 'runtime' });
  try {
    const files = await filesOf(spec.model);
    const answer = new Promise<RuntimeOutcome>((resolve) => {
      worker.onmessage = (event: MessageEvent<RuntimeOutcome>) => resolve(event.data);
      worker.onerror = (event) => resolve({ error: event.message });
    });
    worker.postMessage(
      { files, inputs: spec.inputs, tfjsBackend: spec.tfjsBackend, repeat: spec.repeat ?? 0 },
      files.map((f) => f.bytes),
    );
    return await answer;
  } finally {
    worker.terminate();
  }
}
