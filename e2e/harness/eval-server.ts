// A small same-origin server for the evaluation harness (eval-page.ts): the page and the engine worker
// bundled with esbuild, onnxruntime-web's files under /ort/ (as vite.config.ts serves them), and model /
// data files. Cross-origin isolated and under the app's Content-Security-Policy, as the studio is.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ortDir = dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));
const ORT_FILES = ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];
// The TFLite interpreter's single-threaded builds, as vite.config.ts serves them under /tflite/.
const tfliteDir = resolve(
  dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-tflite/package.json')),
  'wasm',
);
const TFLITE_FILES = [
  'tflite_web_api_cc_simd.js',
  'tflite_web_api_cc_simd.wasm',
  'tflite_web_api_cc.js',
  'tflite_web_api_cc.wasm',
];

const HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'; worker-src 'self' blob:; " +
    "connect-src 'self' blob: data:",
};

export interface EvalServer {
  readonly url: string;
  close(): Promise<void>;
}

/** A response of the harness: content type and body. */
export interface EvalResponse {
  readonly type: string;
  readonly body: string | Buffer;
}

/**
 * The harness's pages, scripts and files by path: /__eval/index.html (the page), /__eval/files/<name>,
 * /ort/* and /tflite/* (the runtimes' files).
 */
export type EvalFiles = (path: string) => EvalResponse | undefined;

async function bundle(): Promise<{ page: string; engine: string; runtime: string }> {
  const result = await build({
    entryPoints: {
      page: resolve(here, 'eval-page.ts'),
      engine: resolve(here, '../../src/workers/engine.worker.ts'),
      runtime: resolve(here, 'eval-runtime-worker.ts'),
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    // As vite.config.ts resolves it: onnxruntime-web loads its loader script and wasm from /ort/.
    conditions: ['onnxruntime-web-use-extern-wasm'],
    target: 'es2022',
    outdir: 'eval-out',
    write: false,
    logLevel: 'error',
  });
  const text = (name: string) => result.outputFiles.find((f) => f.path.endsWith(`/${name}.js`))!.text;
  return { page: text('page'), engine: text('engine'), runtime: text('runtime') };
}

/** Bundles the harness; `files` are served as /__eval/files/<base name>. */
export async function evalFiles(files: readonly string[]): Promise<EvalFiles> {
  const { page, engine, runtime } = await bundle();
  const byName = new Map(files.map((f) => [basename(f), f]));
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>loading</title>
<script type="module" src="/__eval/page.js"></script></head><body></body></html>`;
  return (path) => {
    if (path === '/__eval/index.html') return { type: 'text/html', body: html };
    if (path === '/__eval/page.js') return { type: 'text/javascript', body: page };
    if (path === '/__eval/engine.js') return { type: 'text/javascript', body: engine };
    if (path === '/__eval/runtime.js') return { type: 'text/javascript', body: runtime };
    const tflite = path.startsWith('/tflite/') ? path.slice(8) : undefined;
    if (tflite && TFLITE_FILES.includes(tflite))
      return {
        type: tflite.endsWith('.wasm') ? 'application/wasm' : 'text/javascript',
        body: readFileSync(resolve(tfliteDir, tflite)),
      };
    const ort = path.startsWith('/ort/') ? path.slice(5) : undefined;
    if (ort && ORT_FILES.includes(ort))
      return {
        type: ort.endsWith('.wasm') ? 'application/wasm' : 'text/javascript',
        body: readFileSync(resolve(ortDir, ort)),
      };
    const file = path.startsWith('/__eval/files/') ? byName.get(path.slice(14)) : undefined;
    return file ? { type: 'application/octet-stream', body: readFileSync(file) } : undefined;
  };
}

/** Serves the harness on a free port of 127.0.0.1 (the bench; e2e specs route it on the app's origin). */
export async function startEvalServer(files: readonly string[]): Promise<EvalServer> {
  const serve = await evalFiles(files);
  const server: Server = createServer((req, res) => {
    const found = serve(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    res.writeHead(found ? 200 : 404, { 'Content-Type': found?.type ?? 'text/plain', ...HEADERS });
    res.end(found?.body ?? 'not found');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/__eval/index.html`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** The headers every harness response carries (isolation and the app's CSP). */
export const EVAL_HEADERS: Readonly<Record<string, string>> = HEADERS;
