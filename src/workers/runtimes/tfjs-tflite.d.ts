// @tensorflow/tfjs-tflite's "module" entry (dist/index.js) imports a file the package does not ship
// (dist/tflite_web_api_client.js); its self-contained ES bundle is dist/tf-tflite.fesm.js, which has the
// same exports as the package's typings.
declare module '@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js' {
  export * from '@tensorflow/tfjs-tflite';
}
