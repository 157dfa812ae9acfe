import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPath, hasCorpus, listFiles } from '../test-support/corpus';
import type { InspectJson } from './commands/inspect';
import { runScaledown } from './testing/spawn-cli';

interface Expected {
  readonly params: number;
  readonly weightBytes: number;
  readonly macs: number;
  readonly arenaBytes: number;
  readonly nodeCount: number;
}

// corpus/MANIFEST.md ("TFLite" table). Arenas are current TFLM's plan (equal sizes: later-added buffer
// first); MANIFEST planned earlier-first, which gives 258,048 and 64,512 for the two VWW models.
const EXPECTED: Readonly<Record<string, Expected>> = {
  'mlperf_ad_autoencoder_float.tflite': {
    params: 265_864,
    weightBytes: 1_063_456,
    macs: 264_192,
    arenaBytes: 3_072,
    nodeCount: 10,
  },
  'mlperf_ad_autoencoder_int8.tflite': {
    params: 265_864,
    weightBytes: 270_880,
    macs: 264_192,
    arenaBytes: 768,
    nodeCount: 10,
  },
  'mlperf_ic_resnet8_float.tflite': {
    params: 77_708,
    weightBytes: 310_832,
    macs: 12_501_632,
    arenaBytes: 196_608,
    nodeCount: 16,
  },
  'mlperf_ic_resnet8_int8.tflite': {
    params: 77_708,
    weightBytes: 78_752,
    macs: 12_501_632,
    arenaBytes: 49_152,
    nodeCount: 16,
  },
  'mlperf_kws_dscnn_float32_hybrid.tflite': {
    params: 22_606,
    weightBytes: 33_592,
    macs: 2_656_768,
    arenaBytes: 64_000,
    nodeCount: 13,
  },
  'mlperf_kws_dscnn_int8.tflite': {
    params: 22_606,
    weightBytes: 24_376,
    macs: 2_656_768,
    arenaBytes: 16_000,
    nodeCount: 13,
  },
  'mlperf_vww_mobilenetv1_96_float.tflite': {
    params: 210_852,
    weightBytes: 843_408,
    macs: 7_489_664,
    arenaBytes: 294_912,
    nodeCount: 31,
  },
  'mlperf_vww_mobilenetv1_96_int8.tflite': {
    params: 210_852,
    weightBytes: 219_072,
    macs: 7_489_664,
    arenaBytes: 73_728,
    nodeCount: 31,
  },
  'tflm_hello_world_float.tflite': { params: 321, weightBytes: 1_284, macs: 288, arenaBytes: 128, nodeCount: 3 },
  'tflm_hello_world_int8.tflite': { params: 321, weightBytes: 420, macs: 288, arenaBytes: 32, nodeCount: 3 },
  'tflm_micro_speech_int8.tflite': {
    params: 16_656,
    weightBytes: 16_704,
    macs: 336_000,
    arenaBytes: 5_968,
    nodeCount: 4,
  },
  'tflm_person_detect_int8.tflite': {
    params: 210_708,
    weightBytes: 218_928,
    macs: 7_157_888,
    arenaBytes: 55_296,
    nodeCount: 31,
  },
  'tflm_test_conv_model.tflite': {
    params: 16_332,
    weightBytes: 16_512,
    macs: 703_296,
    arenaBytes: 7_744,
    nodeCount: 7,
  },
};

const present = hasCorpus();
const models = listFiles(corpusPath('models/tflite'), ['.tflite']);

describe.skipIf(!present)('scaledown inspect on the TFLite corpus', () => {
  it('has figures for every TFLite model of the corpus', () => {
    expect(models.map((m) => basename(m)).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.concurrent.each(models.map((path) => ({ name: basename(path), path })))('$name --json', async ({ name, path }) => {
    const r = await runScaledown(['inspect', path, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as InspectJson;
    const { params, weightBytes, macs, arenaBytes, nodeCount } = json;
    expect({ params, weightBytes, macs, arenaBytes, nodeCount }).toEqual(EXPECTED[name]);
    expect(json.format).toBe('tflite');
    expect(json.layers.reduce((sum, l) => sum + l.macs, 0)).toBe(json.macs);
    expect(json.layers.reduce((sum, l) => sum + l.weightBytes, 0)).toBe(json.weightBytes);
    expect(json.unknownSizeTensors).toBe(0);
    expect(json.peakActivationBytes).toBeLessThanOrEqual(json.arenaBytes);
  });

  it.concurrent("prints TFLM's test conv model as text, op names spelled as TFLite spells them", async () => {
    const r = await runScaledown(['inspect', corpusPath('models/tflite/tflm_test_conv_model.tflite')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\(TFLITE, from MLIR Converted\.\)/);
    expect(r.stdout).toMatch(/^inputs\s+conv2d_input float32 \[1, 16, 16, 1\]$/m);
    expect(r.stdout).toMatch(
      /^nodes\s+7: CONV_2D×2, QUANTIZE×1, MAX_POOL_2D×1, RESHAPE×1, FULLY_CONNECTED×1, DEQUANTIZE×1$/m,
    );
    expect(r.stdout).toMatch(/^params\s+16,332 \(16\.1 KiB of weights\)$/m);
    expect(r.stdout).toMatch(/^arena\s+7\.56 KiB/m);
    expect(r.stdout).toMatch(
      /^2\s+CONV_2D_2\s+CONV_2D\s+4,640\s+4\.63 KiB\s+663,552\s+4\.50 KiB\s+\[1, 12, 12, 32\]$/m,
    );
  });

  it.concurrent('plans activations as int8 on request', async () => {
    const path = corpusPath('models/tflite/tflm_test_conv_model.tflite');
    const r = await runScaledown(['inspect', path, '--json', '--activation-dtype', 'int8']);
    const json = JSON.parse(r.stdout) as InspectJson;
    // Only the float input (1 KiB → 256 B) and output (40 B → 10 B) shrink; the arena peak is int8 already.
    expect(json).toMatchObject({ activationDType: 'int8', arenaBytes: 7_744 });
  });
});
