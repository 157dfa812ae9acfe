// A deep chain of dense layers for the tests of progress and cancellation between layers: many small
// weights, so every layer is a separate unit of work and the whole model still runs in milliseconds.
import { GraphBuilder } from '../ir/builder';
import type { Model } from '../ir/types';
import { seededRandom } from '../util/random';

/** x [1, width] → `layers` × (MatMul by a seeded [width, width] weight → Relu) → y [1, width]; ONNX opset 13. */
export function denseChain(layers: number, width = 8, seed = 1): Model {
  const random = seededRandom(seed);
  const b = new GraphBuilder('dense-chain');
  let t = b.input('x', 'float32', [1, width]);
  for (let i = 0; i < layers; i++) {
    const w = b.constant(
      `w${i}`,
      Float32Array.from({ length: width * width }, () => random() * 2 - 1),
      [width, width],
    );
    t = b.op('Relu', [b.op('MatMul', [t, w], {}, { name: `mm${i}` })], {}, { name: `relu${i}` });
  }
  b.output(t);
  return b.model({ opset: 13 });
}
