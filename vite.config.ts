import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

// Cross-origin isolation lets onnxruntime-web use threads (SharedArrayBuffer); it also keeps the page
// from embedding resources of other origins.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// The built app may talk to its own origin only: nothing a user drops ever leaves the machine.
// (Dev mode injects an inline refresh preamble, so the policy is added to production builds only.)
// 'wasm-unsafe-eval' is for the WebAssembly kernels and runtimes; 'unsafe-eval' for protobufjs's
// generated decoders.
const contentSecurityPolicy: Plugin = {
  name: 'scaledown-csp',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: {
        'http-equiv': 'Content-Security-Policy',
        content:
          "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'; worker-src 'self' blob:; " +
          "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' blob: data:; font-src 'self' data:",
      },
      injectTo: 'head-prepend',
    },
  ],
};

// The TFLite interpreter of @tensorflow/tfjs-tflite is an Emscripten build that loads its loader script and
// wasm at run time from `setWasmPath` (src/workers/runtimes/tflite-runtime.ts). They are served from our own
// origin under /tflite/: from node_modules in dev, emitted into the build output otherwise. Only the
// single-threaded builds are needed: the runtime never selects the threaded ones (it would start a pool of
// pthread workers per interpreter).
const TFLITE_WASM_FILES = [
  'tflite_web_api_cc_simd.js',
  'tflite_web_api_cc_simd.wasm',
  'tflite_web_api_cc.js',
  'tflite_web_api_cc.wasm',
];
const tfliteWasmDir = join(
  dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-tflite/package.json')),
  'wasm',
);
const tfliteWasm: Plugin = {
  name: 'scaledown-tflite-wasm',
  configureServer(server) {
    server.middlewares.use('/tflite/', (req, res, next) => {
      const file = (req.url ?? '').replace(/^\//, '').replace(/[?#].*$/, '');
      if (!TFLITE_WASM_FILES.includes(file)) return next();
      res.setHeader('Content-Type', file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
      for (const [name, value] of Object.entries(isolation)) res.setHeader(name, value);
      res.end(readFileSync(join(tfliteWasmDir, file)));
    });
  },
  generateBundle() {
    for (const file of TFLITE_WASM_FILES)
      this.emitFile({ type: 'asset', fileName: `tflite/${file}`, source: readFileSync(join(tfliteWasmDir, file)) });
  },
};

// onnxruntime-web's loader script and wasm (src/workers/runtimes/onnx-web-runner.ts) are served the same
// way under /ort/; its threads are started from the loader script, so it must be same-origin too.
const ORT_WASM_FILES = ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];
const ortWasmDir = dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));
const ortWasm: Plugin = {
  name: 'scaledown-ort-wasm',
  configureServer(server) {
    server.middlewares.use('/ort/', (req, res, next) => {
      const file = (req.url ?? '').replace(/^\//, '').replace(/[?#].*$/, '');
      if (!ORT_WASM_FILES.includes(file)) return next();
      res.setHeader('Content-Type', file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
      for (const [name, value] of Object.entries(isolation)) res.setHeader(name, value);
      res.end(readFileSync(join(ortWasmDir, file)));
    });
  },
  generateBundle() {
    for (const file of ORT_WASM_FILES)
      this.emitFile({ type: 'asset', fileName: `ort/${file}`, source: readFileSync(join(ortWasmDir, file)) });
  },
};

export default defineConfig({
  plugins: [react(), contentSecurityPolicy, tfliteWasm, ortWasm],
  worker: { format: 'es' },
  server: { headers: isolation },
  preview: { headers: isolation },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  // onnxruntime-web's build without an embedded loader: it takes both files from /ort/ (ortWasm), so the
  // bundle does not carry a second, hashed copy of the 14 MB wasm.
  resolve: { conditions: [...defaultClientConditions, 'onnxruntime-web-use-extern-wasm'] },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
});
