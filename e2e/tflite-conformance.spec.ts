import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS_DIR, corpusFile, corpusTfliteModels, expect, test } from './helpers';
import { compareModels, corpusModelUrl, useTfliteHarness, writtenUrl } from './harness/session';
import type { ModelReport } from './harness/tflite-page';

// Every corpus .tflite is rewritten by `scaledown convert` (our TFLite reader and writer) and both files
// run in the TFLite interpreter of @tensorflow/tfjs-tflite, in Chromium, on the same inputs: seeded random
// ones and the corpus data that fits the model. Outputs must be bit-identical.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const modelsDir = corpusFile('models/tflite');
const models = corpusTfliteModels();
const RANDOM_SETS = 3;
// MANIFEST.md: the clip scores 9.70710781 through the float autoencoder.
const AD_FLOAT_MSE = 9.70710781;
const PERSON_MODELS = [
  'tflm_person_detect_int8.tflite',
  'mlperf_vww_mobilenetv1_96_int8.tflite',
  'mlperf_vww_mobilenetv1_96_float.tflite',
];

/** Runs `scaledown convert IN OUT`; resolves to the CLI's error line when it fails. */
function convert(input: string, output: string): Promise<string | undefined> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'bin/scaledown.js'), 'convert', input, output], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => done(code === 0 && existsSync(output) ? undefined : stderr.trim() || `exit ${code}`));
  });
}

test.describe('TFLite files rewritten by scaledown convert run bit-identically in tfjs-tflite', () => {
  test.skip(!modelsDir, `the shared corpus is absent (${CORPUS_DIR}/models/tflite); set CORPUS_DIR to run`);

  const harness = useTfliteHarness('tflite');

  for (const model of models) {
    test(`${model}`, async ({ page, request, requests }) => {
      // The CLI rewrites the model (our TFLite reader and writer) while the harness page loads.
      const [failure] = await Promise.all([
        convert(join(modelsDir!, model), join(harness.dir, model)),
        harness.open(page, request),
      ]);
      expect(failure, `scaledown convert ${model}`).toBeUndefined();
      const job = { model, original: corpusModelUrl(model), rewritten: writtenUrl(model), randomSets: RANDOM_SETS };
      const report = await compareModels(page, job);
      log(report);

      expect(report.signatureDifference, 'inputs and outputs of the two files').toBeUndefined();
      expect(report.repairs.rewritten, 'repairs the interpreter needed').toEqual(report.repairs.original);
      expect(report.runs.length).toBeGreaterThanOrEqual(RANDOM_SETS);
      const differing = report.runs.filter((r) => !r.identical).map((r) => `${r.label}: ${r.difference}`);
      expect(differing, 'input sets whose outputs differ').toEqual([]);

      // The interpreter's single-threaded SIMD build, from our origin.
      const wasm = requests.filter((u) => u.endsWith('.wasm'));
      expect(wasm.some((u) => u.endsWith('/tflite/tflite_web_api_cc_simd.wasm'))).toBe(true);
      expect(wasm.filter((u) => u.includes('threaded'))).toEqual([]);

      checkCorpusFigures(report);
    });
  }

  test('the comparison catches a 0.003% change to one weight', async ({ page, request }) => {
    const model = 'mlperf_ad_autoencoder_float.tflite';
    test.skip(!models.includes(model), `needs ${model}`);
    // Nearly all of this file is float32 weights: flipping mantissa bit 8 of the float at its middle
    // changes one weight by about 3e-5 of its value. (A one-ulp change there rounds away in the sums.)
    const bytes = readFileSync(join(modelsDir!, model));
    const at = Math.floor(bytes.length / 8) * 4 + 1;
    bytes[at] = bytes[at]! ^ 1;
    const rewritten = harness.save(`mutated-${model}`, bytes);
    await harness.open(page, request);
    const report = await compareModels(page, {
      model,
      original: corpusModelUrl(model),
      rewritten,
      randomSets: RANDOM_SETS,
    });
    const differing = report.runs.filter((r) => !r.identical);
    console.log(`[tflite] one weight changed: ${differing.length}/${report.runs.length} input sets differ`);
    expect(differing.length).toBeGreaterThan(0);
  });

  test('tfjs-tflite tensor API works with our tfjs-core (peer pin 4.9.0 overridden)', async ({ page, request }) => {
    test.skip(!models.includes('tflm_hello_world_float.tflite'), 'needs tflm_hello_world_float.tflite');
    await harness.open(page, request);
    for (const model of ['tflm_hello_world_float.tflite', 'mlperf_kws_dscnn_int8.tflite']) {
      const url = corpusModelUrl(model);
      const result = await page.evaluate((u) => window.tfliteHarness!.checkTensorApi(u), url);
      console.log(`[tflite] ${model}: TFLiteModel.predict (${result.dtype} output) equals the raw interpreter`);
      expect(result.identical, `${model}: predict() vs raw interpreter outputs`).toBe(true);
    }
  });

  test('the TFLite runtime runs in a module worker', async ({ page, request }) => {
    test.skip(!models.includes('mlperf_kws_dscnn_int8.tflite'), 'needs mlperf_kws_dscnn_int8.tflite');
    await harness.open(page, request);
    const url = corpusModelUrl('mlperf_kws_dscnn_int8.tflite');
    const result = await page.evaluate((u) => window.tfliteHarness!.checkWorker(u, '/__harness/tflite-worker.js'), url);
    expect(result).toEqual({ identical: true, outputs: 1 });
  });
});

function log(report: ModelReport): void {
  const identical = report.runs.filter((r) => r.identical).length;
  const ms = report.milliseconds;
  console.log(
    `[tflite] ${report.model}: ${identical}/${report.runs.length} input sets bit-identical ` +
      `(load ${ms.load.toFixed(0)} ms, run ${ms.run.toFixed(0)} ms)`,
  );
  if (report.repairs.original.length > 0)
    console.log(
      `[tflite]   loadable after ${report.repairs.original.length} repairs, e.g. ${report.repairs.original[0]}`,
    );
  for (const [label, values] of Object.entries(report.scores))
    console.log(`[tflite]   ${label}: ${values.map((v) => v.toFixed(4)).join(', ')}`);
  const mse = report.reconstructionMse;
  if (mse)
    console.log(
      `[tflite]   reconstruction MSE over ${mse.windows} windows: original ${mse.original.toFixed(8)}, ` +
        `rewritten ${mse.rewritten.toFixed(8)}`,
    );
}

/** Figures that show the harness feeds the corpus data correctly. */
function checkCorpusFigures(report: ModelReport): void {
  if (report.model === 'mlperf_ad_autoencoder_float.tflite' && corpusFile('data/mlperf_tiny/ad01')) {
    expect(report.reconstructionMse?.windows).toBe(196);
    expect(Math.abs(report.reconstructionMse!.original - AD_FLOAT_MSE)).toBeLessThan(1e-5);
  }
  if (PERSON_MODELS.includes(report.model) && corpusFile('data/tflm_person_detection_bmp')) {
    // Output 1 is "person", 0 "no person" (TFLM's person_detection; MLPerf VWW's class folders in order).
    const [person, other] = [report.scores['person.bmp'], report.scores['no_person.bmp']];
    expect(person && other, 'scores on person.bmp and no_person.bmp').toBeTruthy();
    expect(person![1]!, 'person score: person.bmp vs no_person.bmp').toBeGreaterThan(other![1]!);
    expect(person![1]!, 'person.bmp: person vs no-person score').toBeGreaterThan(person![0]!);
    expect(other![0]!, 'no_person.bmp: no-person vs person score').toBeGreaterThan(other![1]!);
  }
}
