// ONNX reductions (ReduceMean, ReduceSum, ReduceMax, … with axes as attribute or input) and
// Softmax / LogSoftmax (2-D coercion before opset 13, one axis after).
import { intAttr, intsAttr } from '../attrs';
import { intValues, normAxis, sizeOf } from '../shape-util';
import { reduceAxes, softmaxData, type Reducer } from './reduce-loops';
import type { KernelContext, OpDef, OpTable, RuntimeTensor } from './op-types';

const sum = (a: number, v: number): number => a + v;

const REDUCERS: Readonly<Record<string, Reducer>> = {
  ReduceSum: { init: 0, add: sum },
  ReduceMean: { init: 0, add: sum, finish: (a, n) => a / n },
  ReduceMax: { init: -Infinity, add: (a, v) => (v > a || Number.isNaN(v) ? v : a) },
  ReduceMin: { init: Infinity, add: (a, v) => (v < a || Number.isNaN(v) ? v : a) },
  ReduceProd: { init: 1, add: (a, v) => a * v },
  ReduceL1: { init: 0, add: (a, v) => a + Math.abs(v) },
  ReduceL2: { init: 0, add: (a, v) => a + v * v, finish: (a) => Math.sqrt(a) },
  ReduceSumSquare: { init: 0, add: (a, v) => a + v * v },
  ReduceLogSum: { init: 0, add: sum, finish: (a) => Math.log(a) },
  ReduceLogSumExp: { init: 0, add: (a, v) => a + Math.exp(v), finish: (a) => Math.log(a) },
};

/** Reduction over `axes` (all axes when empty), keeping reduced dims as 1 when `keep`. */
export function reduceTensor(
  ctx: KernelContext,
  x: RuntimeTensor,
  axesIn: readonly number[],
  keep: boolean,
  r: Reducer,
): RuntimeTensor {
  const rank = x.shape.length;
  const axes = new Set(axesIn.length ? axesIn.map((a) => normAxis(ctx, a, rank)) : x.shape.map((_, i) => i));
  const kept = x.shape.map((d, i) => (axes.has(i) ? 1 : d));
  const out = ctx.alloc(sizeOf(kept));
  reduceAxes(x.data, x.shape, axes, r, out);
  const shape = keep ? kept : x.shape.filter((_, i) => !axes.has(i));
  return { dtype: x.dtype, shape, data: out };
}

function reduce(op: string, axesInputSince: number): OpDef {
  const r = REDUCERS[op]!;
  return {
    run: (ctx) => {
      const x = ctx.input(0);
      const fromInput = ctx.opset >= axesInputSince;
      const axes = fromInput ? ctx.inputs[1] && intValues(ctx.inputs[1]) : intsAttr(ctx.node, 'axes');
      if ((!axes || axes.length === 0) && fromInput && intAttr(ctx.node, 'noop_with_empty_axes', 0) !== 0) return [x];
      return [reduceTensor(ctx, x, axes ?? [], intAttr(ctx.node, 'keepdims', 1) !== 0, r)];
    },
  };
}

function softmax(log: boolean) {
  return (ctx: KernelContext): RuntimeTensor[] => {
    const x = ctx.input(0);
    const rank = x.shape.length;
    const old = ctx.opset < 13;
    const axis = normAxis(ctx, intAttr(ctx.node, 'axis', old ? 1 : -1), Math.max(rank, 1));
    const outer = sizeOf(x.shape.slice(0, axis));
    // Before opset 13 the input is seen as 2-D [outer, rest]; from 13 on, only `axis` is normalised.
    const n = old ? sizeOf(x.shape.slice(axis)) : (x.shape[axis] ?? 1);
    const inner = old ? 1 : sizeOf(x.shape.slice(axis + 1));
    const out = ctx.alloc(x.data.length);
    softmaxData(x.data, out, outer, n, inner, 1, log);
    return [{ dtype: x.dtype, shape: x.shape, data: out }];
  };
}

export const onnxReduceOps: OpTable = {
  ...Object.fromEntries(Object.keys(REDUCERS).map((op) => [op, reduce(op, op === 'ReduceSum' ? 13 : 18)])),
  Softmax: { run: softmax(false) },
  LogSoftmax: { run: softmax(true) },
};
