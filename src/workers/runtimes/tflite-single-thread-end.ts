// Puts SharedArrayBuffer back once @tensorflow/tfjs-tflite has evaluated (see tflite-single-thread-begin.ts).
const scope = globalThis as { __scaledownSharedArrayBuffer?: PropertyDescriptor };
const descriptor = scope.__scaledownSharedArrayBuffer;
if (descriptor) {
  Object.defineProperty(globalThis, 'SharedArrayBuffer', descriptor);
  delete scope.__scaledownSharedArrayBuffer;
}

export {};
