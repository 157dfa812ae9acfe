// The engine's per-layer error in-process: ONNX members run in onnxruntime-node with their layers' tensors
// made graph outputs (as onnxruntime-web does in the worker), TFLite members in the reference executor.
import { describe, expect, it } from 'vitest';
import { corpusPath, hasCorpus, readBytes } from '../test-support/corpus';
import { failureOf, mnistCalibration, mnistSampleFile } from '../test-support/engine-samples';
import { createInProcessClient, type EngineClient } from './client';
import { mnistSource, noiseFile, nodeAnalysisRunners } from '../test-support/analysis-runners';
import type { CalibrationRequest, InputFile, Progress, QuantizeSettings } from './protocol';
import { copy } from './test-models';

async function family(
  file: InputFile,
  settings: QuantizeSettings,
  calibration: CalibrationRequest,
): Promise<{ engine: EngineClient; floatId: string; variantId: string }> {
  const engine = await createInProcessClient(nodeAnalysisRunners);
  const floatId = (await engine.openModel([file])).summary.modelId;
  const variant = await engine.quantize(floatId, { settings, calibration });
  return { engine, floatId, variantId: variant.summary.modelId };
}

const INT8: QuantizeSettings = { mode: 'int8', granularity: 'per-channel' };

describe('engine: per-layer error of the MNIST sample against its int8 variant', () => {
  it('QDQ: a finite SQNR for every layer, on 64 digits by default, with progress to 1', async () => {
    const { engine, floatId, variantId } = await family(mnistSampleFile(), INT8, mnistCalibration(200));
    const progress: Progress[] = [];
    const r = await engine.layerError(
      variantId,
      floatId,
      { source: mnistSource() },
      { onProgress: (p) => progress.push(p) },
    );
    expect(r.modelId).toBe(variantId);
    expect(r.referenceId).toBe(floatId);
    expect(r.samples).toBe(64);
    expect(r.runtimes.model).toBe('onnxruntime-node');
    expect(r.rows.map((row) => row.nodeId)).toEqual([
      'conv1',
      'relu1',
      'pool1',
      'conv2',
      'relu2',
      'pool2',
      'flatten',
      'fc',
    ]);
    for (const row of r.rows) {
      expect(row.problem).toBeUndefined();
      expect(Number.isFinite(row.sqnr)).toBe(true);
      expect(row.sqnr).toBeGreaterThan(10);
      expect(row.cosine).toBeGreaterThan(0.95);
    }
    expect(r.unmatched).toEqual([]);
    expect(r.output.agreement).toBeGreaterThan(0.95);
    expect(progress.filter((p) => p.phase === 'evaluate').at(-1)?.fraction).toBe(1);
  });

  it('a member against itself is exact at every layer', async () => {
    const engine = await createInProcessClient(nodeAnalysisRunners);
    const id = (await engine.openModel([mnistSampleFile()])).summary.modelId;
    const r = await engine.layerError(id, id, { source: mnistSource(), samples: 16 });
    expect(r.rows.length).toBe(8);
    expect(r.rows.every((row) => row.sqnr === Infinity && row.mse === 0)).toBe(true);
  });

  it('QOperator: the integer layers are dequantized and measure like the QDQ ones', async () => {
    const qdq = await family(mnistSampleFile(), INT8, mnistCalibration(200));
    const qop = await family(mnistSampleFile(), { ...INT8, onnxFormat: 'qoperator' }, mnistCalibration(200));
    const a = await qdq.engine.layerError(qdq.variantId, qdq.floatId, { source: mnistSource(), samples: 32 });
    const b = await qop.engine.layerError(qop.variantId, qop.floatId, { source: mnistSource(), samples: 32 });
    const conv2 = b.rows.find((row) => row.nodeId === 'conv2')!;
    expect(conv2.op).toBe('QLinearConv');
    expect(conv2.reference.nodeId).toBe('relu2');
    // Same calibration, same integers: the QOperator layer's error is the QDQ Relu's, within a rounding.
    const relu2 = a.rows.find((row) => row.nodeId === 'relu2')!;
    expect(Math.abs(conv2.sqnr - relu2.sqnr)).toBeLessThan(3);
    expect(b.output.agreement).toBeGreaterThan(0.95);
  });

  it('cancels between batches and rejects a member that is not open', async () => {
    const { engine, floatId, variantId } = await family(mnistSampleFile(), INT8, mnistCalibration(100));
    const controller = new AbortController();
    const run = engine.layerError(
      variantId,
      floatId,
      { source: mnistSource(), samples: 2000 },
      {
        signal: controller.signal,
        onProgress: (p) => p.phase === 'evaluate' && p.fraction > 0 && controller.abort(),
      },
    );
    expect((await failureOf(run)).code).toBe('cancelled');
    expect((await failureOf(engine.layerError(variantId, 'm99', { source: mnistSource() }))).code).toBe(
      'unknown-model',
    );
  });
});

describe.skipIf(!hasCorpus())('engine: per-layer error on corpus models', () => {
  it('MNIST-8 int8 static (×255 digits): every layer measured, the folded bias Add paired with its Conv', async () => {
    const file = { name: 'mnist-8.onnx', bytes: copy(readBytes(corpusPath('models/onnx/onnxzoo_mnist-8.onnx'))) };
    const calibration = { ...mnistCalibration(200), source: mnistSource('0..255') } as CalibrationRequest;
    const { engine, floatId, variantId } = await family(file, INT8, calibration);
    const r = await engine.layerError(variantId, floatId, { source: mnistSource('0..255') });
    const conv = r.rows.find((row) => row.nodeId === 'Convolution28')!;
    expect(conv.reference.op).toBe('Add');
    expect(r.rows.length).toBeGreaterThanOrEqual(8);
    expect(r.rows.every((row) => Number.isFinite(row.sqnr) && row.sqnr > 10)).toBe(true);
    expect(r.output.agreement).toBeGreaterThan(0.95);
  });

  it('ResNet-8 TFLite full int8: the executor exposes every layer of both members', async () => {
    const file = {
      name: 'resnet8.tflite',
      bytes: copy(readBytes(corpusPath('models/tflite/mlperf_ic_resnet8_float.tflite'))),
    };
    const data = noiseFile('noise.npz', 24, [32, 32, 3]);
    const calibration: CalibrationRequest = { source: { kind: 'file', file: data }, samples: 16, method: 'minmax' };
    const { engine, floatId, variantId } = await family(file, INT8, calibration);
    const r = await engine.layerError(variantId, floatId, {
      source: { kind: 'file', file: noiseFile('noise.npz', 24, [32, 32, 3]) },
      samples: 8,
    });
    expect(r.runtimes.model).toBe('reference executor');
    // 9 convolutions, 3 adds, the pool, reshape, fully connected layer and softmax.
    expect(r.rows.length).toBe(16);
    expect(r.rows.every((row) => row.by === 'tensor' && Number.isFinite(row.sqnr))).toBe(true);
  }, 60_000);
});
