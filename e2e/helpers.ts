import { test as base, expect, type Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The shared corpus of real models (absent outside CI machines; tests needing it skip). */
export const CORPUS_DIR = process.env.CORPUS_DIR ?? resolve(root, '../shared/corpus');

export interface Sample {
  readonly id: string;
  readonly name: string;
  readonly file: string;
}

/** The samples gallery as the app serves it. */
export function samples(): Sample[] {
  return JSON.parse(readFileSync(resolve(root, 'public/samples/index.json'), 'utf8')) as Sample[];
}

/** Absolute path of a sample's model file. */
export function samplePath(sample: Sample): string {
  return resolve(root, 'public/samples', sample.file);
}

/** Absolute path of a corpus file, or undefined when the corpus is absent. */
export function corpusFile(relative: string): string | undefined {
  const path = resolve(CORPUS_DIR, relative);
  return existsSync(path) ? path : undefined;
}

/** File names of the corpus's TFLite models (models/tflite/*.tflite), sorted; none when the corpus is absent. */
export function corpusTfliteModels(): string[] {
  const dir = corpusFile('models/tflite');
  return dir
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.tflite'))
        .sort()
    : [];
}

export interface DropFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A file from disk, as dropped. */
export function fromDisk(path: string, name = basename(path)): DropFile {
  return { name, bytes: new Uint8Array(readFileSync(path)) };
}

/**
 * Drops files on the page the way a user does: a DataTransfer holding real File objects is built in the
 * page, then dragenter / dragover / drop are dispatched on the document body.
 */
export async function dropFiles(page: Page, files: readonly DropFile[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, base64: Buffer.from(f.bytes).toString('base64') }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const binary = atob(f.base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      dt.items.add(new File([bytes], f.name));
    }
    return dt;
  }, payload);
  const body = page.locator('body');
  await body.dispatchEvent('dragenter', { dataTransfer });
  await body.dispatchEvent('dragover', { dataTransfer });
  await body.dispatchEvent('drop', { dataTransfer });
  await dataTransfer.dispose();
}

/** Starts recording main-thread long tasks (call before navigation); read them with `longTasks`. */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** Durations (ms) of the long tasks recorded so far. */
export function longTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __longTasks?: number[] }).__longTasks ?? []);
}

/** Graph nodes rendered on the canvas (only those in view are rendered). */
export const graphNodes = (page: Page) => page.getByTestId('graph-node');

/** Rendered nodes whose op is exactly `op` (nodes carry it as data-op, next to their visible label). */
export const nodesWithOp = (page: Page, op: string) => page.locator(`[data-testid="graph-node"][data-op="${op}"]`);

/** Waits until a model is open and its graph drawn. */
export async function expectModelOpen(page: Page, fileName: string): Promise<void> {
  await expect(page.getByTestId('model-file-name')).toHaveText(fileName);
  await expect(graphNodes(page).first()).toBeVisible();
}

const ALLOWED = /^(http:\/\/127\.0\.0\.1:4173\/|data:|blob:)/;

/**
 * Every test records the page's requests and fails if one left the app's own origin (the app must never
 * talk to another site), if the Content-Security-Policy blocked anything, or if the page threw.
 */
export const test = base.extend<{ requests: string[] }>({
  requests: [
    async ({ page }, use) => {
      const seen: string[] = [];
      const problems: string[] = [];
      page.on('request', (request) => seen.push(request.url()));
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text()))
          problems.push(message.text());
      });
      await use(seen);
      expect(
        seen.filter((url) => !ALLOWED.test(url)),
        'requests to other origins',
      ).toEqual([]);
      expect(problems, 'page errors and CSP violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
