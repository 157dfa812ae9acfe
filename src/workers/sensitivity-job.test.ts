// The engine's sensitivity analysis in-process (onnxruntime-node for ONNX, the reference executor for
// TFLite), and "keep the worst k layers in float" as the studio does it: a normal quantize with overrides.
import { describe, expect, it } from 'vitest';
import { keepFloatOverrides } from '../core';
import { corpusPath, hasCorpus, readBytes } from '../test-support/corpus';
import { failureOf, mnistCalibration, mnistSampleFile } from '../test-support/engine-samples';
import { createInProcessClient } from './client';
import { mnistSource, noiseFile, nodeAnalysisRunners } from '../test-support/analysis-runners';
import type { AnalysisProgress, QuantizeSettings } from './protocol';
import { copy } from './test-models';

const INT8: QuantizeSettings = { mode: 'int8', granularity: 'per-channel' };

describe('engine: sensitivity analysis of the MNIST sample', () => {
  it('one row per weighted layer, ranked by accuracy lost; nothing joins the family; keep-worst-1 makes a variant', async () => {
    const engine = await createInProcessClient(nodeAnalysisRunners);
    const baseId = (await engine.openModel([mnistSampleFile()])).summary.modelId;
    const progress: AnalysisProgress[] = [];
    const r = await engine.sensitivity(
      baseId,
      { settings: INT8, calibration: mnistCalibration(100), source: mnistSource(), samples: 256 },
      { onProgress: (p) => progress.push(p) },
    );
    expect(r.modelId).toBe(baseId);
    expect(r.metric).toBe('accuracy');
    expect(r.samples).toBe(256);
    expect(r.floatTop1).toBeGreaterThan(0.95);
    expect(r.rows.map((row) => row.nodeId).sort()).toEqual(['conv1', 'conv2', 'fc']);
    for (const row of r.rows) {
      expect(row.problem).toBeUndefined();
      expect(row.top1).toBeGreaterThan(0.9);
      expect(Number.isFinite(row.sqnr!)).toBe(true);
    }
    // Quantizing one layer costs no more than quantizing them all.
    expect(r.full!.sqnr).toBeLessThanOrEqual(Math.max(...r.rows.map((row) => row.sqnr!)) + 1e-9);
    expect(progress.some((p) => p.phase === 'calibrate')).toBe(true);
    const tried = new Set(progress.flatMap((p) => (p.layer ? [p.layer.nodeId] : [])));
    expect([...tried].sort()).toEqual(['conv1', 'conv2', 'fc']);
    expect(progress.at(-1)?.fraction).toBe(1);
    // The one-layer models were dropped.
    expect(await engine.openModels()).toEqual([baseId]);

    const worst = r.rows[0]!.nodeId;
    const variant = await engine.quantize(baseId, {
      settings: { ...r.settings, overrides: keepFloatOverrides([worst]) },
      calibration: mnistCalibration(100),
    });
    const weights = variant.variant.report.layers.filter((l) => l.role === 'weight');
    expect(weights.find((l) => l.nodeId === worst)!.keptFloat).toBe(true);
    expect(weights.filter((l) => l.keptFloat)).toHaveLength(1);
  });

  it('weight-only int8 needs no calibration; unlabelled data ranks by output SQNR', async () => {
    const engine = await createInProcessClient(nodeAnalysisRunners);
    const baseId = (await engine.openModel([mnistSampleFile()])).summary.modelId;
    const r = await engine.sensitivity(baseId, {
      settings: { mode: 'int8-weights' },
      source: { kind: 'file', file: noiseFile('noise.npz', 40, [1, 28, 28]) },
    });
    expect(r.metric).toBe('sqnr');
    expect(r.samples).toBe(40);
    expect(r.rows).toHaveLength(3);
    const sqnrs = r.rows.map((row) => row.sqnr!);
    expect(sqnrs).toEqual([...sqnrs].sort((a, b) => a - b));
  });

  it('refuses static int8 without calibration data, and cancels between batches', async () => {
    const engine = await createInProcessClient(nodeAnalysisRunners);
    const baseId = (await engine.openModel([mnistSampleFile()])).summary.modelId;
    const refused = await failureOf(engine.sensitivity(baseId, { settings: INT8, source: mnistSource() }));
    expect(refused.code).toBe('invalid-options');
    const controller = new AbortController();
    const run = engine.sensitivity(
      baseId,
      { settings: INT8, calibration: mnistCalibration(50), source: mnistSource(), samples: 300 },
      { signal: controller.signal, onProgress: (p) => p.layer && controller.abort() },
    );
    expect((await failureOf(run)).code).toBe('cancelled');
  });
});

describe.skipIf(!hasCorpus())('engine: sensitivity analysis of a TFLite model', () => {
  it('ResNet-8: each convolution quantized alone in the reference executor, worst SQNR first', async () => {
    const engine = await createInProcessClient(nodeAnalysisRunners);
    const file = {
      name: 'resnet8.tflite',
      bytes: copy(readBytes(corpusPath('models/tflite/mlperf_ic_resnet8_float.tflite'))),
    };
    const baseId = (await engine.openModel([file])).summary.modelId;
    const r = await engine.sensitivity(baseId, {
      settings: INT8,
      calibration: {
        source: { kind: 'file', file: noiseFile('cal.npz', 16, [32, 32, 3]) },
        samples: 16,
        method: 'minmax',
      },
      source: { kind: 'file', file: noiseFile('noise.npz', 4, [32, 32, 3]) },
    });
    expect(r.runtime).toBe('reference executor');
    expect(r.rows).toHaveLength(10);
    expect(r.rows.every((row) => row.problem === undefined && Number.isFinite(row.sqnr!))).toBe(true);
    expect(r.rows[0]!.sqnr!).toBeLessThanOrEqual(r.rows.at(-1)!.sqnr!);
  }, 120_000);
});
