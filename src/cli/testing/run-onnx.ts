import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

/**
 * The first output's dims when onnxruntime-node runs the ONNX file at `path` (or its bytes) on an input of
 * `inputShape` filled with 0.5: proof that a file the CLI wrote loads and runs in a reference runtime.
 */
export async function outputDims(path: string | Uint8Array, inputShape: readonly number[]): Promise<readonly number[]> {
  const session = await ort.InferenceSession.create(typeof path === 'string' ? readFileSync(path) : path);
  try {
    const size = inputShape.reduce((a, b) => a * b, 1);
    const y = await session.run({
      [session.inputNames[0]!]: new ort.Tensor('float32', new Float32Array(size).fill(0.5), [...inputShape]),
    });
    return y[session.outputNames[0]!]!.dims;
  } finally {
    await session.release();
  }
}
