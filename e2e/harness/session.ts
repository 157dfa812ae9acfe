// One spec's use of the TFLite harness page (Node side): a temporary folder for the files the spec writes
// (models, input samples), the page opened on the app's origin serving that folder and the corpus, and
// the page's two ways of running a pair of TFLite models on the same inputs and comparing their outputs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { CORPUS_DIR, expect, test } from '../helpers';
import type { QuantizedJob, QuantizedReport } from './quantized';
import { bundleHarness, productionCsp, serveHarness, type HarnessBundle } from './serve';
import type { CompareJob, ModelReport } from './tflite-page';

/** URL on the harness page of a TFLite model of the corpus (models/tflite/). */
export const corpusModelUrl = (name: string): string => `/__harness/files/corpus/models/tflite/${name}`;

/** URL on the harness page of a file the spec wrote into its folder. */
export const writtenUrl = (name: string): string => `/__harness/files/rewritten/${name}`;

// Bundled once per Playwright worker process.
let bundled: Promise<HarnessBundle> | undefined;

export interface TfliteHarness {
  /** The spec's folder, served as /__harness/files/rewritten/ (made before the tests run). */
  readonly dir: string;
  /** Writes `bytes` into the folder as `name`; returns its URL on the page. */
  save(name: string, bytes: Uint8Array): string;
  /** Opens the harness page on `page`: the production CSP, cross-origin isolated as the app is. */
  open(page: Page, request: APIRequestContext): Promise<void>;
}

/**
 * The harness for the tests of the current file or describe block: its folder (`scaledown-<prefix>-…` in
 * the temp dir) is made before they run and removed after.
 */
export function useTfliteHarness(prefix: string): TfliteHarness {
  let dir = '';
  test.beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), `scaledown-${prefix}-`));
  });
  test.afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    save(name, bytes) {
      writeFileSync(join(dir, name), bytes);
      return writtenUrl(name);
    },
    async open(page, request) {
      bundled ??= bundleHarness();
      const [bundle, csp] = await Promise.all([bundled, productionCsp(request)]);
      await serveHarness(page, bundle, csp, { corpusDir: CORPUS_DIR, rewrittenDir: dir });
      await page.goto('/__harness/tflite.html');
      await page.waitForFunction(() => window.tfliteHarness !== undefined);
      expect(await page.evaluate(() => crossOriginIsolated), 'the harness runs cross-origin isolated').toBe(true);
    },
  };
}

/**
 * Runs two models on the same seeded random inputs and the corpus data that fits them; per input set,
 * whether the outputs are bit-identical and how far apart they are as real values (tflite-page.ts).
 */
export function compareModels(page: Page, job: CompareJob): Promise<ModelReport> {
  return page.evaluate((j) => window.tfliteHarness!.compareModel(j), job);
}

/** Runs a float model and a version of it on the same real-valued samples (quantized.ts). */
export function compareOnSamples(page: Page, job: QuantizedJob): Promise<QuantizedReport> {
  return page.evaluate((j) => window.tfliteHarness!.compareQuantized(j), job);
}
