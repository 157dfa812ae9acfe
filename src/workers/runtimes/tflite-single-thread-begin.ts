// Imported by tflite-runtime.ts right before @tensorflow/tfjs-tflite, with tflite-single-thread-end.ts
// right after it. While that library's module evaluates, it detects WebAssembly features once and caches
// them: with SharedArrayBuffer usable (our page is cross-origin isolated) it would pick its multi-threaded
// interpreter build, which starts a pool of 8 pthread workers from blob: URLs. The single-threaded SIMD
// build computes the same results without them, and the library has no option to choose it, so the
// detection is made to see no SharedArrayBuffer. ES modules evaluate in import order, synchronously, so
// the global is missing only while that one module evaluates.
const scope = globalThis as { __scaledownSharedArrayBuffer?: PropertyDescriptor };
const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'SharedArrayBuffer');
if (descriptor?.configurable) {
  scope.__scaledownSharedArrayBuffer = descriptor;
  Object.defineProperty(globalThis, 'SharedArrayBuffer', { value: undefined, configurable: true, writable: true });
}

export {};
