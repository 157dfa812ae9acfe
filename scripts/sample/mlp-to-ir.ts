// Converts trained Keras dense layers (an MLP over flattened 28×28 digits) into our IR as an ONNX graph:
// input [1,1,28,28] (what the studio's built-in MNIST set feeds, like the CNN sample) → Flatten → Gemm
// (+ Relu) … → logits. Pure: plain arrays in, a Model out.
import { GraphBuilder } from '../../src/core/ir/builder';
import type { Model } from '../../src/core/ir/types';
import type { ModelDescription } from './keras-to-ir';

/** A Keras dense layer: kernel `[inputs, units]`, and the name the ONNX node gets. */
export interface NamedDense {
  readonly name: string;
  readonly kernel: Float32Array;
  readonly kernelShape: readonly [number, number];
  readonly bias: Float32Array;
}

/** `[inputs, units]` → `[units, inputs]` (Gemm B with transB=1, as PyTorch and TFLite store it). */
export function transposeKernel(kernel: Float32Array, [inputs, units]: readonly [number, number]): Float32Array {
  if (kernel.length !== inputs * units) throw new Error(`kernel has ${kernel.length} values, not ${inputs}×${units}`);
  const out = new Float32Array(kernel.length);
  for (let i = 0; i < inputs; i++) for (let u = 0; u < units; u++) out[u * inputs + i] = kernel[i * units + u]!;
  return out;
}

/** Builds input "input" [1,1,side,side] → flatten → fc… (ReLU between) → output "logits". */
export function denseStackToModel(
  layers: readonly NamedDense[],
  side: number,
  graphName: string,
  description: ModelDescription,
): Model {
  const b = new GraphBuilder(graphName);
  const f32 = (shape: readonly number[]) => ({ dtype: 'float32' as const, shape });
  const features = side * side;
  let t = b.input('input', 'float32', [1, 1, side, side]);
  t = b.op('Flatten', [t], { axis: 1 }, { name: 'flatten', outputs: ['flatten_out'], ...f32([1, features]) });
  let width = features;
  layers.forEach((layer, i) => {
    const [inputs, units] = layer.kernelShape;
    if (inputs !== width) throw new Error(`${layer.name} reads ${inputs} values but gets ${width}`);
    b.constant(`${layer.name}.weight`, transposeKernel(layer.kernel, layer.kernelShape), [units, inputs]);
    b.constant(`${layer.name}.bias`, layer.bias, [units]);
    const last = i === layers.length - 1;
    t = b.op(
      'Gemm',
      [t, `${layer.name}.weight`, `${layer.name}.bias`],
      { transB: 1 },
      { name: layer.name, outputs: [last ? 'logits' : `${layer.name}_out`], ...f32([1, units]) },
    );
    if (!last) t = b.op('Relu', [t], {}, { name: `relu${i + 1}`, outputs: [`relu${i + 1}_out`], ...f32([1, units]) });
    width = units;
  });
  b.output(t);
  const model = b.model({ opset: 13, producer: 'scaledown-studio', metadata: description.metadata });
  const chain = ['flatten', ...layers.flatMap((l, i) => (i < layers.length - 1 ? [l.name, `relu${i + 1}`] : [l.name]))];
  return {
    ...model,
    graph: { ...model.graph, docString: chain.join(' → ') },
    producer: { name: 'scaledown-studio', version: description.producerVersion },
    docString: description.docString,
  };
}
