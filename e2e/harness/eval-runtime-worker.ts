// A module worker that reads a model with the core and runs it once through the runtime the engine's
// `webRunners` picks for its format (ONNX, TFLite, TF.js): the studio's evaluation runtimes on exact
// inputs, so their outputs can be compared with another implementation.
import { readModel, type Feed, type Model, type ModelFile } from '../../src/core/index';
import { webRunners, type LoadedRunner } from '../../src/workers/evaluate-job';
import { loadTfjsRunner } from '../../src/workers/runtimes/tfjs-runner';
import type { RuntimeOutcome, RuntimeSpec } from './eval-jobs';

interface Job {
  readonly files: { name: string; bytes: ArrayBuffer }[];
  readonly inputs: RuntimeSpec['inputs'];
  readonly tfjsBackend?: RuntimeSpec['tfjsBackend'];
  readonly repeat: number;
}

function load(model: Model, files: ModelFile[], backend: Job['tfjsBackend']): Promise<LoadedRunner> {
  if (model.format === 'tfjs' && backend) return loadTfjsRunner(model, files, files[0]!.name, { backend });
  return webRunners(model, files, files[0]!.name);
}

const median = (times: number[]): number => times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;

function feedOf(input: RuntimeSpec['inputs'][string]): Feed {
  const data =
    input.dtype === 'float32'
      ? Float32Array.from(input.values)
      : input.dtype === 'int32'
        ? Int32Array.from(input.values)
        : BigInt64Array.from(input.values, (v) => BigInt(v));
  return { data, shape: input.shape };
}

self.onmessage = async (event: MessageEvent<Job>) => {
  let answer: RuntimeOutcome;
  try {
    const files = event.data.files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }));
    const model = readModel(files);
    const started = performance.now();
    const runner = await load(model, files, event.data.tfjsBackend);
    const loaded = performance.now();
    try {
      const feeds = Object.fromEntries(Object.entries(event.data.inputs).map(([name, input]) => [name, feedOf(input)]));
      const out = await runner.run(feeds);
      const first = performance.now() - loaded;
      const times: number[] = [];
      for (let i = 0; i < event.data.repeat; i++) {
        const t = performance.now();
        await runner.run(feeds);
        times.push(performance.now() - t);
      }
      answer = {
        runtime: runner.runtime,
        ms: { load: loaded - started, first, ...(times.length ? { median: median(times) } : {}) },
        outputs: Object.fromEntries(
          Object.entries(out).map(([name, t]) => [name, { shape: [...t.shape], values: Array.from(t.data) }]),
        ),
      };
    } finally {
      await runner.close();
    }
  } catch (error) {
    answer = { error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(answer);
};
