// ONNX (NCHW) rules: which nodes own output channels, and how each op passes channels on. From the
// operator definitions: Conv W [M, C/group, k…] (+ B [M]); ConvTranspose W [C, M/group, k…]; Gemm
// Y = op(A)·op(B) + C with B [K, N] or [N, K] (transB); MatMul B [K, N]; BatchNormalization scale, B,
// mean, var [C]; Flatten/Reshape are row-major.
import { intAttr, intsAttr } from '../../../execute/attrs';
import type { Node } from '../../../ir/types';
import { intConstant, resolveConst } from './const-ref';
import { widenInner } from './layout';
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

/** Axes from an attribute (older opsets) or a constant input (newer ones), normalized. */
function axesOf(t: Tracer, node: Node, input: number, rank: number): number[] | undefined {
  const list = intsAttr(node, 'axes') ?? (node.inputs[input] ? intConstant(t.graph, node.inputs[input]) : undefined);
  return list ? normalizeAxes(list, rank) : undefined;
}

const UNARY = [
  'Relu',
  'LeakyRelu',
  'Sigmoid',
  'HardSigmoid',
  'HardSwish',
  'Tanh',
  'Elu',
  'Selu',
  'Celu',
  'Softplus',
  'Softsign',
  'Exp',
  'Log',
  'Abs',
  'Neg',
  'Sqrt',
  'Reciprocal',
  'Floor',
  'Ceil',
  'Round',
  'Sign',
  'Erf',
  'Gelu',
  'Mish',
  'Clip',
  'Identity',
  'Cast',
  'ThresholdedRelu',
  'Sin',
  'Cos',
  'Shrink',
];
const BINARY = ['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum', 'Mean', 'PRelu'];
const POOLS = ['AveragePool', 'GlobalAveragePool', 'GlobalMaxPool', 'LpPool', 'GlobalLpPool', 'MaxPool'];
const REDUCES = [
  'ReduceMean',
  'ReduceMax',
  'ReduceMin',
  'ReduceSum',
  'ReduceProd',
  'ReduceL1',
  'ReduceL2',
  'ReduceLogSum',
  'ReduceLogSumExp',
  'ReduceSumSquare',
];

const blockWith =
  (why: string): Rule =>
  (t, node) =>
    t.blockInputs(node, `${describeNode(node)} ${why}`);

/** Conv reading tracked channels: plain convs cut W's input axis; depthwise ones follow the channels. */
const conv: Rule = (t, node, index) => {
  const f = soleFlow(t, node);
  const w = constDims(t, node, 1);
  if (!f) return;
  const inputChannels = t.dims(node.inputs[0]!)?.[1];
  const group = intAttr(node, 'group', 1);
  if (f.axis !== 1 || !w || inputChannels === undefined) {
    return t.blockLayout(f.layout, `${describeNode(node)} reads the channels in a way the pruner cannot rewrite`);
  }
  if (group === 1) {
    t.slice(node, index, 1, 1, f.layout);
    return;
  }
  if (group !== inputChannels || w[1] !== 1) {
    return t.blockLayout(f.layout, `${describeNode(node)} is a grouped convolution (group ${group})`);
  }
  // Depthwise: output channel o belongs to input channel ⌊o / m⌋ (ONNX Conv with group = C).
  const out = widenInner(f.layout, w[0]! / inputChannels);
  if (!t.slice(node, index, 1, 0, out)) return;
  if (node.inputs[2]) t.slice(node, index, 2, 0, out);
  t.edit({ kind: 'group', node: index, layout: f.layout });
  t.setFlow(node.outputs[0] ?? '', { axis: 1, layout: out }, node);
};

const convTranspose: Rule = (t, node, index) => {
  const f = soleFlow(t, node);
  if (!f) return;
  if (f.axis !== 1 || intAttr(node, 'group', 1) !== 1)
    return t.blockLayout(f.layout, `${describeNode(node)} reads the channels in a way the pruner cannot rewrite`);
  t.slice(node, index, 1, 0, f.layout);
};

const gemm: Rule = (t, node, index) => {
  const f = soleFlow(t, node);
  if (!f) return;
  const k = intAttr(node, 'transA', 0) ? 0 : 1;
  if (f.axis !== k) return t.blockLayout(f.layout, `${describeNode(node)} reads the channels on the wrong axis`);
  t.slice(node, index, 1, intAttr(node, 'transB', 0) ? 1 : 0, f.layout);
};

const matmul: Rule = (t, node, index) => {
  const f = soleFlow(t, node);
  if (!f) return;
  const rank = t.dims(node.inputs[0]!)?.length;
  const w = constDims(t, node, 1);
  if (rank === undefined || f.axis !== rank - 1 || !w || w.length < 2)
    return t.blockLayout(f.layout, `${describeNode(node)} reads the channels in a way the pruner cannot rewrite`);
  t.slice(node, index, 1, w.length - 2, f.layout);
};

const batchNorm: Rule = (t, node, index) => {
  const f = soleFlow(t, node);
  if (!f) return;
  if (f.axis !== 1 || node.outputs.filter((o) => o !== '').length > 1)
    return t.blockLayout(f.layout, `${describeNode(node)} is not an inference-mode BatchNormalization over axis 1`);
  for (let i = 1; i <= 4; i++) if (!t.slice(node, index, i, 0, f.layout)) return;
  t.setFlow(node.outputs[0] ?? '', f, node);
};

const instanceNorm: Rule = (t, node, index) => {
  const f = soleFlow(t, node);
  if (!f) return;
  if (f.axis !== 1) return t.blockLayout(f.layout, `${describeNode(node)} normalizes another axis`);
  if (t.slice(node, index, 1, 0, f.layout) && t.slice(node, index, 2, 0, f.layout))
    t.setFlow(node.outputs[0] ?? '', f, node);
};

const pool: Rule = (t, node) => {
  const f = t.flow(node.inputs[0] ?? '');
  if (f && f.axis > 1) return t.blockLayout(f.layout, `${describeNode(node)} pools over the channels`);
  passThrough(t, node, [0]);
};

const reshape: Rule = (t, node, index) => {
  const stored = intsAttr(node, 'shape') ?? intConstant(t.graph, node.inputs[1] ?? '');
  reshapeLike(t, node, index, { stored: true, ...(stored ? { values: stored } : {}) });
};

const squeezeLike: Rule = (t, node, index) => {
  const rank = t.dims(node.inputs[0] ?? '')?.length ?? 0;
  if (node.op === 'Squeeze' && !axesOf(t, node, 1, rank))
    return t.blockInputs(node, `${describeNode(node)} squeezes every size-1 dimension, which may include the channels`);
  reshapeLike(t, node, index, { stored: false });
};

const reduceRule: Rule = (t, node) => {
  const rank = t.dims(node.inputs[0] ?? '')?.length ?? 0;
  const axes = axesOf(t, node, 1, rank);
  const all = !axes || axes.length === 0;
  reduce(t, node, all ? undefined : axes, intAttr(node, 'keepdims', 1) !== 0);
};

const pad: Rule = (t, node) => {
  const f = soleFlow(t, node);
  if (!f) return;
  const rank = t.dims(node.inputs[0]!)?.length ?? 0;
  const pads = intsAttr(node, 'pads') ?? intConstant(t.graph, node.inputs[1] ?? '');
  const axes = node.inputs[3] ? axesOf(t, node, 3, rank) : Array.from({ length: rank }, (_, i) => i);
  const at = axes?.indexOf(f.axis) ?? -1;
  const n = axes?.length ?? 0;
  if (!pads || !axes) return t.blockLayout(f.layout, `${describeNode(node)} has pads the pruner cannot read`);
  if (at >= 0 && (pads[at] !== 0 || pads[at + n] !== 0))
    return t.blockLayout(f.layout, `${describeNode(node)} pads the channels`);
  t.setFlow(node.outputs[0] ?? '', f, node);
};

const slice: Rule = (t, node) => {
  const f = soleFlow(t, node);
  if (!f) return;
  const rank = t.dims(node.inputs[0]!)?.length ?? 0;
  const starts = intsAttr(node, 'starts') ?? intConstant(t.graph, node.inputs[1] ?? '');
  const axes = axesOf(t, node, 3, rank) ?? starts?.map((_, i) => i);
  if (!axes || axes.includes(f.axis)) return t.blockLayout(f.layout, `${describeNode(node)} slices the channels`);
  t.setFlow(node.outputs[0] ?? '', f, node);
};

const split: Rule = (t, node) => {
  const f = soleFlow(t, node);
  if (!f) return;
  const rank = t.dims(node.inputs[0]!)?.length ?? 0;
  const [axis] = normalizeAxes([intAttr(node, 'axis', 0)], rank);
  if (axis === f.axis) return t.blockLayout(f.layout, `${describeNode(node)} splits the channels`);
  for (const out of node.outputs) t.setFlow(out, f, node);
};

/** Softmax-like ops normalize over `axis` (opset ≥ 13) or over every dim from `axis` on (older). */
function softmax(opset: number): Rule {
  return (t, node) => {
    const f = soleFlow(t, node);
    if (!f) return;
    const rank = t.dims(node.inputs[0]!)?.length ?? 0;
    const [axis] = normalizeAxes([intAttr(node, 'axis', opset >= 13 ? -1 : 1)], rank);
    const mixes = opset >= 13 ? f.axis === axis : f.axis >= axis!;
    if (mixes) return t.blockLayout(f.layout, `${describeNode(node)} normalizes over the channels`);
    t.setFlow(node.outputs[0] ?? '', f, node);
  };
}

const resize: Rule = (t, node) => {
  const f = soleFlow(t, node);
  if (!f) return;
  // Upsample / Resize: scales from an attribute (Upsample-7) or input 1 (Upsample-9) / input 2 (Resize).
  const scaleInput = node.op === 'Upsample' ? 1 : 2;
  const a = node.attributes['scales'];
  const scales = a?.type === 'floats' ? a.value : floatConstant(t, node.inputs[scaleInput] ?? '');
  const sizes = node.op === 'Resize' ? node.inputs[3] : undefined;
  if (sizes || !scales || scales[f.axis] !== 1)
    return t.blockLayout(f.layout, `${describeNode(node)} may resize the channels`);
  t.setFlow(node.outputs[0] ?? '', f, node);
};

function floatConstant(t: Tracer, id: string): number[] | undefined {
  const ref = id ? resolveConst(t.graph, id) : undefined;
  if (!ref || ref.kind !== 'tensor' || ref.tensor.dtype !== 'float32') return undefined;
  const bytes = ref.tensor.data!.bytes!;
  return Array.from(new Float32Array(bytes.slice().buffer));
}

/** The rules of the default ONNX domain at `opset`. */
export function onnxRules(opset: number): FormatRules {
  const ops: Record<string, Rule> = {
    Conv: conv,
    ConvTranspose: convTranspose,
    Gemm: gemm,
    MatMul: matmul,
    BatchNormalization: batchNorm,
    InstanceNormalization: instanceNorm,
    Reshape: reshape,
    Flatten: (t, node, index) => reshapeLike(t, node, index, { stored: false }),
    Squeeze: squeezeLike,
    Unsqueeze: squeezeLike,
    Transpose: (t, node) => transpose(t, node, intsAttr(node, 'perm')),
    Concat: (t, node) => {
      const rank = t.dims(node.outputs[0] ?? '')?.length ?? t.dims(node.inputs[0] ?? '')?.length;
      if (rank === undefined) return t.blockInputs(node, `${describeNode(node)} has inputs of unknown rank`);
      concat(t, node, normalizeAxes([intAttr(node, 'axis', 0)], rank)[0]!);
    },
    Pad: pad,
    Slice: slice,
    Split: split,
    Softmax: softmax(opset),
    LogSoftmax: softmax(opset),
    Hardmax: softmax(opset),
    Resize: resize,
    Upsample: resize,
    Dropout: (t, node) => passThrough(t, node, [0, 1]),
    Shape: blockWith('reads the channel count'),
    Size: blockWith('reads the channel count'),
    LRN: blockWith('mixes neighbouring channels'),
  };
  for (const op of UNARY) ops[op] = (t, node) => passThrough(t, node);
  for (const op of BINARY) ops[op] = (t, node, index) => elementwise(t, node, index);
  for (const op of POOLS) ops[op] = pool;
  for (const op of REDUCES) ops[op] = reduceRule;
  return { ops, layer: onnxLayer };
}

/** The weight layer an ONNX node is: Conv, ConvTranspose, Gemm or MatMul with a constant weight. */
function onnxLayer(t: Tracer, node: Node): LayerMatch | undefined {
  if (node.domain !== '' && node.domain !== 'ai.onnx') return undefined;
  if (!['Conv', 'ConvTranspose', 'Gemm', 'MatMul'].includes(node.op)) return undefined;
  const w = constDims(t, node, 1);
  if (!w || resolveConst(t.graph, node.inputs[0] ?? '')) return undefined;
  const group = intAttr(node, 'group', 1);
  switch (node.op) {
    case 'Conv':
      if (group !== 1) return weightLayer('grouped / depthwise convolution: its channels follow its input');
      return weightLayer({ weightInput: 1, weightAxis: 0, outAxis: 1, channels: w[0]!, bias: { input: 2, axis: 0 } });
    case 'ConvTranspose':
      if (group !== 1) return weightLayer('grouped transposed convolution');
      return weightLayer({ weightInput: 1, weightAxis: 1, outAxis: 1, channels: w[1]!, bias: { input: 2, axis: 0 } });
    case 'Gemm': {
      if (w.length !== 2) return weightLayer('weight is not 2-D');
      const axis = intAttr(node, 'transB', 0) ? 0 : 1;
      const spec = { weightInput: 1, weightAxis: axis, outAxis: 1, channels: w[axis]! };
      const c = node.inputs[2] ?? '';
      if (c === '') return weightLayer(spec);
      const cDims = constDims(t, node, 2);
      if (!cDims) return weightLayer('bias C is computed at run time');
      const n = w[axis]!;
      const size = cDims.reduce((a, b) => a * b, 1);
      if (size === 1) return weightLayer(spec);
      if (cDims.length === 1 && cDims[0] === n) return weightLayer({ ...spec, bias: { input: 2, axis: 0 } });
      if (cDims.length === 2 && cDims[0] === 1 && cDims[1] === n)
        return weightLayer({ ...spec, bias: { input: 2, axis: 1 } });
      return weightLayer('bias C is not one value per output channel');
    }
    default: {
      const rank = t.dims(node.outputs[0] ?? '')?.length;
      if (w.length !== 2 || rank === undefined) return weightLayer('weight is not 2-D, or the output shape is unknown');
      return weightLayer({ weightInput: 1, weightAxis: 1, outAxis: rank - 1, channels: w[1]! });
    }
  }
}
