// Which input of a layer is its weight, and how the layer reads it: the axis of its output channels and
// the axis it sums over (where N:M groups are cut), from each format's operator definitions:
//   ONNX Conv W [O, I/g, k…]; ConvTranspose W [I, O/g, k…]; Gemm B [K, N] or [N, K] (transB = 1);
//   MatMul B […, K, N].
//   TFLite CONV_2D / TRANSPOSE_CONV [O, kh, kw, I]; DEPTHWISE_CONV_2D [1, kh, kw, C·mult];
//   FULLY_CONNECTED [O, I] (weights_format DEFAULT only: the shuffled format is an int8 kernel detail).
//   TF.js graph ops MatMul / _FusedMatMul B [K, N] (or [N, K] with transpose_b), Conv2D [kh, kw, I, O],
//   DepthwiseConv2dNative [kh, kw, C, mult]; Keras layers Dense [in, out], Conv1D/2D [k…, I, O],
//   DepthwiseConv2D [kh, kw, C, mult].
// Depthwise kernels sum over their window only, so their N:M groups run over the flattened kernel
// window (height × width).
import type { ChannelLayout } from '../../../kernels/types';
import type { FormatId, Node } from '../../ir/types';

/** How a layer reads its weight (axes of the shape the layer sees). */
export interface LayerAxes {
  readonly outputAxis: number;
  readonly reductionAxis: number;
  readonly reduction: ChannelLayout;
  readonly depthwise: boolean;
}

/** A layer's weight operand. */
export interface LayerSlot {
  readonly input: number;
  /** The data (activation) input. */
  readonly data: number;
  /** The axes for the weight's shape; undefined when the shape does not fit the op (left alone). */
  readonly axes: (shape: readonly number[]) => LayerAxes | undefined;
}

const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

function attrNumber(node: Node, name: string, fallback: number): number {
  const a = node.attributes[name];
  if (!a) return fallback;
  if (a.type === 'int' || a.type === 'float') return a.value;
  if (a.type === 'json' && typeof a.value === 'boolean') return a.value ? 1 : 0;
  if (a.type === 'json' && typeof a.value === 'number') return a.value;
  return fallback;
}

/** Groups of m along `axis` of `shape`: [product before, dim, product after]. */
export function axisLayout(shape: readonly number[], axis: number): ChannelLayout {
  return { outer: product(shape.slice(0, axis)), channels: shape[axis] ?? 1, inner: product(shape.slice(axis + 1)) };
}

/** Plain axes: reduction along one axis. */
function plain(shape: readonly number[], outputAxis: number, reductionAxis: number): LayerAxes | undefined {
  if (outputAxis >= shape.length || reductionAxis >= shape.length) return undefined;
  return { outputAxis, reductionAxis, reduction: axisLayout(shape, reductionAxis), depthwise: false };
}

/** Depthwise: the window axes [first, last] are summed, flattened into one run. */
function window(shape: readonly number[], outputAxis: number, first: number, last: number): LayerAxes | undefined {
  if (last >= shape.length || outputAxis >= shape.length) return undefined;
  const reduction = {
    outer: product(shape.slice(0, first)),
    channels: product(shape.slice(first, last + 1)),
    inner: product(shape.slice(last + 1)),
  };
  return { outputAxis, reductionAxis: first, reduction, depthwise: true };
}

/**
 * ONNX Conv (W [O, I/g, k…]) and ConvTranspose (W [I, O/g, k…]): the plain axes, or the kernel window
 * when each group has one input channel (depthwise), since that window is all each output sums.
 */
function onnxConvSlot(node: Node, outputAxis: number, reductionAxis: number): LayerSlot {
  return {
    input: 1,
    data: 0,
    axes: (s) => {
      if (s.length < 3) return undefined;
      if (s[1] === 1 && attrNumber(node, 'group', 1) > 1) return window(s, 0, 2, s.length - 1);
      return plain(s, outputAxis, reductionAxis);
    },
  };
}

function onnxSlot(node: Node): LayerSlot | undefined {
  if (node.domain !== '' && node.domain !== 'ai.onnx') return undefined;
  switch (node.op) {
    case 'Conv':
      return onnxConvSlot(node, 0, 1);
    case 'ConvTranspose':
      return onnxConvSlot(node, 1, 0);
    case 'Gemm':
      return {
        input: 1,
        data: 0,
        axes: (s) => (s.length !== 2 ? undefined : attrNumber(node, 'transB', 0) ? plain(s, 0, 1) : plain(s, 1, 0)),
      };
    case 'MatMul':
      return { input: 1, data: 0, axes: (s) => (s.length < 2 ? undefined : plain(s, s.length - 1, s.length - 2)) };
    default:
      return undefined;
  }
}

function tfliteSlot(node: Node): LayerSlot | undefined {
  switch (node.op) {
    case 'CONV_2D':
      return { input: 1, data: 0, axes: (s) => (s.length === 4 ? plain(s, 0, 3) : undefined) };
    // TFLite TRANSPOSE_CONV: inputs (output_shape, weights, input, bias).
    case 'TRANSPOSE_CONV':
      return { input: 1, data: 2, axes: (s) => (s.length === 4 ? plain(s, 0, 3) : undefined) };
    case 'DEPTHWISE_CONV_2D':
      return { input: 1, data: 0, axes: (s) => (s.length === 4 ? window(s, 3, 1, 2) : undefined) };
    case 'FULLY_CONNECTED': {
      const format = node.attributes['weights_format'];
      if (format && format.type === 'string' && format.value !== 'DEFAULT') return undefined;
      return { input: 1, data: 0, axes: (s) => (s.length === 2 ? plain(s, 0, 1) : undefined) };
    }
    default:
      return undefined;
  }
}

function tfjsSlot(node: Node): LayerSlot | undefined {
  switch (node.op) {
    case 'MatMul':
    case '_FusedMatMul':
      return {
        input: 1,
        data: 0,
        axes: (s) =>
          s.length !== 2 ? undefined : attrNumber(node, 'transpose_b', 0) ? plain(s, 0, 1) : plain(s, 1, 0),
      };
    case 'Dense':
      return { input: 1, data: 0, axes: (s) => (s.length === 2 ? plain(s, 1, 0) : undefined) };
    case 'Conv2D':
    case '_FusedConv2D':
    case 'Conv1D':
      // Kernels [k…, I, O] (TF's HWIO): output channels last, input channels before them.
      return { input: 1, data: 0, axes: (s) => (s.length >= 3 ? plain(s, s.length - 1, s.length - 2) : undefined) };
    case 'DepthwiseConv2dNative':
    case 'FusedDepthwiseConv2dNative':
    case 'DepthwiseConv2D':
      return { input: 1, data: 0, axes: (s) => (s.length === 4 ? window(s, 2, 0, 1) : undefined) };
    default:
      return undefined;
  }
}

/** The weight operand of `node` when it is a layer with prunable weights in `format`. */
export function layerSlot(format: FormatId, node: Node): LayerSlot | undefined {
  if (format === 'onnx') return onnxSlot(node);
  if (format === 'tflite') return tfliteSlot(node);
  return tfjsSlot(node);
}

/** The layer operators of a format, for messages. */
export const LAYER_OPS: Readonly<Record<FormatId, string>> = {
  onnx: 'Conv, ConvTranspose, Gemm or MatMul',
  tflite: 'CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED or TRANSPOSE_CONV',
  tfjs: 'MatMul, Conv2D, DepthwiseConv2dNative or Dense / Conv layers',
};
