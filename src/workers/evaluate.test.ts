// The engine's evaluate job in-process. onnxruntime-web needs a browser (e2e/evaluate-worker.spec.ts covers
// it there), so here the engine is given onnxruntime-node through its runner factory: same job, same core.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { writeNpz, type Feed } from '../core';
import { REPO_ROOT } from '../test-support/corpus';
import { failureOf, mnistSampleFile } from '../test-support/engine-samples';
import { createInProcessClient, type EngineClient } from './client';
import type { LoadedRunner, RunnerFactory } from './evaluate-job';
import type { EvaluateRequest, InputFile, Progress } from './protocol';
import { copy } from './test-models';

const DIGITS = join(REPO_ROOT, 'public/samples/mnist-digits.npz');
const lenetFile = (): InputFile => ({
  name: 'lenet-300-100.onnx',
  bytes: copy(readFileSync(join(REPO_ROOT, 'public/samples/lenet-300-100.onnx'))),
});
const mnist = (extra: Partial<EvaluateRequest> = {}): EvaluateRequest => ({
  source: { kind: 'mnist', pixelScale: '0..1', file: { name: 'mnist-digits.npz', bytes: copy(readFileSync(DIGITS)) } },
  ...extra,
});

const loads: string[] = [];
const nodeRunners: RunnerFactory = async (model, files, fileName): Promise<LoadedRunner> => {
  loads.push(fileName);
  const session = await ort.InferenceSession.create(files[0]!.bytes);
  return {
    runtime: 'onnxruntime-node',
    run: async (feeds) => {
      const tensors = Object.fromEntries(
        Object.entries(feeds).map(([name, feed]: [string, Feed]) => {
          const f = ArrayBuffer.isView(feed) ? { data: feed, shape: [feed.length] } : feed;
          return [name, new ort.Tensor('float32', f.data as Float32Array, [...f.shape])];
        }),
      );
      const out = await session.run(tensors);
      return Object.fromEntries(
        session.outputNames.map((n) => [n, { data: out[n]!.data as Float32Array, shape: out[n]!.dims }]),
      );
    },
    close: () => session.release(),
  };
};

async function opened(file: InputFile): Promise<{ engine: EngineClient; modelId: string }> {
  const engine = await createInProcessClient(nodeRunners);
  const { summary } = await engine.openModel([file]);
  return { engine, modelId: summary.modelId };
}

describe('engine: evaluate a model on the built-in MNIST digits', () => {
  it('LeNet on all 10,000 digits: 99.08 % top-1, progress per batch up to 1', async () => {
    const { engine, modelId } = await opened(lenetFile());
    const progress: Progress[] = [];
    const r = await engine.evaluate(modelId, mnist(), { onProgress: (p) => progress.push(p) });
    expect(r.modelId).toBe(modelId);
    expect(r.data).toBe('mnist');
    expect(r.runtime).toBe('onnxruntime-node');
    expect(r.result.samples).toBe(10_000);
    expect(r.result.classification?.top1).toBeCloseTo(0.9908, 4);
    expect(r.result.classification?.confusion.length).toBe(10);
    const evaluating = progress.filter((p) => p.phase === 'evaluate');
    expect(evaluating.length).toBeGreaterThan(10);
    expect(evaluating.at(-1)?.fraction).toBe(1);
    expect(r.timings.total).toBeGreaterThanOrEqual(r.timings.run);
  });

  it('a seeded subset, ×255 pixels and a reference model: agreement and error against it', async () => {
    const { engine, modelId } = await opened(lenetFile());
    const other = (await engine.openModel([mnistSampleFile()])).summary.modelId;
    const r = await engine.evaluate(modelId, mnist({ samples: 300, referenceId: other, batchSize: 50 }));
    expect(r.referenceId).toBe(other);
    expect(r.result.samples).toBe(300);
    expect(r.result.reference?.agreement).toBeGreaterThan(0.9);
    expect(r.result.reference?.agreement).toBeLessThan(1);
    // The same model against itself agrees exactly.
    const self = await engine.evaluate(modelId, mnist({ samples: 100, referenceId: modelId }));
    expect(self.result.reference?.agreement).toBe(1);
    expect(self.result.reference?.mse).toBe(0);
    // Raw 0..255 pixels scaled back down give the 0..1 figures.
    const raw = mnist({ samples: 200 });
    const scaled = await engine.evaluate(modelId, {
      ...raw,
      source: { ...raw.source, pixelScale: '0..255' } as EvaluateRequest['source'],
      scale: 1 / 255,
    });
    const unit = await engine.evaluate(modelId, mnist({ samples: 200 }));
    expect(scaled.result.classification?.top1).toBeCloseTo(unit.result.classification!.top1, 6);
  });

  it('an uploaded .npz: its labels are scored; a misfit names the dimension', async () => {
    const { engine, modelId } = await opened(lenetFile());
    const x = new Float32Array(4 * 784);
    const file = (shape: number[], data = x) => ({
      name: 'mine.npz',
      bytes: copy(
        writeNpz({
          x: { dtype: 'float32', shape, data },
          y: { dtype: 'int32', shape: [4], data: Int32Array.from([1, 1, 1, 1]) },
        }),
      ),
    });
    const r = await engine.evaluate(modelId, { source: { kind: 'file', file: file([4, 1, 28, 28]) } });
    expect(r.data).toBe('mine.npz');
    expect(r.result.samples).toBe(4);
    expect(r.result.classification).toBeDefined();
    const bad = await failureOf(
      engine.evaluate(modelId, { source: { kind: 'file', file: file([4, 1, 28, 27], new Float32Array(4 * 756)) } }),
    );
    expect(bad.message).toMatch(/dimension/);
    expect(bad.message).toContain('mine.npz');
  });

  it('an abort mid-run cancels the job between batches', async () => {
    const { engine, modelId } = await opened(lenetFile());
    const controller = new AbortController();
    const fractions: number[] = [];
    const run = engine.evaluate(modelId, mnist(), {
      signal: controller.signal,
      onProgress: (p) => {
        fractions.push(p.fraction);
        if (p.fraction > 0.05) controller.abort();
      },
    });
    expect((await failureOf(run)).code).toBe('cancelled');
    expect(fractions.at(-1)).toBeLessThan(1);
  });

  it('an unknown reference model is refused before anything runs', async () => {
    const { engine, modelId } = await opened(lenetFile());
    loads.length = 0;
    const failure = await failureOf(engine.evaluate(modelId, mnist({ referenceId: 'm99' })));
    expect(failure.code).toBe('unknown-model');
    expect(loads).toEqual([]);
  });
});
