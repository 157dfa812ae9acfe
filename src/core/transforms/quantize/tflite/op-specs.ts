// What the TFLite 8-bit quantization specification asks of each builtin op once it runs on int8
// (tensorflow.org/lite/performance/quantization_spec), and the operator version its int8 kernel is
// registered under (tensorflow/lite/tools/versioning/op_version.cc).
import type { Node } from '../../../ir/types';

/** Fixed output parameters the spec imposes (SOFTMAX, LOGISTIC, TANH, …). */
export interface FixedParams {
  readonly scale: number;
  readonly zeroPoint: number;
}

/**
 * How an op's output quantization is chosen:
 * - 'calibrated': from the output's calibrated range;
 * - 'same': equal to the data input's (the kernel copies or reorders int8 values without rescaling);
 * - 'shared': every activation input and the output share one set of parameters (CONCATENATION's int8
 *   kernel refuses inputs whose scale differs from the output's);
 * - fixed parameters.
 */
export type OutputRule = 'calibrated' | 'same' | 'shared' | FixedParams;

/** Where an op's weights sit, and along which axis the spec quantizes them per channel. */
export interface WeightSlot {
  readonly input: number;
  /** Channel axis of per-axis quantization (CONV_2D: 0 = output channels; DEPTHWISE_CONV_2D: 3). */
  readonly axis: number;
  /** Per-axis quantization is allowed (FULLY_CONNECTED: see `perChannelFullyConnected`). */
  readonly perAxis: boolean;
}

export interface Int8OpSpec {
  readonly output: OutputRule;
  /** The data input: 'same' copies its parameters, the bias scale uses its scale (default 0). */
  readonly dataInput?: number;
  readonly weights?: WeightSlot;
  /** Input index of the int32 bias (scale = s_input · s_weight, zero point 0). */
  readonly bias?: number;
  /** Operator version of the int8 kernel. */
  readonly version: (node: Node, ctx: VersionContext) => number;
}

/** Facts about a node's int8 tensors that its operator version depends on. */
export interface VersionContext {
  /** Rank of input `i` (undefined when unknown). */
  readonly rank: (input: number) => number | undefined;
  /** Scale of int8 input `i` and of output 0. */
  readonly scale: (which: number | 'output') => number | undefined;
}

const fixed = (version: number) => (): number => version;

const intAttr = (node: Node, name: string): number => {
  const a = node.attributes[name];
  return a && (a.type === 'int' || a.type === 'float') ? a.value : 0;
};

const present = (node: Node, i: number): boolean => (node.inputs[i] ?? '') !== '';

// TFLite spec: output (scale, zero_point) of the ops whose int8 kernels assume it.
const SOFTMAX_PARAMS: FixedParams = { scale: 1 / 256, zeroPoint: -128 };
const TANH_PARAMS: FixedParams = { scale: 1 / 128, zeroPoint: 0 };

const same = (version: number, dataInput = 0): Int8OpSpec => ({
  output: 'same',
  dataInput,
  version: fixed(version),
});

/** The ops this studio quantizes to int8, with their spec restrictions and kernel versions. */
export const INT8_OPS: Readonly<Record<string, Int8OpSpec>> = {
  CONV_2D: { output: 'calibrated', weights: { input: 1, axis: 0, perAxis: true }, bias: 2, version: fixed(3) },
  DEPTHWISE_CONV_2D: {
    output: 'calibrated',
    weights: { input: 1, axis: 3, perAxis: true },
    bias: 2,
    version: fixed(3),
  },
  FULLY_CONNECTED: {
    output: 'calibrated',
    weights: { input: 1, axis: 0, perAxis: true },
    bias: 2,
    // op_version.cc: no bias input → 6; keep_num_dims → 5; else the int8 kernel is version 4.
    version: (node) => (node.inputs.length === 2 ? 6 : intAttr(node, 'keep_num_dims') ? 5 : 4),
  },
  TRANSPOSE_CONV: {
    output: 'calibrated',
    // Inputs: output shape, weights, data, bias.
    dataInput: 2,
    weights: { input: 1, axis: 0, perAxis: true },
    bias: 3,
    version: (node) =>
      (node.attributes['fused_activation_function']?.value ?? 'NONE') !== 'NONE' ? 4 : present(node, 3) ? 3 : 2,
  },
  ADD: { output: 'calibrated', version: fixed(2) },
  SUB: { output: 'calibrated', version: (_, ctx) => (Math.max(ctx.rank(0) ?? 0, ctx.rank(1) ?? 0) > 4 ? 3 : 2) },
  MUL: {
    output: 'calibrated',
    // Version 3 kernels accept a rescale s1·s2/s_out of 1 or more.
    version: (_, ctx) => {
      const [a, b, out] = [ctx.scale(0), ctx.scale(1), ctx.scale('output')];
      return a && b && out && (a * b) / out >= 1 ? 3 : 2;
    },
  },
  MEAN: { output: 'calibrated', version: fixed(2) },
  SUM: { output: 'calibrated', version: fixed(2) },
  RELU: { output: 'calibrated', version: fixed(2) },
  RELU6: { output: 'calibrated', version: fixed(2) },
  LEAKY_RELU: { output: 'calibrated', version: fixed(1) },
  HARD_SWISH: { output: 'calibrated', version: fixed(1) },
  SOFTMAX: { output: SOFTMAX_PARAMS, version: fixed(2) },
  LOGISTIC: { output: SOFTMAX_PARAMS, version: fixed(2) },
  TANH: { output: TANH_PARAMS, version: fixed(2) },
  L2_NORMALIZATION: { output: TANH_PARAMS, version: fixed(2) },
  LOG_SOFTMAX: { output: { scale: 16 / 256, zeroPoint: 127 }, version: fixed(2) },
  AVERAGE_POOL_2D: same(2),
  MAX_POOL_2D: same(2),
  RESHAPE: same(1),
  SQUEEZE: same(1),
  EXPAND_DIMS: same(1),
  PAD: { ...same(2), version: (_, ctx) => ((ctx.rank(0) ?? 0) > 4 ? 4 : 2) },
  PADV2: { ...same(2), version: (_, ctx) => ((ctx.rank(0) ?? 0) > 4 ? 4 : 2) },
  TRANSPOSE: { ...same(2), version: (_, ctx) => ((ctx.rank(0) ?? 0) > 4 ? 4 : 2) },
  STRIDED_SLICE: {
    ...same(2),
    version: (node, ctx) =>
      intAttr(node, 'offset')
        ? 8
        : intAttr(node, 'ellipsis_mask') || intAttr(node, 'new_axis_mask')
          ? 6
          : (ctx.rank(0) ?? 0) > 4
            ? 4
            : 2,
  },
  SLICE: { ...same(2), version: (_, ctx) => ((ctx.rank(0) ?? 0) > 4 ? 5 : 2) },
  RESIZE_BILINEAR: { ...same(2), version: (node) => (intAttr(node, 'half_pixel_centers') ? 3 : 2) },
  RESIZE_NEAREST_NEIGHBOR: {
    ...same(2),
    version: (node) => (intAttr(node, 'half_pixel_centers') || intAttr(node, 'align_corners') ? 3 : 2),
  },
  SPACE_TO_DEPTH: same(2),
  DEPTH_TO_SPACE: same(2),
  BATCH_TO_SPACE_ND: { ...same(2), version: (_, ctx) => (ctx.rank(0) !== 4 ? 3 : 2) },
  SPACE_TO_BATCH_ND: { ...same(2), version: (_, ctx) => (ctx.rank(0) !== 4 ? 3 : 2) },
  GATHER: same(2),
  SPLIT: same(2, 1),
  SPLIT_V: same(2),
  UNPACK: same(2),
  CONCATENATION: { output: 'shared', version: fixed(2) },
  PACK: { output: 'shared', version: fixed(2) },
  MAXIMUM: { output: 'shared', version: fixed(2) },
  MINIMUM: { output: 'shared', version: fixed(2) },
};

/** Operator version of QUANTIZE (float → int8, or int8 → int8 requantization). */
export const QUANTIZE_VERSION = 1;
/** Operator version of DEQUANTIZE from int8 (per tensor). */
export const DEQUANTIZE_INT8_VERSION = 2;
/** Operator version of DEQUANTIZE from float16 (the float16 weight scheme). */
export const DEQUANTIZE_FLOAT16_VERSION = 3;

/** The range a fused activation clamps its op's output to (TFLite ActivationFunctionType). */
export function fusedActivationRange(node: Node): { min: number; max: number } | undefined {
  const fused = node.attributes['fused_activation_function'];
  const name = fused?.type === 'string' ? fused.value : 'NONE';
  switch (name) {
    case 'RELU':
      return { min: 0, max: Infinity };
    case 'RELU6':
      return { min: 0, max: 6 };
    case 'RELU_N1_TO_1':
      return { min: -1, max: 1 };
    case 'RELU_0_TO_1':
      return { min: 0, max: 1 };
    default:
      return undefined;
  }
}
