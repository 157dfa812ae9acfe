// How static int8 QDQ treats each operator (default ONNX domain):
// - weighted: activations in and out quantized, the weight int8 (symmetric) and the bias int32;
// - compute: activations in and out quantized, each tensor with its own calibrated range; constant
//   operands quantized per tensor;
// - shared: data movement (pooling by max, reshapes, slicing, concatenation): the output and the data
//   inputs share one scale and zero point, so the op works on the integers unchanged (a max of dequantized
//   values is the dequantized max only when both sides use the same parameters; TFLite requires the same
//   for these ops);
// - activation: Relu / Clip, which fold into the quantized output of the layer before them.
import type { Node } from '../../../ir/types';

export type OpClass = 'weighted' | 'compute' | 'shared' | 'activation';

/**
 * Data movement: ops whose output holds values of their data input unchanged (moved, selected, repeated,
 * padded), so on int8 data the output shares the input's scale and zero point. Dropout (an identity at
 * inference, float-only in ONNX) is "shared" for static int8 too, but never holds integers.
 */
export const DATA_MOVEMENT_OPS: ReadonlySet<string> = new Set([
  'MaxPool',
  'GlobalMaxPool',
  'Reshape',
  'Flatten',
  'Transpose',
  'Squeeze',
  'Unsqueeze',
  'Identity',
  'Slice',
  'Split',
  'Gather',
  'DepthToSpace',
  'SpaceToDepth',
  'Resize',
  'Pad',
  'Expand',
  'Tile',
  'Concat',
]);

const CLASSES = new Map<string, OpClass>();
for (const op of ['Conv', 'ConvTranspose', 'Gemm', 'MatMul']) CLASSES.set(op, 'weighted');
for (const op of [
  'Add',
  'Sub',
  'Mul',
  'AveragePool',
  'GlobalAveragePool',
  'Sigmoid',
  'Softmax',
  'LeakyRelu',
  'Tanh',
  'HardSigmoid',
  'HardSwish',
  'ReduceMean',
])
  CLASSES.set(op, 'compute');
for (const op of [...DATA_MOVEMENT_OPS, 'Dropout']) CLASSES.set(op, 'shared');
for (const op of ['Relu', 'Clip']) CLASSES.set(op, 'activation');

/** The static-int8 class of a node, or undefined when it stays in float. */
export function opClass(node: Node): OpClass | undefined {
  if (node.domain !== '' && node.domain !== 'ai.onnx') return undefined;
  return CLASSES.get(node.op);
}

/** Input positions holding data (as opposed to shapes, axes, indices, scales, bounds). */
export function dataInputs(node: Node): number[] {
  switch (node.op) {
    case 'Concat':
    case 'Add':
    case 'Sub':
    case 'Mul':
      return node.inputs.map((_, i) => i);
    case 'MatMul':
      return [0, 1];
    case 'Conv':
    case 'ConvTranspose':
    case 'Gemm':
      return [0];
    default:
      return [0];
  }
}

/** Outputs holding data (MaxPool's indices and Dropout's mask are not). */
export function dataOutputs(node: Node): number[] {
  if (node.op === 'Split') return node.outputs.map((_, i) => i);
  return [0];
}
