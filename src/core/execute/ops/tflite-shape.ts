// TFLite ops that reshape or move data: RESHAPE, SQUEEZE, EXPAND_DIMS, TRANSPOSE, CONCATENATION, PAD,
// PADV2, STRIDED_SLICE, GATHER, SPLIT, PACK, UNPACK.
import { intAttr, intsAttr } from '../attrs';
import { fmtShape, intValues, normAxis, sizeOf, stridesOf, withShape } from '../shape-util';
import { resolveReshape } from './onnx-reshape';
import { concatTensors, gatherTensor, sliceAxis } from './onnx-tensor';
import { activationProblem, applyActivation } from './tflite-activation';
import { copyStrided, padData, transposeData } from './tensor-loops';
import type { KernelContext, OpTable, RuntimeTensor } from './op-types';

function reshape(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const given = ctx.inputs[1];
  // The shape input wins; the new_shape option is the older way to say it.
  const target = given && given.data.length > 0 ? intValues(given) : (intsAttr(ctx.node, 'new_shape') ?? [-1]);
  return [withShape(x, resolveReshape(ctx, x.shape, target, true))];
}

function squeeze(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const dims = (intsAttr(ctx.node, 'squeeze_dims') ?? []).map((a) => normAxis(ctx, a, x.shape.length));
  const shape = x.shape.filter((d, i) => (dims.length ? !dims.includes(i) : d !== 1));
  return [withShape(x, shape)];
}

function expandDims(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const axis = normAxis(ctx, ctx.input(1).data[0] ?? 0, x.shape.length + 1);
  return [withShape(x, [...x.shape.slice(0, axis), 1, ...x.shape.slice(axis)])];
}

function transpose(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const perm = intValues(ctx.input(1));
  if (perm.length !== x.shape.length)
    ctx.fail('shape-mismatch', `perm [${perm}] for an input of shape ${fmtShape(x.shape)}`);
  const out = ctx.alloc(x.data.length);
  return [{ dtype: x.dtype, shape: transposeData(x.data, x.shape, perm, out), data: out }];
}

function pad(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const pads = intValues(ctx.input(1));
  const rank = x.shape.length;
  if (pads.length !== 2 * rank) ctx.fail('shape-mismatch', `paddings of ${pads.length} values for rank ${rank}`);
  const begin = x.shape.map((_, i) => pads[2 * i]!);
  const end = x.shape.map((_, i) => pads[2 * i + 1]!);
  // PAD pads with zero (a quantized tensor's zero point: real value 0); PADV2 with its third input.
  const value = ctx.inputs[2]?.data[0] ?? 0;
  return [{ dtype: x.dtype, ...padData(x.data, x.shape, begin, end, 'constant', value, (n) => ctx.alloc(n)) }];
}

function stridedSlice(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const begin = intValues(ctx.input(1));
  const end = intValues(ctx.input(2));
  const steps = ctx.inputs[3] ? intValues(ctx.inputs[3]) : begin.map(() => 1);
  const node = ctx.node;
  const beginMask = intAttr(node, 'begin_mask', 0);
  const endMask = intAttr(node, 'end_mask', 0);
  const shrinkMask = intAttr(node, 'shrink_axis_mask', 0);
  const offset = intAttr(node, 'offset', 0) !== 0;
  const strides = stridesOf(x.shape);
  const shape: number[] = [];
  const outStrides: number[] = [];
  const kept: number[] = [];
  let base = 0;
  x.shape.forEach((dim, i) => {
    const step = i < begin.length ? (steps[i] ?? 1) : 1;
    if (step === 0) ctx.fail('shape-mismatch', 'a stride is 0');
    const clampTo = (v: number): number =>
      step > 0 ? Math.min(dim, Math.max(0, v)) : Math.min(dim - 1, Math.max(-1, v));
    const wrap = (v: number): number => (v < 0 ? v + dim : v);
    let b: number;
    let e: number;
    if (i >= begin.length) {
      b = 0;
      e = dim;
    } else {
      b = beginMask & (1 << i) ? (step > 0 ? 0 : dim - 1) : clampTo(wrap(begin[i]!));
      const rawEnd = offset ? begin[i]! + end[i]! : end[i]!;
      e = endMask & (1 << i) ? (step > 0 ? dim : -1) : clampTo(wrap(rawEnd));
      if (shrinkMask & (1 << i)) e = b + 1;
    }
    const count = step > 0 ? Math.max(0, Math.ceil((e - b) / step)) : Math.max(0, Math.ceil((b - e) / -step));
    if (count > 0) base += b * strides[i]!;
    shape.push(count);
    outStrides.push(strides[i]! * step);
    if (!(i < begin.length && shrinkMask & (1 << i))) kept.push(count);
  });
  const out = ctx.alloc(sizeOf(shape));
  copyStrided(x.data, base, outStrides, shape, out);
  return [{ dtype: x.dtype, shape: kept, data: out }];
}

function split(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(1);
  const axis = normAxis(ctx, ctx.input(0).data[0] ?? 0, x.shape.length);
  const count = intAttr(ctx.node, 'num_splits', ctx.node.outputs.length);
  const size = x.shape[axis]! / count;
  if (!Number.isInteger(size)) ctx.fail('shape-mismatch', `cannot split ${x.shape[axis]} into ${count} equal parts`);
  return Array.from({ length: count }, (_, i) => sliceAxis(ctx, x, axis, i * size, size));
}

function pack(ctx: KernelContext): RuntimeTensor[] {
  const parts = ctx.inputs.filter((t): t is RuntimeTensor => t !== undefined);
  const first = parts[0];
  if (!first) return ctx.fail('shape-mismatch', 'needs at least one input');
  const axis = normAxis(ctx, intAttr(ctx.node, 'axis', 0), first.shape.length + 1);
  const expanded = parts.map((p) => withShape(p, [...p.shape.slice(0, axis), 1, ...p.shape.slice(axis)]));
  return [concatTensors(ctx, expanded, axis)];
}

function unpack(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const axis = normAxis(ctx, intAttr(ctx.node, 'axis', 0), x.shape.length);
  const shape = x.shape.filter((_, i) => i !== axis);
  return Array.from({ length: x.shape[axis]! }, (_, i) => withShape(sliceAxis(ctx, x, axis, i, 1), shape));
}

export const tfliteShapeOps: OpTable = {
  RESHAPE: { run: reshape },
  SQUEEZE: { run: squeeze },
  EXPAND_DIMS: { run: expandDims },
  TRANSPOSE: { run: transpose },
  CONCATENATION: {
    run: (ctx) => {
      const y = concatTensors(
        ctx,
        ctx.inputs.filter((t): t is RuntimeTensor => t !== undefined),
        intAttr(ctx.node, 'axis', 0),
      );
      applyActivation(ctx.node, y.data);
      return [y];
    },
    check: activationProblem,
  },
  PAD: { run: pad },
  PADV2: { run: pad },
  STRIDED_SLICE: {
    run: stridedSlice,
    check: (node) =>
      intAttr(node, 'ellipsis_mask', 0) || intAttr(node, 'new_axis_mask', 0)
        ? 'ellipsis_mask and new_axis_mask are not supported'
        : undefined,
  },
  GATHER: {
    run: (ctx) => [gatherTensor(ctx, ctx.input(0), ctx.input(1), intAttr(ctx.node, 'axis', 0))],
    check: (node) => (intAttr(node, 'batch_dims', 0) !== 0 ? 'batch_dims other than 0 is not supported' : undefined),
  },
  SPLIT: { run: split },
  PACK: { run: pack },
  UNPACK: { run: unpack },
};
