// The engine's quantize path, in-process with the real core on the project's MNIST sample.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScaledown } from '../cli/testing/spawn-cli';
import { writeNpz } from '../core/data/index';
import { corpusPath, hasCorpus, readBytes } from '../test-support/corpus';
import { failureOf, MNIST_SAMPLE, mnistCalibration, mnistSampleFile } from '../test-support/engine-samples';
import { createInProcessClient, isCancelled, type EngineClient } from './client';
import type { CalibrationRequest, Progress, QuantizeRequest, QuantizeVariantInfo, VariantResult } from './protocol';
import { copy, customOpFile } from './test-models';

const mnist = (samples = 200): CalibrationRequest => mnistCalibration(samples);
const npz = (name: string, shape: number[]) => ({
  name,
  bytes: copy(
    writeNpz({ x: { dtype: 'float32', shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(0.5) } }),
  ),
});
const INT8: QuantizeRequest['settings'] = { mode: 'int8', granularity: 'per-channel' };

async function opened(): Promise<{ engine: EngineClient; modelId: string }> {
  const engine = await createInProcessClient();
  const { summary } = await engine.openModel([mnistSampleFile()]);
  return { engine, modelId: summary.modelId };
}

describe('engine: quantize the MNIST sample into a variant', () => {
  let engine: EngineClient;
  let modelId: string;
  let result: VariantResult<QuantizeVariantInfo>;
  const phases: Progress[] = [];

  beforeAll(async () => {
    ({ engine, modelId } = await opened());
    result = await engine.quantize(
      modelId,
      { settings: INT8, calibration: mnist() },
      { onProgress: (p) => phases.push(p) },
    );
  });

  it('int8 static with MNIST calibration: a smaller file, QDQ nodes, a report row per Conv / Gemm', async () => {
    const { variant, summary, graph } = result;
    expect(variant.parentId).toBe(modelId);
    expect(variant.label).toBe('int8 static');
    expect(summary.fileName).toBe('mnist-cnn.int8.onnx');
    expect(variant.fileBytes).toBeLessThan(variant.parentFileBytes);
    expect(variant.fileBytes).toBeLessThanOrEqual(0.5 * variant.parentFileBytes);
    expect(summary.files[0]?.bytes).toBe(variant.fileBytes);
    const weights = variant.report.layers.filter((l) => l.role === 'weight');
    expect(weights.map((l) => [l.nodeId, l.op]).sort()).toEqual([
      ['conv1', 'Conv'],
      ['conv2', 'Conv'],
      ['fc', 'Gemm'],
    ]);
    for (const l of weights) expect(l.sqnrDb).toBeGreaterThan(30);
    expect(variant.report.totals.bytesAfter).toBeLessThan(variant.report.totals.bytesBefore);
    const ops = new Set(graph.nodes.map((n) => n.op));
    expect(ops.has('QuantizeLinear') && ops.has('DequantizeLinear')).toBe(true);
    expect(variant.calibration).toMatchObject({ data: 'mnist', samples: 200, batches: 13, method: 'minmax' });
    expect(variant.recipe).toEqual([
      {
        kind: 'quantize',
        options: INT8,
        calibration: { data: 'mnist', pixelScale: '0..1', samples: 200, method: 'minmax' },
      },
    ]);
    // Both stay open; the variant's file is the one the summary describes.
    expect((await engine.openModels()).sort()).toEqual([modelId, summary.modelId].sort());
    const [file] = await engine.modelFiles(summary.modelId);
    expect(file?.bytes.byteLength).toBe(variant.fileBytes);
  });

  it('reports calibration per batch, then the later phases in order', () => {
    const calibrating = phases.filter((p) => p.phase === 'calibrate');
    expect(calibrating.length).toBeGreaterThan(5);
    expect(calibrating.at(-1)?.fraction).toBe(1);
    const order = [...new Set(phases.map((p) => p.phase))];
    expect(order).toEqual(['calibrate', 'quantize', 'write', 'shapes', 'analysis', 'graph']);
  });

  it('leaves the original as it was: float weights, no QDQ nodes', async () => {
    const stats = await engine.tensorStats(modelId, 'fc.weight');
    expect([stats.dtype, stats.dequantized]).toEqual(['float32', false]);
    const again = await engine.openModel([mnistSampleFile()]);
    const layout = await engine.layout(modelId, 'TB');
    expect(layout.positions.length).toBe(2 * again.graph.nodes.length);
  });

  it('numbers a second variant of the same kind, and closing the original closes its variants', async () => {
    const second = await engine.quantize(modelId, { settings: INT8, calibration: mnist(16) });
    expect(second.variant.label).toBe('int8 static 2');
    await engine.closeModel(modelId);
    const open = await engine.openModels();
    expect(open).not.toContain(result.summary.modelId);
    expect(open).not.toContain(second.summary.modelId);
  });
});

describe('engine: quantize failures and cancellation', () => {
  it('cancel mid-calibration: a cancelled outcome and no variant', async () => {
    const { engine, modelId } = await opened();
    const controller = new AbortController();
    const seen: number[] = [];
    const job = engine.quantize(
      modelId,
      { settings: INT8, calibration: mnist(400) },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase !== 'calibrate') return;
          seen.push(p.fraction);
          if (p.fraction > 0) controller.abort();
        },
      },
    );
    expect(isCancelled(await failureOf(job))).toBe(true);
    // Let the engine reach its checkpoint and unwind.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.at(-1)!).toBeLessThan(1);
    expect(await engine.openModels()).toEqual([modelId]);
  });

  it('a data file that does not fit the model input gets the core message naming the dimension', async () => {
    const { engine, modelId } = await opened();
    const request: QuantizeRequest = {
      settings: INT8,
      calibration: { source: { kind: 'file', file: npz('wrong.npz', [4, 1, 32, 32]) }, samples: 4, method: 'minmax' },
    };
    const error = await failureOf(engine.quantize(modelId, request));
    expect(error.code).toBe('shape-mismatch');
    expect(error.subject).toBe('wrong.npz');
    expect(error.message).toMatch(
      /wrong\.npz: x has samples of shape \[1, 32, 32\].*dimension 1: the data has 32, the model wants 28/,
    );
    expect(await engine.openModels()).toEqual([modelId]);
  });

  it('a file that is not NumPy data, and static int8 without data, are typed failures', async () => {
    const { engine, modelId } = await opened();
    const junk = { name: 'notes.npz', bytes: copy(new TextEncoder().encode('not numpy data at all')) };
    const bad = await failureOf(
      engine.quantize(modelId, {
        settings: INT8,
        calibration: { source: { kind: 'file', file: junk }, samples: 4, method: 'minmax' },
      }),
    );
    expect(bad.message).toContain('notes.npz');
    expect(bad.code).not.toBe('internal');
    const none = await failureOf(engine.quantize(modelId, { settings: INT8 }));
    expect(none.code).toBe('invalid-options');
    expect(none.message).toMatch(/needs calibration data/);
    expect(await engine.openModels()).toEqual([modelId]);
  });

  it('an operator the reference executor cannot run stops static int8 before calibration, naming it', async () => {
    const engine = await createInProcessClient();
    const { summary } = await engine.openModel([customOpFile()]);
    const data = npz('x.npz', [4, 1, 8, 8]);
    const error = await failureOf(
      engine.quantize(summary.modelId, {
        settings: INT8,
        calibration: { source: { kind: 'file', file: data }, samples: 4, method: 'minmax' },
      }),
    );
    expect(error.code).toBe('unsupported-op');
    expect(error.message).toMatch(/custom\.onnx: calibration runs the model .* cannot run com\.example::Swish/);
    // Weight-only quantization needs no run, so it still works.
    const w8 = await engine.quantize(summary.modelId, { settings: { mode: 'int8-weights' } });
    expect(w8.variant.report.layers.map((l) => l.tensor)).toEqual(['w']);
  });

  it('weight-only modes need no data; a TF.js-style unknown model id is refused', async () => {
    const { engine, modelId } = await opened();
    const w8 = await engine.quantize(modelId, { settings: { mode: 'int8-weights' } });
    expect(w8.variant.label).toBe('int8 weights');
    expect(w8.summary.fileName).toBe('mnist-cnn.w8.onnx');
    expect(w8.variant.calibration).toBeUndefined();
    expect(w8.variant.fileBytes).toBeLessThan(w8.variant.parentFileBytes);
    expect((await failureOf(engine.quantize('nope', { settings: { mode: 'float16' } }))).code).toBe('unknown-model');
  });
});

const HELLO = 'models/tflite/tflm_hello_world_float.tflite';
if (!hasCorpus()) console.warn(`skipping the TFLite variant test: the shared corpus is absent (${HELLO})`);

describe.skipIf(!hasCorpus())('engine: a TFLite variant', () => {
  it('full int8 on a data file: int8 tensors with their quantization, a smaller file', async () => {
    const engine = await createInProcessClient();
    const { summary } = await engine.openModel([{ name: 'hello.tflite', bytes: copy(readBytes(corpusPath(HELLO))) }]);
    const x = Float32Array.from({ length: 64 }, (_, i) => (2 * Math.PI * i) / 64);
    const data = { name: 'sine.npz', bytes: copy(writeNpz({ x: { dtype: 'float32', shape: [64, 1], data: x } })) };
    const result = await engine.quantize(summary.modelId, {
      settings: INT8,
      calibration: { source: { kind: 'file', file: data }, samples: 64, method: 'minmax' },
    });
    expect(result.summary.fileName).toBe('hello.int8.tflite');
    expect(result.variant.fileBytes).toBeLessThan(result.variant.parentFileBytes);
    expect(result.summary.inputs[0]?.dtype).toBe('int8');
    const fc = result.graph.nodes.find((n) => n.op === 'FULLY_CONNECTED')!;
    expect(fc.inputs[1]?.quant?.zeroPoint[0]).toBe(0);
    expect(result.variant.report.layers.filter((l) => l.role === 'weight')).toHaveLength(3);
  });
});

// `scaledown quantize` and the studio run the same core with the same data choices: same settings, same file.
describe('engine and CLI agree', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scaledown-studio-cli-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const sha = (bytes: Uint8Array | ArrayBuffer) =>
    createHash('sha256')
      .update(new Uint8Array(bytes as ArrayBuffer))
      .digest('hex');

  it.each([
    {
      name: 'int8 static, MNIST 200, minmax',
      args: ['--mode', 'int8', '--calibration', 'mnist', '--samples', '200'],
      request: { settings: INT8, calibration: mnist(200) } as QuantizeRequest,
    },
    {
      name: 'int8 static in QOperator form, MNIST 100',
      args: ['--mode', 'int8', '--calibration', 'mnist', '--samples', '100', '--onnx-format', 'qoperator'],
      request: { settings: { ...INT8, onnxFormat: 'qoperator' }, calibration: mnist(100) } as QuantizeRequest,
    },
    {
      name: 'int8 weights per tensor, asymmetric',
      args: ['--mode', 'int8-weights', '--granularity', 'per-tensor', '--asymmetric'],
      request: { settings: { mode: 'int8-weights', granularity: 'per-tensor', symmetric: false } } as QuantizeRequest,
    },
  ])(
    '$name: byte-identical files',
    async ({ args, request }) => {
      const out = join(dir, `${args.join('-').replace(/\W+/g, '_')}.onnx`);
      const cli = await runScaledown(['quantize', MNIST_SAMPLE, out, ...args, '--json']);
      expect(cli.stderr).toBe('');
      const json = JSON.parse(cli.stdout) as { bytes: number; report: { totals: { bytesAfter: number } } };
      const { engine, modelId } = await opened();
      const studio = await engine.quantize(modelId, request);
      const [file] = await engine.modelFiles(studio.summary.modelId);
      expect(studio.variant.fileBytes).toBe(json.bytes);
      expect(studio.variant.report.totals.bytesAfter).toBe(json.report.totals.bytesAfter);
      expect(sha(file!.bytes)).toBe(sha(readFileSync(out)));
    },
    60_000,
  );
});
