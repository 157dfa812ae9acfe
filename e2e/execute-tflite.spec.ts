// The reference executor (src/core/execute) against the TFLite interpreter of @tensorflow/tfjs-tflite, in
// Chromium, on the corpus's float TFLite models: seeded random inputs, plus the anomaly-detection clip's
// 196 windows for the autoencoder. Outputs must agree within 1e-4 of their scale (float models).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { frameWindows, readFloat32LE } from './harness/decode';
import { productionCsp } from './harness/serve';
import type { ExecuteJob, ExecuteReport } from './execute-page';
import { CORPUS_DIR, corpusFile, expect, test } from './helpers';

const here = dirname(fileURLToPath(import.meta.url));
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const AD_CLIP = 'data/mlperf_tiny/ad01/normal_id_01_00000000_hist_librosa.bin';

// The hybrid KWS model's int8 weights run in TFLite's dynamic-range kernels, which also quantize each
// activation to int8 on the fly; the executor computes in float with the dequantized weights, so the two
// differ by that activation rounding (about 1% of the output scale).
const MODELS: readonly { file: string; lo: number; hi: number; clip?: boolean; tolerance?: number }[] = [
  { file: 'mlperf_ad_autoencoder_float.tflite', lo: -1, hi: 1, clip: true },
  { file: 'mlperf_ic_resnet8_float.tflite', lo: 0, hi: 255 },
  { file: 'mlperf_vww_mobilenetv1_96_float.tflite', lo: 0, hi: 1 },
  { file: 'mlperf_kws_dscnn_float32_hybrid.tflite', lo: -4, hi: 4, tolerance: 0.05 },
  { file: 'tflm_hello_world_float.tflite', lo: 0, hi: 6.3 },
  { file: 'tflm_test_conv_model.tflite', lo: -1, hi: 1 },
];

let bundle: Promise<string> | undefined;

function bundlePage(): Promise<string> {
  bundle ??= build({
    entryPoints: [resolve(here, 'execute-page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  }).then((r) => r.outputFiles[0]!.text);
  return bundle;
}

test.describe('the reference executor agrees with tfjs-tflite on the float corpus models', () => {
  test.skip(!corpusFile('models/tflite'), `the shared corpus is absent (${CORPUS_DIR}); set CORPUS_DIR to run`);

  for (const m of MODELS) {
    test(m.file, async ({ page, request }) => {
      const [script, csp] = await Promise.all([bundlePage(), productionCsp(request)]);
      const html = `<!doctype html><html><head><meta charset="utf-8">${csp}<title>executor check</title>
<script type="module" src="/__execute/page.js"></script></head><body></body></html>`;
      const clip = m.clip
        ? frameWindows(readFloat32LE(new Uint8Array(readFileSync(corpusFile(AD_CLIP)!))), 128, 5)
        : [];
      const samples = Buffer.concat(clip.map((w) => Buffer.from(w.buffer, w.byteOffset, w.byteLength)));
      await page.route('**/__execute/**', (route) => {
        const path = new URL(route.request().url()).pathname.replace(/^\/__execute\//, '');
        const reply = (contentType: string, body: string | Buffer) =>
          route.fulfill({ status: 200, contentType, body, headers: ISOLATION });
        if (path === 'index.html') return reply('text/html', html);
        if (path === 'page.js') return reply('text/javascript', script);
        if (path === 'model.tflite')
          return reply('application/octet-stream', readFileSync(corpusFile(`models/tflite/${m.file}`)!));
        if (path === 'samples.bin') return reply('application/octet-stream', samples);
        return route.fulfill({ status: 404, body: 'not found', headers: ISOLATION });
      });
      await page.goto('/__execute/index.html');
      await page.waitForFunction(() => window.executeHarness !== undefined);
      const job: ExecuteJob = {
        url: '/__execute/model.tflite',
        sets: 4,
        lo: m.lo,
        hi: m.hi,
        ...(m.clip ? { samplesUrl: '/__execute/samples.bin' } : {}),
      };
      const report: ExecuteReport = await page.evaluate((j) => window.executeHarness!.compare(j), job);
      console.log(
        `[execute] ${m.file}: ${report.runs} runs, worst relative ${report.worstRelative.toExponential(2)}, ` +
          `absolute ${report.worstAbsolute.toExponential(2)}` +
          (report.reconstruction
            ? `; clip score interpreter ${report.reconstruction.interpreter.toFixed(8)}, executor ${report.reconstruction.executor.toFixed(8)}`
            : ''),
      );
      expect(report.worstRelative).toBeLessThan(m.tolerance ?? 1e-4);
      if (report.reconstruction) {
        const { interpreter, executor } = report.reconstruction;
        expect(Math.abs(interpreter - executor) / interpreter).toBeLessThan(1e-4);
      }
    });
  }
});
