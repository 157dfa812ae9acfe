// TF neural-network ops of graph models: convolutions (NHWC by default; filters [kh, kw, in, out], depthwise
// [kh, kw, in, multiplier]), pooling, matrix products (with their transpose/adjoint flags) and fused batch
// normalisation. TF's padding: SAME gives ceil(in / stride), VALID floor((in − dilated kernel) / stride) + 1,
// EXPLICIT takes `explicit_paddings` (before/after pairs per dim, in data_format order).
import type { Dim, Node, Shape } from '../../../ir/types';
import { stringAttr } from '../../attrs';
import type { ShapeRule } from '../../context';
import { fail } from '../../context';
import { broadcastShapes, isNum, unknownDims } from '../../dims';
import { out } from '../common';
import { windowOutput, type Window } from '../window';
import { assemble, boolAttr, channelsFirst, intList, layout, typeAttr } from './tf-attrs';

/** The spatial entries of a per-dim attribute (strides, dilations, ksize) written for all n + 2 dims. */
function spatialOf(values: readonly number[], n: number, first: boolean, name: string): number[] {
  if (values.length === 1) return new Array<number>(n).fill(values[0]!);
  if (values.length !== n + 2)
    fail('bad-attribute', `attribute "${name}" has ${values.length} values for ${n + 2} dims`);
  return first ? values.slice(2) : values.slice(1, n + 1);
}

/** The sliding window of a TF conv or pool over `n` spatial dims with kernel `kernel`. */
export function tfWindow(
  node: Node,
  n: number,
  kernel: readonly Dim[],
  first: boolean,
  strides?: readonly number[],
): Window {
  const s = spatialOf(strides ?? intList(node, 'strides', [1]), n, first, 'strides');
  if (s.some((v) => v <= 0)) fail('bad-attribute', `strides must be positive, got [${s.join(', ')}]`);
  const padding = stringAttr(node, 'padding', 'VALID');
  let pads = new Array<number>(2 * n).fill(0);
  if (padding === 'EXPLICIT') {
    const all = intList(node, 'explicit_paddings', []);
    if (all.length !== 2 * (n + 2))
      fail('bad-attribute', `explicit_paddings has ${all.length} values for ${n + 2} dims (expected ${2 * (n + 2)})`);
    const pairs = spatialOf(
      Array.from({ length: n + 2 }, (_, i) => i),
      n,
      first,
      'explicit_paddings',
    );
    pads = [...pairs.map((d) => all[2 * d]!), ...pairs.map((d) => all[2 * d + 1]!)];
  } else if (padding !== 'SAME' && padding !== 'VALID')
    fail('bad-attribute', `padding "${padding}" is not SAME, VALID or EXPLICIT`);
  return {
    kernel,
    strides: s,
    dilations: spatialOf(intList(node, 'dilations', [1]), n, first, 'dilations'),
    pads,
    autoPad: padding === 'SAME' ? 'SAME_UPPER' : padding === 'VALID' ? 'VALID' : 'NOTSET',
    ceilMode: false,
  };
}

function conv(depthwise: boolean): ShapeRule {
  return (ctx) => {
    const dtype = ctx.dtype(0) ?? typeAttr(ctx.node, 'T');
    const x = ctx.shape(0);
    const f = ctx.shape(1);
    if (!x) return [out(dtype)];
    const first = channelsFirst(ctx.node);
    const { batch, channels, spatial } = layout(x, first);
    const n = spatial.length;
    if (f && f.length !== n + 2) fail('shape-mismatch', `the filter has rank ${f.length}, the input rank ${x.length}`);
    const inPerGroup = f?.[n] ?? null;
    const last = f?.[n + 1] ?? null;
    if (isNum(channels) && isNum(inPerGroup)) {
      const ok = depthwise ? channels === inPerGroup : inPerGroup > 0 && channels % inPerGroup === 0;
      if (!ok) fail('shape-mismatch', `the input has ${channels} channels but the filter expects ${inPerGroup}`);
    }
    const outChannels = depthwise ? (isNum(inPerGroup) && isNum(last) ? inPerGroup * last : null) : last;
    const w = tfWindow(ctx.node, n, f ? f.slice(0, n) : unknownDims(n), first);
    return [out(dtype, assemble(batch, outChannels, windowOutput(spatial, w), first))];
  };
}

// Conv2DBackpropInput (a transposed convolution): its output shape is its first input's value.
const conv2dBackpropInput: ShapeRule = (ctx) => {
  const sizes = ctx.value(0);
  return [out(ctx.dtype(2), sizes ? sizes.values : undefined)];
};

function pool(fromInputs: boolean): ShapeRule {
  return (ctx) => {
    const x = ctx.shape(0);
    const dtype = ctx.dtype(0);
    if (!x) return [out(dtype)];
    const first = channelsFirst(ctx.node);
    const { batch, channels, spatial } = layout(x, first);
    const n = spatial.length;
    const ksize = fromInputs ? ctx.numbers(1) : intList(ctx.node, 'ksize', []);
    const strides = fromInputs ? ctx.numbers(2) : undefined;
    if (!ksize || (fromInputs && !strides)) return [out(dtype, assemble(batch, channels, unknownDims(n), first))];
    const w = tfWindow(ctx.node, n, spatialOf(ksize, n, first, 'ksize'), first, strides);
    return [out(dtype, assemble(batch, channels, windowOutput(spatial, w), first))];
  };
}

function checkInner(k1: Dim | undefined, k2: Dim | undefined): void {
  if (isNum(k1) && isNum(k2) && k1 !== k2) fail('shape-mismatch', `inner dimensions ${k1} and ${k2} differ`);
}

/** MatMul and _FusedMatMul: 2-D operands, transpose_a / transpose_b. */
const matmul: ShapeRule = (ctx) => {
  const dtype = ctx.dtype(0) ?? typeAttr(ctx.node, 'T');
  const a = ctx.shape(0);
  const b = ctx.shape(1);
  const ta = boolAttr(ctx.node, 'transpose_a', false);
  const tb = boolAttr(ctx.node, 'transpose_b', false);
  if ((a && a.length !== 2) || (b && b.length !== 2))
    fail('shape-mismatch', `MatMul needs 2-D operands, got ranks ${a?.length ?? '?'} and ${b?.length ?? '?'}`);
  checkInner(a?.[ta ? 0 : 1], b?.[tb ? 1 : 0]);
  const m = a ? (a[ta ? 1 : 0] ?? null) : null;
  const n = b ? (b[tb ? 0 : 1] ?? null) : null;
  return [out(dtype, a || b ? [m, n] : undefined)];
};

/** BatchMatMul (V1–V3): the last two dims multiply (adj_x / adj_y transpose them), the rest broadcast. */
const batchMatmul: ShapeRule = (ctx) => {
  const dtype = ctx.dtype(0) ?? typeAttr(ctx.node, 'T');
  const a = ctx.shape(0);
  const b = ctx.shape(1);
  if (!a || !b) return [out(dtype)];
  if (a.length < 2 || b.length < 2) fail('shape-mismatch', 'BatchMatMul operands must have rank 2 or more');
  const adjX = boolAttr(ctx.node, 'adj_x', false);
  const adjY = boolAttr(ctx.node, 'adj_y', false);
  const [a0, a1] = [a[a.length - 2] ?? null, a[a.length - 1] ?? null];
  const [b0, b1] = [b[b.length - 2] ?? null, b[b.length - 1] ?? null];
  checkInner(adjX ? a0 : a1, adjY ? b1 : b0);
  const batch = broadcastShapes([a.slice(0, -2), b.slice(0, -2)]);
  return [out(dtype, [...batch, adjX ? a1 : a0, adjY ? b0 : b1])];
};

/** FusedBatchNorm (V1–V3): y like x; the batch statistics and reserve spaces are per channel. */
const fusedBatchNorm: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const dtype = ctx.dtype(0);
  const channels: Dim = x
    ? channelsFirst(ctx.node)
      ? (x[1] ?? null)
      : (x[x.length - 1] ?? null)
    : (ctx.shape(1)?.[0] ?? null);
  const stats: Shape = [channels];
  const statType = ctx.dtype(1) ?? 'float32';
  return [
    out(dtype, x),
    out(statType, stats),
    out(statType, stats),
    out(statType, stats),
    out(statType, stats),
    out(statType),
  ];
};

/** Convolution, pooling, matrix-product and batch-norm rules of TF graph-model ops. */
export const tfNnRules: Readonly<Record<string, ShapeRule>> = {
  Conv2D: conv(false),
  _FusedConv2D: conv(false),
  Conv3D: conv(false),
  DepthwiseConv2dNative: conv(true),
  _FusedDepthwiseConv2dNative: conv(true),
  Conv2DBackpropInput: conv2dBackpropInput,
  MaxPool: pool(false),
  AvgPool: pool(false),
  MaxPool3D: pool(false),
  AvgPool3D: pool(false),
  MaxPoolV2: pool(true),
  MatMul: matmul,
  _FusedMatMul: matmul,
  BatchMatMul: batchMatmul,
  BatchMatMulV2: batchMatmul,
  BatchMatMulV3: batchMatmul,
  FusedBatchNorm: fusedBatchNorm,
  FusedBatchNormV2: fusedBatchNorm,
  FusedBatchNormV3: fusedBatchNorm,
};
