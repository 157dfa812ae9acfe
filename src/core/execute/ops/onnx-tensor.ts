// ONNX ops that move data: Transpose, Concat, Split, Slice, Pad, Gather.
import { floatAttr, intAttr, intsAttr, stringAttr } from '../attrs';
import { fmtShape, intValues, normAxis, sizeOf, stridesOf } from '../shape-util';
import { concatData, copyStrided, gatherData, padData, transposeData, type PadMode } from './tensor-loops';
import type { KernelContext, OpTable, RuntimeTensor } from './op-types';

function transpose(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const rank = x.shape.length;
  const perm = intsAttr(ctx.node, 'perm') ?? x.shape.map((_, i) => rank - 1 - i);
  if (perm.length !== rank || new Set(perm).size !== rank || perm.some((p) => p < 0 || p >= rank))
    ctx.fail('shape-mismatch', `perm [${perm.join(', ')}] is not a permutation of ${rank} axes`);
  const out = ctx.alloc(x.data.length);
  const shape = transposeData(x.data, x.shape, perm, out);
  return [{ dtype: x.dtype, shape, data: out }];
}

/** Concatenation along `axis` after checking the other dims agree (shared with TFLite). */
export function concatTensors(ctx: KernelContext, parts: readonly RuntimeTensor[], rawAxis: number): RuntimeTensor {
  const first = parts[0];
  if (!first) return ctx.fail('shape-mismatch', 'needs at least one input');
  const axis = normAxis(ctx, rawAxis, first.shape.length);
  for (const p of parts)
    if (p.shape.length !== first.shape.length || p.shape.some((d, i) => i !== axis && d !== first.shape[i]))
      ctx.fail(
        'shape-mismatch',
        `cannot concatenate ${fmtShape(p.shape)} with ${fmtShape(first.shape)} on axis ${axis}`,
      );
  const shape = [...first.shape];
  shape[axis] = parts.reduce((n, p) => n + p.shape[axis]!, 0);
  const out = ctx.alloc(sizeOf(shape));
  concatData(parts, axis, out);
  return { dtype: first.dtype, shape, data: out };
}

/** The slice [start, start + size) of `x` along `axis` (a copy). */
export function sliceAxis(
  ctx: KernelContext,
  x: RuntimeTensor,
  axis: number,
  start: number,
  size: number,
): RuntimeTensor {
  const shape = [...x.shape];
  shape[axis] = size;
  const strides = stridesOf(x.shape);
  const out = ctx.alloc(sizeOf(shape));
  copyStrided(x.data, start * strides[axis]!, strides, shape, out);
  return { dtype: x.dtype, shape, data: out };
}

function split(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const axis = normAxis(ctx, intAttr(ctx.node, 'axis', 0), x.shape.length);
  const count = ctx.node.outputs.length;
  const dim = x.shape[axis]!;
  let sizes = ctx.opset < 13 ? intsAttr(ctx.node, 'split')?.slice() : ctx.inputs[1] && intValues(ctx.inputs[1]);
  if (!sizes || sizes.length === 0) {
    const each = Math.ceil(dim / count);
    sizes = Array.from({ length: count }, (_, i) => Math.max(0, Math.min(each, dim - i * each)));
  }
  if (sizes.reduce((a, b) => a + b, 0) !== dim)
    ctx.fail('shape-mismatch', `split sizes [${sizes.join(', ')}] do not add up to ${dim}`);
  let at = 0;
  return sizes.map((s) => {
    const part = sliceAxis(ctx, x, axis, at, s);
    at += s;
    return part;
  });
}

function slice(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const rank = x.shape.length;
  const old = ctx.opset < 10;
  const starts = old ? (intsAttr(ctx.node, 'starts') ?? []) : intValues(ctx.input(1));
  const ends = old ? (intsAttr(ctx.node, 'ends') ?? []) : intValues(ctx.input(2));
  const axesIn = old ? intsAttr(ctx.node, 'axes') : ctx.inputs[3] && intValues(ctx.inputs[3]);
  const stepsIn = old ? undefined : ctx.inputs[4] && intValues(ctx.inputs[4]);
  const axes = (axesIn ?? starts.map((_, i) => i)).map((a) => normAxis(ctx, a, rank));
  const shape = [...x.shape];
  const strides = stridesOf(x.shape);
  const outStrides = [...strides];
  let offset = 0;
  axes.forEach((axis, i) => {
    const dim = x.shape[axis]!;
    const step = stepsIn?.[i] ?? 1;
    if (step === 0) ctx.fail('shape-mismatch', 'a slice step is 0');
    let s = starts[i]!;
    let e = ends[i]!;
    if (s < 0) s += dim;
    if (e < 0) e += dim;
    let count: number;
    if (step > 0) {
      s = Math.min(dim, Math.max(0, s));
      e = Math.min(dim, Math.max(0, e));
      count = Math.max(0, Math.ceil((e - s) / step));
    } else {
      s = Math.min(dim - 1, Math.max(0, s));
      e = Math.min(dim - 1, Math.max(-1, e));
      count = Math.max(0, Math.ceil((s - e) / -step));
    }
    shape[axis] = count;
    offset += count > 0 ? s * strides[axis]! : 0;
    outStrides[axis] = strides[axis]! * step;
  });
  const out = ctx.alloc(sizeOf(shape));
  copyStrided(x.data, offset, outStrides, shape, out);
  return [{ dtype: x.dtype, shape, data: out }];
}

function pad(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const rank = x.shape.length;
  const mode = stringAttr(ctx.node, 'mode', 'constant') as PadMode;
  let pads: number[];
  let value: number;
  if (ctx.opset < 11) {
    pads = [...(intsAttr(ctx.node, 'pads') ?? intsAttr(ctx.node, 'paddings') ?? [])];
    value = floatAttr(ctx.node, 'value', 0);
  } else {
    const given = intValues(ctx.input(1));
    value = ctx.inputs[2]?.data[0] ?? 0;
    const axesT = ctx.inputs[3];
    if (axesT) {
      // Opset 18: pads only for the listed axes.
      const axes = intValues(axesT).map((a) => normAxis(ctx, a, rank));
      pads = new Array<number>(2 * rank).fill(0);
      axes.forEach((a, i) => {
        pads[a] = given[i]!;
        pads[a + rank] = given[i + axes.length]!;
      });
    } else pads = given;
  }
  if (pads.length !== 2 * rank) ctx.fail('shape-mismatch', `${pads.length} pads for a tensor of rank ${rank}`);
  const result = padData(x.data, x.shape, pads.slice(0, rank), pads.slice(rank), mode, value, (n) => ctx.alloc(n));
  return [{ dtype: x.dtype, ...result }];
}

/** Gather along `axis` (negative indices count from the end; shared with TFLite). */
export function gatherTensor(ctx: KernelContext, x: RuntimeTensor, idx: RuntimeTensor, rawAxis: number): RuntimeTensor {
  const axis = normAxis(ctx, rawAxis, x.shape.length);
  const dim = x.shape[axis]!;
  const indices = Array.from(idx.data, (v) => {
    const i = v < 0 ? v + dim : v;
    if (!(i >= 0 && i < dim)) ctx.fail('shape-mismatch', `index ${v} is out of range for a dim of ${dim}`);
    return i;
  });
  const shape = [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)];
  const out = ctx.alloc(sizeOf(shape));
  gatherData(x.data, x.shape, axis, indices, out);
  return { dtype: x.dtype, shape, data: out };
}

const MODES = new Set(['constant', 'reflect', 'edge', 'wrap']);

export const onnxTensorOps: OpTable = {
  Transpose: { run: transpose },
  Concat: {
    run: (ctx) => [
      concatTensors(
        ctx,
        ctx.inputs.filter((t): t is RuntimeTensor => t !== undefined),
        intAttr(ctx.node, 'axis', 0),
      ),
    ],
  },
  Split: { run: split },
  Slice: { run: slice },
  Pad: {
    run: pad,
    check: (node) => {
      const mode = stringAttr(node, 'mode', 'constant');
      return MODES.has(mode) ? undefined : `pad mode "${mode}" is not supported`;
    },
  },
  Gather: { run: (ctx) => [gatherTensor(ctx, ctx.input(0), ctx.input(1), intAttr(ctx.node, 'axis', 0))] },
};
