// Serves the TFLite harness to a Playwright page without shipping it in the product: the harness is
// bundled with esbuild when the test starts and answered by page.route on the app's own origin, next to
// the production build that `vite preview` serves (which provides /tflite/*, the interpreter's files).
import type { APIRequestContext, Page, Route } from '@playwright/test';
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export interface HarnessBundle {
  readonly page: string;
  readonly worker: string;
}

/** Bundles the harness page and its worker (each a self-contained ES module). */
export async function bundleHarness(): Promise<HarnessBundle> {
  const result = await build({
    entryPoints: { page: resolve(here, 'tflite-page.ts'), worker: resolve(here, 'tflite-worker.ts') },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: 'harness-out',
    write: false,
    logLevel: 'error',
  });
  const text = (name: string) => result.outputFiles.find((f) => f.path.endsWith(`/${name}.js`))!.text;
  return { page: text('page'), worker: text('worker') };
}

/** The Content-Security-Policy meta tag of the production build, as the app's page carries it. */
export async function productionCsp(request: APIRequestContext): Promise<string> {
  const html = await (await request.get('/')).text();
  const meta = /<meta[^>]*http-equiv="Content-Security-Policy"[^>]*>/i.exec(html)?.[0];
  if (!meta) throw new Error('the production build has no Content-Security-Policy meta tag');
  return meta;
}

/** Where the harness finds files: corpus files by relative path, rewritten models by name. */
export interface HarnessFiles {
  readonly corpusDir: string;
  readonly rewrittenDir: string;
}

// The app's headers (vite.config.ts): the harness runs cross-origin isolated, as the app does.
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/** Routes /__harness/* of the page's origin to the bundle, the HTML page and the files. */
export async function serveHarness(page: Page, bundle: HarnessBundle, csp: string, files: HarnessFiles) {
  const html = `<!doctype html><html><head><meta charset="utf-8">${csp}<title>TFLite harness</title>
<script type="module" src="/__harness/tflite-page.js"></script></head><body></body></html>`;
  const fulfil = (route: Route, contentType: string, body: string | Buffer) =>
    route.fulfill({ status: 200, contentType, body, headers: ISOLATION });
  await page.route('**/__harness/**', async (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^\/__harness\//, '');
    if (path === 'tflite.html') return fulfil(route, 'text/html', html);
    if (path === 'tflite-page.js') return fulfil(route, 'text/javascript', bundle.page);
    if (path === 'tflite-worker.js') return fulfil(route, 'text/javascript', bundle.worker);
    const file = fileFor(decodeURIComponent(path), files);
    if (file) return fulfil(route, 'application/octet-stream', readFileSync(file));
    return route.fulfill({ status: 404, body: 'not found', headers: ISOLATION });
  });
}

function fileFor(path: string, files: HarnessFiles): string | undefined {
  const [kind, ...rest] = path.split('/');
  const root = kind === 'files' ? rest.shift() : undefined;
  const dir = root === 'corpus' ? files.corpusDir : root === 'rewritten' ? files.rewrittenDir : undefined;
  if (!dir) return undefined;
  const file = resolve(dir, rest.join('/'));
  // Serve nothing outside the two folders.
  return relative(dir, file).startsWith('..') || !existsSync(file) ? undefined : file;
}
