// TFLite (NHWC) rules. From the TFLite schema and reference kernels: CONV_2D weights [O, kh, kw, I],
// bias [O]; DEPTHWISE_CONV_2D weights [1, kh, kw, C·m] with output channel c·m + j reading input channel c;
// FULLY_CONNECTED weights [O, I], the input read as rows of I; pools and activations work per channel.
import { intAttr, intsAttr } from '../../../execute/attrs';
import type { Node } from '../../../ir/types';
import { intConstant, resolveConst } from './const-ref';
import { reshapeFlow, widenInner } from './layout';
import {
  concat,
  constDims,
  elementwise,
  normalizeAxes,
  passThrough,
  reduce,
  reshapeLike,
  soleFlow,
  transpose,
  weightLayer,
} from './rules-common';
import { describeNode, type FormatRules, type LayerMatch, type Rule, type Tracer } from './trace';

const UNARY = [
  'RELU',
  'RELU6',
  'RELU_N1_TO_1',
  'RELU_0_TO_1',
  'LOGISTIC',
  'TANH',
  'HARD_SWISH',
  'LEAKY_RELU',
  'ELU',
  'GELU',
  'ABS',
  'NEG',
  'EXP',
  'LOG',
  'SQRT',
  'RSQRT',
  'SQUARE',
  'QUANTIZE',
  'DEQUANTIZE',
  'CAST',
  'FLOOR',
  'CEIL',
  'ROUND',
  'SIN',
  'COS',
];
const BINARY = ['ADD', 'SUB', 'MUL', 'DIV', 'MAXIMUM', 'MINIMUM', 'SQUARED_DIFFERENCE', 'POW', 'PRELU', 'ADD_N'];
const POOLS = ['AVERAGE_POOL_2D', 'MAX_POOL_2D', 'L2_POOL_2D'];
const REDUCES = ['MEAN', 'SUM', 'REDUCE_MAX', 'REDUCE_MIN', 'REDUCE_PROD'];

const conv2d: Rule = (t, node, index) => {
  const f = soleFlow(t, node);
  if (!f) return;
  const w = constDims(t, node, 1);
  if (f.axis !== 3 || !w || w[3] !== t.dims(node.inputs[0]!)?.[3])
    return t.blockLayout(f.layout, `${describeNode(node)} reads the channels in a way the pruner cannot rewrite`);
  t.slice(node, index, 1, 3, f.layout);
};

const depthwise: Rule = (t, node, index) => {
  const f = soleFlow(t, node);
  if (!f) return;
  const w = constDims(t, node, 1);
  const channels = t.dims(node.inputs[0]!)?.[3];
  if (f.axis !== 3 || !w || channels === undefined || w[3]! % channels !== 0)
    return t.blockLayout(f.layout, `${describeNode(node)} reads the channels in a way the pruner cannot rewrite`);
  // Output channel c·m + j reads input channel c (TFLite depthwise kernels), so channels widen by m.
  const out = widenInner(f.layout, w[3]! / channels);
  if (!t.slice(node, index, 1, 3, out)) return;
  if (node.inputs[2]) t.slice(node, index, 2, 0, out);
  t.setFlow(node.outputs[0] ?? '', { axis: 3, layout: out }, node);
};

const fullyConnected: Rule = (t, node, index) => {
  const f = soleFlow(t, node);
  if (!f) return;
  const w = constDims(t, node, 1);
  const input = t.dims(node.inputs[0]!);
  const size = input?.reduce((a, b) => a * b, 1);
  // The kernel reads the input as rows of I = weights.shape[1], whatever the input's rank.
  const rows = w && size !== undefined && size % w[1]! === 0 ? [size / w[1]!, w[1]!] : undefined;
  const moved = rows && input ? reshapeFlow(f, input, rows) : undefined;
  if (!moved || moved.axis !== 1)
    return t.blockLayout(f.layout, `${describeNode(node)} reads the channels in a way the pruner cannot rewrite`);
  t.slice(node, index, 1, 1, moved.layout);
};

const pool: Rule = (t, node) => {
  const f = t.flow(node.inputs[0] ?? '');
  if (f && f.axis !== 3) return t.blockLayout(f.layout, `${describeNode(node)} pools over the channels`);
  passThrough(t, node);
};

const reshape: Rule = (t, node, index) => {
  const fromInput = node.inputs[1] ? intConstant(t.graph, node.inputs[1]) : undefined;
  const fromOptions = intsAttr(node, 'new_shape');
  const stored = node.inputs[1] !== undefined && node.inputs[1] !== '' ? true : fromOptions !== undefined;
  const values = fromInput ?? fromOptions;
  reshapeLike(t, node, index, { stored, ...(values ? { values } : {}) });
};

const squeeze: Rule = (t, node, index) => {
  const dims = intsAttr(node, 'squeeze_dims');
  if (!dims || dims.length === 0)
    return t.blockInputs(node, `${describeNode(node)} squeezes every size-1 dimension, which may include the channels`);
  reshapeLike(t, node, index, { stored: false });
};

const reduceRule: Rule = (t, node) => {
  const rank = t.dims(node.inputs[0] ?? '')?.length ?? 0;
  const axes = intConstant(t.graph, node.inputs[1] ?? '');
  reduce(t, node, axes ? normalizeAxes(axes, rank) : undefined, intAttr(node, 'keep_dims', 0) !== 0);
};

const pad: Rule = (t, node) => {
  const f = soleFlow(t, node);
  if (!f) return;
  // paddings: [rank, 2] (before, after) per dim.
  const paddings = intConstant(t.graph, node.inputs[1] ?? '');
  if (!paddings || paddings[2 * f.axis] !== 0 || paddings[2 * f.axis + 1] !== 0)
    return t.blockLayout(f.layout, `${describeNode(node)} pads the channels`);
  t.setFlow(node.outputs[0] ?? '', f, node);
};

const softmax: Rule = (t, node) => {
  const f = soleFlow(t, node);
  if (!f) return;
  const rank = t.dims(node.inputs[0]!)?.length;
  if (rank === undefined || f.axis === rank - 1)
    return t.blockLayout(f.layout, `${describeNode(node)} normalizes over the channels`);
  t.setFlow(node.outputs[0] ?? '', f, node);
};

/** The rules of TFLite builtin operators. */
export function tfliteRules(): FormatRules {
  const ops: Record<string, Rule> = {
    CONV_2D: conv2d,
    DEPTHWISE_CONV_2D: depthwise,
    FULLY_CONNECTED: fullyConnected,
    RESHAPE: reshape,
    SQUEEZE: squeeze,
    EXPAND_DIMS: (t, node, index) => reshapeLike(t, node, index, { stored: false }),
    CONCATENATION: (t, node) => {
      const rank = t.dims(node.outputs[0] ?? '')?.length;
      if (rank === undefined) return t.blockInputs(node, `${describeNode(node)} has an output of unknown rank`);
      concat(t, node, normalizeAxes([intAttr(node, 'axis', 0)], rank)[0]!);
    },
    TRANSPOSE: (t, node) => transpose(t, node, intConstant(t.graph, node.inputs[1] ?? '')),
    PAD: pad,
    PADV2: pad,
    MIRROR_PAD: pad,
    SOFTMAX: softmax,
    LOG_SOFTMAX: softmax,
    SHAPE: (t, node) => t.blockInputs(node, `${describeNode(node)} reads the channel count`),
  };
  for (const op of UNARY) ops[op] = (t, node) => passThrough(t, node);
  for (const op of BINARY) ops[op] = (t, node, index) => elementwise(t, node, index);
  for (const op of POOLS) ops[op] = pool;
  for (const op of REDUCES) ops[op] = reduceRule;
  return { ops, layer: tfliteLayer };
}

function tfliteLayer(t: Tracer, node: Node): LayerMatch | undefined {
  const op = node.op;
  if (op === 'TRANSPOSE_CONV') return { weightInput: 1, producer: 'TRANSPOSE_CONV is not pruned by channel' };
  if (op !== 'CONV_2D' && op !== 'DEPTHWISE_CONV_2D' && op !== 'FULLY_CONNECTED') return undefined;
  const w = constDims(t, node, 1);
  if (!w || resolveConst(t.graph, node.inputs[0] ?? '')) return undefined;
  const bias = { input: 2, axis: 0 };
  if (op === 'CONV_2D') {
    if (w.length !== 4) return weightLayer('weight is not 4-D');
    return weightLayer({ weightInput: 1, weightAxis: 0, outAxis: 3, channels: w[0]!, bias });
  }
  if (op === 'FULLY_CONNECTED') {
    const rank = t.dims(node.outputs[0] ?? '')?.length;
    const format = node.attributes['weights_format'];
    if (format?.type === 'string' && format.value !== 'DEFAULT') return weightLayer('shuffled FULLY_CONNECTED weights');
    if (w.length !== 2 || rank === undefined) return weightLayer('weight is not 2-D, or the output shape is unknown');
    return weightLayer({ weightInput: 1, weightAxis: 0, outAxis: rank - 1, channels: w[0]!, bias });
  }
  // A depthwise conv over one input channel is an ordinary conv with `depth_multiplier` filters.
  if (t.dims(node.inputs[0] ?? '')?.[3] !== 1 || w.length !== 4)
    return weightLayer('depthwise convolution: its channels follow its input');
  return weightLayer({ weightInput: 1, weightAxis: 3, outAxis: 3, channels: w[3]!, bias, multiplier: true });
}
