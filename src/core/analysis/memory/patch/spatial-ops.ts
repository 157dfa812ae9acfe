// The layers a patch stage may hold: 2-D ops whose output pixel depends on a window of input pixels
// (convolutions, pooling, padding) or on the same pixel (element-wise, batch norm, channel concat).
// ONNX tensors are NCHW, TFLite tensors NHWC; both keep every channel of a pixel together.
import type { FormatId, Node } from '../../../ir/types';
import { intAttr } from '../../mac-helpers';
import { concreteDims, type TypeOf } from '../../type-lookup';

/** How an output range along one spatial axis maps to an input range: in = out·stride − pad … */
export interface AxisWindow {
  readonly kernel: number;
  readonly stride: number;
  readonly dilation: number;
  readonly padBegin: number;
}

/** One activation input of a spatial op: its spatial size and the window per spatial axis (H, W). */
export interface SpatialInput {
  readonly id: string;
  readonly size: readonly [number, number];
  readonly window: readonly [AxisWindow, AxisWindow];
}

export interface SpatialOp {
  readonly output: string;
  /** Spatial size of the output (H, W). */
  readonly size: readonly [number, number];
  readonly inputs: readonly SpatialInput[];
}

/** What `spatialOp` needs to know about the graph. */
export interface SpatialContext {
  readonly format: FormatId;
  readonly typeOf: TypeOf;
  /** Constants and tensors computed from constants alone: weights, never activations of the stage. */
  readonly weights: ReadonlySet<string>;
  /** Integer contents of a constant tensor (pads), when known. */
  readonly intValues: (id: string) => readonly number[] | undefined;
}

const POINT: AxisWindow = { kernel: 1, stride: 1, dilation: 1, padBegin: 0 };
const POINTWISE: readonly [AxisWindow, AxisWindow] = [POINT, POINT];

// Ops whose output pixel is a function of the same pixel of inputs shaped like the output.
const ONNX_POINTWISE = new Set([
  ...['Relu', 'Clip', 'Sigmoid', 'Tanh', 'LeakyRelu', 'HardSigmoid', 'HardSwish', 'Elu', 'Selu', 'PRelu'],
  ...['Abs', 'Neg', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Identity', 'Dropout', 'BatchNormalization'],
  ...['Add', 'Sub', 'Mul', 'Div', 'Max', 'Min', 'Sum', 'QuantizeLinear', 'DequantizeLinear', 'Cast'],
]);
const TFLITE_POINTWISE = new Set([
  ...['RELU', 'RELU6', 'RELU_N1_TO_1', 'LOGISTIC', 'TANH', 'HARD_SWISH', 'LEAKY_RELU', 'PRELU', 'ABS', 'NEG'],
  ...['EXP', 'LOG', 'SQRT', 'RSQRT', 'QUANTIZE', 'DEQUANTIZE', 'ADD', 'SUB', 'MUL', 'DIV', 'MAXIMUM', 'MINIMUM'],
]);

function ints(node: Node, name: string): readonly number[] | undefined {
  const a = node.attributes[name];
  if (a?.type === 'ints') return a.value;
  return a?.type === 'int' ? [a.value] : undefined;
}

function text(node: Node, name: string, fallback: string): string {
  const a = node.attributes[name];
  return a?.type === 'string' ? a.value : fallback;
}

function dims4(typeOf: TypeOf, id: string): number[] | undefined {
  const dims = concreteDims(typeOf(id)?.shape);
  return dims?.length === 4 ? dims : undefined;
}

/** Padding before the first output along one axis for SAME-style padding (total split, extra at the end). */
function samePad(input: number, output: number, w: Omit<AxisWindow, 'padBegin'>, extraAtBegin: boolean): number {
  const total = Math.max(0, (output - 1) * w.stride + (w.kernel - 1) * w.dilation + 1 - input);
  return extraAtBegin ? Math.ceil(total / 2) : Math.floor(total / 2);
}

// ONNX Conv / pooling windows: kernel_shape (or the weights' spatial dims), strides, dilations, pads, auto_pad.
function onnxWindows(
  node: Node,
  kernel: readonly number[],
  inSize: number[],
  outSize: number[],
): [AxisWindow, AxisWindow] {
  const strides = ints(node, 'strides') ?? [1, 1];
  const dilations = ints(node, 'dilations') ?? [1, 1];
  const pads = ints(node, 'pads') ?? [0, 0, 0, 0];
  const autoPad = text(node, 'auto_pad', 'NOTSET');
  const axis = (i: 0 | 1): AxisWindow => {
    const w = { kernel: kernel[i] ?? 1, stride: strides[i] ?? 1, dilation: dilations[i] ?? 1 };
    // ONNX Conv: SAME_UPPER puts the odd padding at the end, SAME_LOWER at the beginning.
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER')
      return { ...w, padBegin: samePad(inSize[i]!, outSize[i]!, w, autoPad === 'SAME_LOWER') };
    return { ...w, padBegin: autoPad === 'VALID' ? 0 : (pads[i] ?? 0) };
  };
  return [axis(0), axis(1)];
}

// TFLite Conv2DOptions / DepthwiseConv2DOptions / Pool2DOptions: padding SAME|VALID, stride_h/w, dilation_*_factor.
function tfliteWindows(
  node: Node,
  kernel: readonly number[],
  inSize: number[],
  outSize: number[],
): [AxisWindow, AxisWindow] {
  const same = text(node, 'padding', 'SAME') === 'SAME';
  const axis = (i: 0 | 1, suffix: 'h' | 'w'): AxisWindow => {
    const w = {
      kernel: kernel[i] ?? 1,
      stride: intAttr(node, [`stride_${suffix}`], 1),
      dilation: intAttr(node, [`dilation_${suffix}_factor`], 1),
    };
    return { ...w, padBegin: same ? samePad(inSize[i]!, outSize[i]!, w, false) : 0 };
  };
  return [axis(0, 'h'), axis(1, 'w')];
}

/** The window of an ONNX or TFLite op with a sliding window or padding, or undefined when it has none. */
function windowsOf(
  node: Node,
  ctx: SpatialContext,
  inDims: number[],
  outDims: number[],
): [AxisWindow, AxisWindow] | 'pointwise' | undefined {
  const onnx = ctx.format === 'onnx';
  const [h, w] = onnx ? [2, 3] : [1, 2];
  const inSize = [inDims[h]!, inDims[w]!];
  const outSize = [outDims[h]!, outDims[w]!];
  const weights = dims4(ctx.typeOf, node.inputs[1] ?? '');
  if (onnx && node.op === 'Conv') {
    const kernel = ints(node, 'kernel_shape') ?? weights?.slice(2);
    return kernel ? onnxWindows(node, kernel, inSize, outSize) : undefined;
  }
  if (onnx && (node.op === 'MaxPool' || node.op === 'AveragePool' || node.op === 'LpPool')) {
    const kernel = ints(node, 'kernel_shape');
    return kernel?.length === 2 ? onnxWindows(node, kernel, inSize, outSize) : undefined;
  }
  if (!onnx && (node.op === 'CONV_2D' || node.op === 'DEPTHWISE_CONV_2D'))
    return weights ? tfliteWindows(node, weights.slice(1, 3), inSize, outSize) : undefined;
  if (!onnx && (node.op === 'MAX_POOL_2D' || node.op === 'AVERAGE_POOL_2D')) {
    const kernel = [intAttr(node, ['filter_height'], 1), intAttr(node, ['filter_width'], 1)];
    return tfliteWindows(node, kernel, inSize, outSize);
  }
  if ((onnx && node.op === 'Pad') || (!onnx && (node.op === 'PAD' || node.op === 'PADV2'))) {
    // Constant padding only: reflect/edge read pixels far from the padded border.
    if (onnx && text(node, 'mode', 'constant') !== 'constant') return undefined;
    if (onnx && (node.inputs[3] ?? '') !== '') return undefined;
    const pads = ints(node, 'pads') ?? ints(node, 'paddings') ?? ctx.intValues(node.inputs[1] ?? '');
    if (pads?.length !== 8) return undefined;
    // ONNX: [b0, b1, b2, b3, e0, …]; TFLite paddings: [[b0, e0], [b1, e1], …].
    const begin = (axis: number) => (onnx ? pads[axis]! : pads[2 * axis]!);
    return [
      { ...POINT, padBegin: begin(h) },
      { ...POINT, padBegin: begin(w) },
    ];
  }
  if ((onnx ? ONNX_POINTWISE : TFLITE_POINTWISE).has(node.op)) return 'pointwise';
  if (onnx ? node.op === 'Concat' : node.op === 'CONCATENATION') {
    const axis = intAttr(node, ['axis'], onnx ? 1 : 3);
    const channel = onnx ? 1 : 3;
    return axis === channel || axis === channel - 4 ? 'pointwise' : undefined;
  }
  return undefined;
}

/**
 * The node as a spatial op of a patch stage, or undefined when it is not one (another op, unknown or
 * non-4-D shapes, a weight computed at run time, a pointwise input shaped unlike the output).
 */
export function spatialOp(node: Node, ctx: SpatialContext): SpatialOp | undefined {
  const domainOk = ctx.format === 'tflite' || node.domain === '' || node.domain === 'ai.onnx';
  const outputs = node.outputs.filter((id) => id !== '');
  if (!domainOk || outputs.length !== 1 || ctx.format === 'tfjs') return undefined;
  const output = outputs[0]!;
  const outDims = dims4(ctx.typeOf, output);
  const activations = node.inputs.filter((id) => id !== '' && !ctx.weights.has(id));
  const first = activations[0];
  if (!outDims || first === undefined) return undefined;
  const inDims = dims4(ctx.typeOf, first);
  if (!inDims) return undefined;
  const windows = windowsOf(node, ctx, inDims, outDims);
  if (!windows) return undefined;
  const [h, w, c] = ctx.format === 'onnx' ? [2, 3, 1] : [1, 2, 3];
  const size = (d: readonly number[]): [number, number] => [d[h]!, d[w]!];
  const inputs: SpatialInput[] = [];
  for (const id of activations) {
    const d = dims4(ctx.typeOf, id);
    if (!d) return undefined;
    if (windows === 'pointwise') {
      // Same pixels: every dim equal to the output's, except channels for a concat.
      const concat = node.op === 'Concat' || node.op === 'CONCATENATION';
      if (d.some((v, i) => v !== outDims[i] && !(concat && i === c))) return undefined;
    } else if (id !== node.inputs[0]) return undefined; // a window op reads one activation (its data)
    inputs.push({ id, size: size(d), window: windows === 'pointwise' ? POINTWISE : windows });
  }
  return { output, size: size(outDims), inputs };
}
