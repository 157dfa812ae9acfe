// The estimate on every corpus model the core reads: never throws; CNNs get figures that hold together,
// the others a sentence saying why not.
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModel } from '../../../formats/registry';
import type { Model } from '../../../ir/types';
import { inferShapes } from '../../../shape/infer';
import { corpusPath, hasCorpus, listFiles, readBytes } from '../../../../test-support/corpus';
import { analyzeModel } from '../../analyze';
import { estimatePatchInference } from './estimate';

// Models whose first layers are convolutions on 4-D feature maps with known shapes.
const CNNS = [
  'onnxzoo_mnist-8.onnx',
  'onnx_light_squeezenet.onnx',
  'onnx_light_densenet121.onnx',
  'mlperf_ic_resnet8_float.tflite',
  'mlperf_ic_resnet8_int8.tflite',
  'mlperf_kws_dscnn_float32_hybrid.tflite',
  'mlperf_kws_dscnn_int8.tflite',
  'mlperf_vww_mobilenetv1_96_float.tflite',
  'mlperf_vww_mobilenetv1_96_int8.tflite',
  'tflm_person_detect_int8.tflite',
  'tflm_test_conv_model.tflite',
];

function read(path: string): Model | undefined {
  // A TF.js model.json comes with the weight files of its folder.
  const companions = path.endsWith('.json')
    ? readdirSync(dirname(path))
        .filter((f) => f !== basename(path))
        .map((f) => ({ name: f, bytes: readBytes(join(dirname(path), f)) }))
    : [];
  try {
    return readModel([{ name: basename(path), bytes: readBytes(path) }, ...companions]);
  } catch {
    return undefined; // not a model the core reads (other tests cover the readers)
  }
}

const paths = hasCorpus()
  ? [
      ...listFiles(corpusPath('models/onnx'), ['.onnx']),
      ...listFiles(corpusPath('models/tflite'), ['.tflite']),
      ...listFiles(corpusPath('models/tfjs'), ['model.json']),
    ]
  : [];

describe.skipIf(!hasCorpus())('patch estimate on the corpus', () => {
  it('finds the CNNs in the corpus', () => {
    expect(paths.map((p) => basename(p))).toEqual(expect.arrayContaining(CNNS));
  });

  it.each(paths.map((path) => ({ name: path.slice(corpusPath('models').length + 1), path })))('$name', ({ path }) => {
    const model = read(path);
    if (!model) return;
    const inference = inferShapes(model);
    const options = { inference, activationDType: 'int8', inPlace: true, fuseActivations: true } as const;
    const r = estimatePatchInference(model, options);
    expect(r.ok).toBe(CNNS.includes(basename(path)));
    if (!r.ok) {
      expect(r.reason).toMatch(/^No layers can run patch by patch: .+\.$/);
      return;
    }
    const { estimate } = r;
    expect(estimate.baselinePeak).toBe(analyzeModel(model, options).peakActivationBytes);
    expect(estimate.candidates[0]).toBe(estimate.best);
    const lowest = Math.min(...estimate.candidates.map((c) => c.peak));
    expect(estimate.best.peak).toBeLessThanOrEqual(lowest * 1.02);
    for (const c of estimate.candidates) {
      expect(c.peak).toBe(Math.max(c.patchStagePeak, c.remainingPeak));
      expect(c.patchStagePeak).toBeGreaterThanOrEqual(c.stageOutputBytes + c.patchBytes);
      expect(c.stageOutputBytes).toBeGreaterThan(0);
      expect(c.remainingPeak).toBeGreaterThanOrEqual(c.stageOutputBytes);
      // Negative only by the border pixels a stage skips (mnist-8's 3×3/3 pools read 12 of 14 rows).
      expect(c.macs).toBe(estimate.baselineMacs + c.extraMacs);
      expect(c.macs).toBeGreaterThan(0.9 * estimate.baselineMacs);
      expect(c.stageNodeIds.at(-1)).toBe(c.stageEndNodeId);
    }
  });
});
