// The engine's export path, in-process with the real core on the project's MNIST sample and an int8 variant
// of it: the preview (header top, flash, arena, files), the files by name, the bundle, and bad options.
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusPath, hasCorpus, readBytes } from '../test-support/corpus';
import { failureOf, mnistCalibration, mnistSampleFile } from '../test-support/engine-samples';
import { createInProcessClient, type EngineClient } from './client';
import { lineageLines } from './export-lineage';
import type { ExportPreview, OpenResult, RecipeStep, VariantResult } from './protocol';
import { copy } from './test-models';
import { analyzeModel, readModel } from '../core';

const decoder = new TextDecoder();
const bytesOf = (buffer: ArrayBuffer) => new Uint8Array(buffer);

describe('engine: exporting the MNIST sample and its int8 variant', () => {
  let engine: EngineClient;
  let original: OpenResult;
  let variant: VariantResult;
  let preview: ExportPreview;
  const accuracy = { data: 'MNIST digits (200, 0..1)', samples: 200, top1: 0.975 };

  beforeAll(async () => {
    engine = await createInProcessClient();
    original = await engine.openModel([mnistSampleFile()]);
    variant = await engine.quantize(original.summary.modelId, {
      settings: { mode: 'int8' },
      calibration: mnistCalibration(40),
    });
    preview = await engine.exportPreview(variant.summary.modelId, { options: {}, accuracy });
  });

  it('previews the header top with its include guard and alignas(16), and what it takes', () => {
    expect(preview.fileName).toBe('mnist-cnn.int8.onnx');
    expect(preview.format).toBe('onnx');
    expect(preview.arrayName).toBe('mnist_cnn_int8_onnx');
    expect(preview.headerName).toMatch(/\.h$/);
    expect(preview.headerTop).toMatch(/#ifndef \w+_H_?\b/);
    // The top runs through the array's opening line (alignment included) and its first row of bytes.
    expect(preview.headerTop).toMatch(
      /alignas\(16\) const unsigned char mnist_cnn_int8_onnx\[\] = \{\n {2}0x[0-9a-f]{2},/,
    );
    expect(preview.headerLines).toBeGreaterThan(200);
    const shown = preview.headerTop.split('\n').length;
    expect(shown).toBeGreaterThanOrEqual(60);
    expect(shown).toBeLessThanOrEqual(160);
    // The array is the file, padded up to the alignment at most.
    expect(preview.flashBytes).toBeGreaterThanOrEqual(variant.variant.fileBytes);
    expect(preview.flashBytes).toBeLessThan(variant.variant.fileBytes + 16 + 8);
    const arena = preview.arena;
    expect(arena.plannedBytes).toBe(variant.summary.metrics.arenaBytes);
    expect(arena.marginPercent).toBe(20);
    expect(arena.totalBytes).toBeGreaterThanOrEqual(Math.ceil(arena.plannedBytes * 1.2));
    expect(arena.totalBytes % 16).toBe(0);
  });

  it('lists every file: model, header, examples, reports, then the bundle', () => {
    const roles = preview.files.map((f) => f.role);
    expect(roles[0]).toBe('model');
    expect(roles.at(-1)).toBe('bundle');
    expect(roles).toEqual(expect.arrayContaining(['header', 'report']));
    expect(roles.some((r) => r === 'example' || r === 'note')).toBe(true);
    expect(preview.files[0]).toEqual({ name: 'mnist-cnn.int8.onnx', role: 'model', bytes: variant.variant.fileBytes });
    expect(new Set(preview.files.map((f) => f.name)).size).toBe(preview.files.length);
  });

  it('hands over the model file exactly as modelFiles does', async () => {
    const [fromExport] = await engine.exportFiles(variant.summary.modelId, { options: {} }, ['mnist-cnn.int8.onnx']);
    const [saved] = await engine.modelFiles(variant.summary.modelId);
    expect(bytesOf(fromExport!.bytes)).toEqual(bytesOf(saved!.bytes));
  });

  it('bundles every listed file, charts included, with the report stating the studio’s figures', async () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const charts = [{ name: 'memory.svg', bytes: svg.slice().buffer as ArrayBuffer }];
    const request = { options: {}, accuracy, charts };
    const withCharts = await engine.exportPreview(variant.summary.modelId, request);
    const bundle = withCharts.files.at(-1)!;
    const [zip] = await engine.exportFiles(
      variant.summary.modelId,
      { ...request, charts: [{ name: 'memory.svg', bytes: svg.slice().buffer as ArrayBuffer }] },
      [bundle.name],
    );
    expect(zip!.name).toBe('mnist-cnn.int8.bundle.zip');
    expect(zip!.bytes.byteLength).toBe(bundle.bytes);
    const entries = unzipSync(bytesOf(zip!.bytes));
    expect(Object.keys(entries).sort()).toEqual(
      withCharts.files
        .filter((f) => f.role !== 'bundle')
        .map((f) => f.name)
        .sort(),
    );
    expect(entries['charts/memory.svg']).toEqual(svg);
    const [saved] = await engine.modelFiles(variant.summary.modelId);
    expect(entries['mnist-cnn.int8.onnx']).toEqual(bytesOf(saved!.bytes));
    const json = withCharts.files.find((f) => f.role === 'report' && f.name.endsWith('.json'))!;
    const report = JSON.parse(decoder.decode(entries[json.name])) as {
      summary: Record<string, number>;
      accuracy: unknown;
      recipe: { kind: string; summary: string }[];
    };
    const m = variant.summary.metrics;
    expect(report.summary).toMatchObject({
      params: m.params,
      weightBytes: m.weightBytes,
      macs: m.macs,
      peakActivationBytes: m.peakActivationBytes,
      arenaBytes: m.arenaBytes,
    });
    expect(report.accuracy).toEqual(accuracy);
    expect(report.recipe).toEqual([{ kind: 'quantize', summary: expect.stringMatching(/^int8 static, per channel/) }]);
    const md = withCharts.files.find((f) => f.role === 'report' && f.name.endsWith('.md'))!;
    expect(decoder.decode(entries[md.name])).toContain('int8 static');
  });

  it('splits the array into .h + .cc, and zips them on request', async () => {
    const request = { options: { split: true, name: 'digits_model' } };
    const split = await engine.exportPreview(variant.summary.modelId, request);
    expect(split.arrayName).toBe('digits_model');
    const pair = split.files.filter((f) => f.role === 'header' || f.role === 'source');
    expect(pair.map((f) => f.role)).toEqual(['header', 'source']);
    const [zip] = await engine.exportFiles(
      variant.summary.modelId,
      request,
      pair.map((f) => f.name),
      'digits_model.zip',
    );
    expect(zip!.name).toBe('digits_model.zip');
    expect(Object.keys(unzipSync(bytesOf(zip!.bytes))).sort()).toEqual(pair.map((f) => f.name).sort());
  });

  it('asking for the memory-optimised order of a chain changes nothing: same file, same arena', async () => {
    const ordered = await engine.exportPreview(original.summary.modelId, { options: {}, operatorOrder: 'memory' });
    expect(ordered.operatorOrder).toMatchObject({ used: 'model' });
    expect(ordered.operatorOrder?.optimisedPeak).toBe(ordered.operatorOrder?.modelOrderPeak);
    expect(ordered.files[0]!.bytes).toBe(original.summary.files[0]!.bytes);
  });

  it('the original exports too, with no lineage and its own file', async () => {
    const own = await engine.exportPreview(original.summary.modelId, { options: {} });
    expect(own.fileName).toBe('mnist-cnn.onnx');
    expect(own.files[0]!.bytes).toBe(original.summary.files[0]!.bytes);
  });

  it('a bad option or an unknown file name fails with a message naming it', async () => {
    const bad = await failureOf(engine.exportPreview(variant.summary.modelId, { options: { alignment: 3 } }));
    expect(bad.code).toBe('invalid-options');
    expect(bad.message).toMatch(/3/);
    const unknown = await failureOf(engine.exportFiles(variant.summary.modelId, { options: {} }, ['nope.h']));
    expect(unknown.code).toBe('no-data');
    expect(unknown.message).toContain('nope.h');
  });
});

describe('export lineage', () => {
  it('says how a quantized variant and a recipe variant were made, one line per step that ran', () => {
    const quantize: RecipeStep = {
      kind: 'quantize',
      options: { mode: 'int8', granularity: 'per-channel' },
      calibration: { data: 'mnist', pixelScale: '0..1', samples: 200, method: 'minmax' },
    };
    expect(lineageLines([quantize])).toEqual([
      {
        kind: 'quantize',
        summary:
          'int8 static, per channel, symmetric; calibrated on the built-in MNIST digits (200 samples, pixels 0..1, minmax ranges)',
      },
    ]);
    const recipe: RecipeStep = {
      kind: 'recipe',
      recipe: {
        scaledown: 'recipe',
        version: 1,
        name: 'Deep Compression',
        steps: [
          { kind: 'prune', method: 'magnitude', sparsity: 0.75 },
          { kind: 'quantize', mode: 'int8-weights', enabled: false },
          { kind: 'cluster', clusters: 8 },
        ],
      },
    };
    expect(lineageLines([recipe]).map((l) => [l.kind, l.summary])).toEqual([
      ['prune', 'Deep Compression, step 1: prune 75% of weights (layer magnitude)'],
      ['cluster', 'Deep Compression, step 2: cluster weights into 8 shared values (linear init)'],
    ]);
    expect(lineageLines([])).toEqual([]);
  });
});

describe.skipIf(!hasCorpus())('engine: exporting corpus models of other formats', () => {
  const file = (relative: string, name = relative.split('/').at(-1)!) => ({
    name,
    bytes: copy(readBytes(corpusPath(relative))),
  });

  it('a TFLite model gets the TFLM examples (Arduino sketch in its own folder, main.cc), TFLM bookkeeping in the arena', async () => {
    const engine = await createInProcessClient();
    const opened = await engine.openModel([file('models/tflite/tflm_test_conv_model.tflite')]);
    const preview = await engine.exportPreview(opened.summary.modelId, { options: {} });
    expect(preview.format).toBe('tflite');
    expect(preview.arena.plannedBytes).toBe(7744);
    expect(preview.arena.overheadBytes).toBeGreaterThan(0);
    const examples = preview.files.filter((f) => f.role === 'example').map((f) => f.name);
    expect(examples).toEqual(
      expect.arrayContaining([
        'examples/tflm_test_conv_model_tflite/tflm_test_conv_model_tflite.ino',
        'examples/main.cc',
      ]),
    );
    expect(preview.headerTop).toContain('MicroMutableOpResolver<');
  });

  it('a TF.js model ships every file it was read from, and its model download is one .zip of them', async () => {
    const engine = await createInProcessClient();
    const dir = 'models/tfjs/tfjs_examples_prefetch_graph';
    const opened = await engine.openModel([file(`${dir}/model.json`), file(`${dir}/group1-shard1of1.bin`)]);
    const preview = await engine.exportPreview(opened.summary.modelId, { options: {} });
    const models = preview.files.filter((f) => f.role === 'model').map((f) => f.name);
    expect(models).toEqual(['model.json', 'group1-shard1of1.bin']);
    const [zip] = await engine.exportFiles(opened.summary.modelId, { options: {} }, models, 'model.zip');
    const entries = unzipSync(bytesOf(zip!.bytes));
    expect(entries['group1-shard1of1.bin']).toEqual(
      new Uint8Array(readBytes(corpusPath(`${dir}/group1-shard1of1.bin`))),
    );
  });

  it('keeps the memory-optimised operator order in the exported ONNX file, and the arena follows', async () => {
    const engine = await createInProcessClient();
    const opened = await engine.openModel([file('models/onnx/onnxzoo_mnist-8.onnx', 'mnist-8.onnx')]);
    const id = opened.summary.modelId;
    const asIs = await engine.exportPreview(id, { options: {} });
    expect(asIs.operatorOrder).toEqual({ modelOrderPeak: 60_416, optimisedPeak: 50_176, used: 'model' });
    expect(asIs.arena.plannedBytes).toBe(60_416);
    const request = { options: {}, operatorOrder: 'memory' as const };
    const ordered = await engine.exportPreview(id, request);
    expect(ordered.operatorOrder?.used).toBe('memory');
    expect(ordered.arena.plannedBytes).toBe(50_176);
    expect(ordered.fileName).toBe('mnist-8.onnx');
    const [model] = await engine.exportFiles(id, request, ['mnist-8.onnx']);
    const back = readModel([{ name: 'mnist-8.onnx', bytes: bytesOf(model!.bytes) }]);
    const [own] = await engine.modelFiles(id);
    const stored = readModel([{ name: 'mnist-8.onnx', bytes: bytesOf(own!.bytes) }]);
    expect(back.graph.nodes.map((n) => n.name)).not.toEqual(stored.graph.nodes.map((n) => n.name));
    expect([...back.graph.nodes.map((n) => n.name)].sort()).toEqual([...stored.graph.nodes.map((n) => n.name)].sort());
    expect(analyzeModel(back).peakActivationBytes).toBe(50_176);
  });

  it('a TF.js model cannot keep an operator order: the preview says why and asking for it fails', async () => {
    const engine = await createInProcessClient();
    const dir = 'models/tfjs/tfjs_examples_prefetch_graph';
    const opened = await engine.openModel([file(`${dir}/model.json`), file(`${dir}/group1-shard1of1.bin`)]);
    const preview = await engine.exportPreview(opened.summary.modelId, { options: {} });
    expect(preview.operatorOrder?.unsupported).toMatch(/TF\.js orders the operators itself/);
    const refused = await failureOf(
      engine.exportPreview(opened.summary.modelId, { options: {}, operatorOrder: 'memory' }),
    );
    expect(refused.code).toBe('not-applicable');
  });
});
