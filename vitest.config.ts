import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Conformance runs over the ONNX test suite take a while on 2 cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Compiles the WebAssembly kernels when src/kernels/assembly changed (a no-op otherwise).
    globalSetup: ['scripts/build-kernels.mjs'],
    projects: [
      {
        extends: true,
        test: { name: 'node', environment: 'node', include: ['src/core/**/*.test.ts', 'src/cli/**/*.test.ts', 'src/workers/**/*.test.ts', 'src/kernels/**/*.test.ts', 'scripts/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'ui', environment: 'jsdom', include: ['src/ui/**/*.test.{ts,tsx}'] },
      },
    ],
  },
});
