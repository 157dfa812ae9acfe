// Small models for the engine tests, built with the IR builder and encoded by the real ONNX writer.
import { GraphBuilder, writeModel } from '../core';
import { denseChain } from '../core/transforms/test-chain';
import type { InputFile } from './protocol';

/** Conv (2 filters 3×3, 18 weights = -9…8) → Relu over a 1×1×8×8 input, as ONNX bytes. */
export function tinyConvFile(name = 'tiny.onnx'): InputFile {
  const b = new GraphBuilder('tiny');
  const x = b.input('x', 'float32', [1, 1, 8, 8]);
  const w = b.constant(
    'w',
    Float32Array.from({ length: 18 }, (_, i) => i - 9),
    [2, 1, 3, 3],
  );
  const y = b.op('Conv', [x, w], { pads: [1, 1, 1, 1], kernel_shape: [3, 3] }, { name: 'conv' });
  const z = b.op('Relu', [y], {}, { name: 'relu' });
  b.output(z);
  const [file] = writeModel(b.model());
  return { name, bytes: copy(file!.bytes) };
}

/** A chain of `n` Relu nodes (for layout and cancellation tests). */
export function chainFile(n: number, name = 'chain.onnx'): InputFile {
  const b = new GraphBuilder('chain');
  let t = b.input('x', 'float32', [1, 16]);
  for (let i = 0; i < n; i++) t = b.op('Relu', [t], {}, { name: `relu_${i}` });
  b.output(t);
  const [file] = writeModel(b.model());
  return { name, bytes: copy(file!.bytes) };
}

/** `layers` dense layers (MatMul → Relu, 8×8 weights each), for cancelling a step between its layers. */
export function denseChainFile(layers: number, name = 'dense-chain.onnx'): InputFile {
  const [file] = writeModel(denseChain(layers));
  return { name, bytes: copy(file!.bytes) };
}

/** The tiny Conv followed by an operator of a custom domain that nothing can run. */
export function customOpFile(name = 'custom.onnx'): InputFile {
  const b = new GraphBuilder('custom');
  const x = b.input('x', 'float32', [1, 1, 8, 8]);
  const w = b.constant(
    'w',
    Float32Array.from({ length: 18 }, (_, i) => i - 9),
    [2, 1, 3, 3],
  );
  const y = b.op('Conv', [x, w], { pads: [1, 1, 1, 1], kernel_shape: [3, 3] }, { name: 'conv' });
  const z = b.op('Swish', [y], {}, { name: 'swish', domain: 'com.example' });
  b.output(z);
  const [file] = writeModel(b.model());
  return { name, bytes: copy(file!.bytes) };
}

/** Bytes as a standalone ArrayBuffer (what the UI hands the engine). */
export function copy(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}
