import { elements, inputDims, intAttr, matmulMacs, outputDims, type MacsRule } from './mac-helpers';
import { product } from './type-lookup';

// TFLite tensors are NHWC. Shapes come from the TFLite schema's operator definitions:
// CONV_2D filter [O, kh, kw, I/groups], DEPTHWISE_CONV_2D filter [1, kh, kw, I·multiplier],
// CONV_3D filter [kd, kh, kw, I, O], TRANSPOSE_CONV inputs (output_shape, filter [O, kh, kw, I], input),
// FULLY_CONNECTED weights [out, in], SVDF weights_feature [filters, in] and weights_time [filters, memory].

// Each output element is a dot product over kh × kw × (I / groups) = filter.shape[1:].
const conv2d: MacsRule = (node, typeOf) => {
  const out = outputDims(node, typeOf, 0);
  const filter = inputDims(node, typeOf, 1);
  if (!out || !filter || filter.length !== 4) return undefined;
  return product(out) * product(filter.slice(1));
};

// Depthwise: each output channel sees one input channel, so the dot product is kh × kw.
const depthwiseConv2d: MacsRule = (node, typeOf) => {
  const out = outputDims(node, typeOf, 0);
  const filter = inputDims(node, typeOf, 1);
  if (!out || !filter || filter.length !== 4) return undefined;
  return product(out) * filter[1]! * filter[2]!;
};

const conv3d: MacsRule = (node, typeOf) => {
  const out = outputDims(node, typeOf, 0);
  const filter = inputDims(node, typeOf, 1);
  if (!out || !filter || filter.length !== 5) return undefined;
  return product(out) * product(filter.slice(0, 4));
};

// Each input element scatters into O × kh × kw outputs.
const transposeConv: MacsRule = (node, typeOf) => {
  const input = inputDims(node, typeOf, 2);
  const filter = inputDims(node, typeOf, 1);
  if (!input || !filter || filter.length !== 4) return undefined;
  return product(input) * product(filter.slice(0, 3));
};

// The input is flattened to [batches, in] (unless keep_num_dims); each of batches × out outputs sums `in` products.
const fullyConnected: MacsRule = (node, typeOf) => {
  const weights = inputDims(node, typeOf, 1);
  if (!weights || weights.length !== 2) return undefined;
  const [units, depth] = weights as [number, number];
  const out = elements(outputDims(node, typeOf, 0));
  if (out !== undefined) return out * depth;
  // batches × units × depth, with batches × depth = the input's elements.
  const input = elements(inputDims(node, typeOf, 0));
  return input === undefined ? undefined : input * units;
};

const batchMatmul: MacsRule = (node, typeOf) => {
  const x = inputDims(node, typeOf, 0);
  const y = inputDims(node, typeOf, 1);
  if (!x || !y || x.length < 2 || y.length < 2) return undefined;
  return matmulMacs(x, y, intAttr(node, ['adj_x', 'adjX'], 0) !== 0, intAttr(node, ['adj_y', 'adjY'], 0) !== 0);
};

// SVDF: per batch, a feature projection (filters × in) then a time filter over the memory (filters × memory);
// the rank reduction after it is additions only.
const svdf: MacsRule = (node, typeOf) => {
  const input = inputDims(node, typeOf, 0);
  const feature = inputDims(node, typeOf, 1);
  const time = inputDims(node, typeOf, 2);
  if (!input || input.length !== 2 || !feature || feature.length !== 2 || !time || time.length !== 2) return undefined;
  return input[0]! * feature[0]! * (feature[1]! + time[1]!);
};

/** MAC rules of TFLite builtin operators, keyed by their schema names. */
export const TFLITE_MAC_RULES: Readonly<Record<string, MacsRule>> = {
  CONV_2D: conv2d,
  DEPTHWISE_CONV_2D: depthwiseConv2d,
  CONV_3D: conv3d,
  TRANSPOSE_CONV: transposeConv,
  FULLY_CONNECTED: fullyConnected,
  BATCH_MATMUL: batchMatmul,
  SVDF: svdf,
};
