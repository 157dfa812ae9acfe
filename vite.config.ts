import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

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

export default defineConfig({
  plugins: [react(), contentSecurityPolicy, tfliteWasm],
  worker: { format: 'es' },
  server: { headers: isolation },
  preview: { headers: isolation },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
});
