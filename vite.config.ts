import react from '@vitejs/plugin-react';
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

export default defineConfig({
  plugins: [react(), contentSecurityPolicy],
  worker: { format: 'es' },
  server: { headers: isolation },
  preview: { headers: isolation },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
});
