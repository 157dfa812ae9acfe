// ONNX element-wise operators: arithmetic with broadcasting, activations and unary math.
import { floatAttr, hasAttr, intAttr, stringAttr } from '../attrs';
import { broadcastBinary, foldBinary, mapUnary } from './broadcast';
import { isIntDType } from '../../ir/dtype';
import { erf, roundHalfEven, sigmoid, softplus } from './math';
import type { Kernel, KernelContext, OpDef, OpTable, RuntimeTensor } from '../types';

const unary =
  (f: (v: number) => number): Kernel =>
  (ctx) => [mapUnary(ctx, ctx.input(0), f)];

/** A unary op whose function depends on attributes read once per node. */
const unaryWith =
  (make: (ctx: KernelContext) => (v: number) => number): Kernel =>
  (ctx) => [mapUnary(ctx, ctx.input(0), make(ctx))];

/**
 * The second operand as broadcasting sees it. Before opset 7, `broadcast=1` with `axis` aligned B's dims
 * with A's starting at `axis` (not at the end), so B gets trailing 1s.
 */
export function secondOperand(ctx: KernelContext, a: RuntimeTensor): RuntimeTensor {
  const b = ctx.input(1);
  if (ctx.opset >= 7 || intAttr(ctx.node, 'broadcast', 0) === 0 || !hasAttr(ctx.node, 'axis')) return b;
  const axis = intAttr(ctx.node, 'axis', 0);
  const start = axis < 0 ? axis + a.shape.length : axis;
  const trailing = a.shape.length - start - b.shape.length;
  return trailing > 0 ? { ...b, shape: [...b.shape, ...new Array<number>(trailing).fill(1)] } : b;
}

const binary =
  (f: (x: number, y: number) => number): Kernel =>
  (ctx) => {
    const a = ctx.input(0);
    return [broadcastBinary(ctx, a, secondOperand(ctx, a), f)];
  };

function present(ctx: KernelContext): RuntimeTensor[] {
  return ctx.inputs.filter((t): t is RuntimeTensor => t !== undefined);
}

// Integer tensors divide with truncation (C semantics), as onnxruntime does for int types.
const div: Kernel = (ctx) => {
  const a = ctx.input(0);
  const f = isIntDType(a.dtype) ? (x: number, y: number) => Math.trunc(x / y) : (x: number, y: number) => x / y;
  return [broadcastBinary(ctx, a, secondOperand(ctx, a), f)];
};

// Clip: bounds from attributes before opset 11, from optional inputs after.
const clip: Kernel = (ctx) => {
  let lo = -Infinity;
  let hi = Infinity;
  if (ctx.opset < 11) {
    lo = floatAttr(ctx.node, 'min', -Infinity);
    hi = floatAttr(ctx.node, 'max', Infinity);
  } else {
    const min = ctx.inputs[1];
    const max = ctx.inputs[2];
    if (min) lo = min.data[0]!;
    if (max) hi = max.data[0]!;
  }
  return [mapUnary(ctx, ctx.input(0), (v) => (v < lo ? lo : v > hi ? hi : v))];
};

// Before opset 7, a 1-D slope of C values applies along the channel axis 1 (legacy broadcasting).
const prelu: Kernel = (ctx) => {
  const x = ctx.input(0);
  let slope = ctx.input(1);
  const channels = x.shape[1] ?? 1;
  if (ctx.opset < 7 && slope.shape.length === 1 && x.shape.length > 2 && slope.shape[0] === channels)
    slope = { ...slope, shape: [channels, ...x.shape.slice(2).map(() => 1)] };
  return [broadcastBinary(ctx, x, slope, (v, a) => (v < 0 ? a * v : v))];
};

const SELU_ALPHA = 1.6732632423543772;
const SELU_GAMMA = 1.0507009873554805;

const gelu: Kernel = (ctx) => {
  const approximate = stringAttr(ctx.node, 'approximate', 'none');
  const c = Math.sqrt(2 / Math.PI);
  const f =
    approximate === 'tanh'
      ? (v: number) => 0.5 * v * (1 + Math.tanh(c * (v + 0.044715 * v * v * v)))
      : (v: number) => 0.5 * v * (1 + erf(v / Math.SQRT2));
  return [mapUnary(ctx, ctx.input(0), f)];
};

const plain = (run: Kernel): OpDef => ({ run });

export const onnxElementwiseOps: OpTable = {
  Add: plain(binary((x, y) => x + y)),
  Sub: plain(binary((x, y) => x - y)),
  Mul: plain(binary((x, y) => x * y)),
  Div: plain(div),
  Pow: plain(binary((x, y) => Math.pow(x, y))),
  Max: plain((ctx) => [foldBinary(ctx, present(ctx), (x, y) => (Number.isNaN(x) || x >= y ? x : y))]),
  Min: plain((ctx) => [foldBinary(ctx, present(ctx), (x, y) => (Number.isNaN(x) || x <= y ? x : y))]),
  Sum: plain((ctx) => [foldBinary(ctx, present(ctx), (x, y) => x + y)]),
  Mean: plain((ctx) => {
    const inputs = present(ctx);
    const sum = foldBinary(ctx, inputs, (x, y) => x + y);
    return [mapUnary(ctx, sum, (v) => v / inputs.length)];
  }),
  PRelu: plain(prelu),
  Relu: plain(unary((v) => (v > 0 ? v : 0))),
  LeakyRelu: plain(
    unaryWith((ctx) => {
      const alpha = floatAttr(ctx.node, 'alpha', 0.01);
      return (v) => (v >= 0 ? v : alpha * v);
    }),
  ),
  Clip: plain(clip),
  Sigmoid: plain(unary(sigmoid)),
  Tanh: plain(unary(Math.tanh)),
  HardSigmoid: plain(
    unaryWith((ctx) => {
      const alpha = floatAttr(ctx.node, 'alpha', 0.2);
      const beta = floatAttr(ctx.node, 'beta', 0.5);
      return (v) => Math.max(0, Math.min(1, alpha * v + beta));
    }),
  ),
  HardSwish: plain(unary((v) => v * Math.max(0, Math.min(1, v / 6 + 0.5)))),
  Elu: plain(
    unaryWith((ctx) => {
      const alpha = floatAttr(ctx.node, 'alpha', 1);
      return (v) => (v > 0 ? v : alpha * (Math.exp(v) - 1));
    }),
  ),
  Selu: plain(
    unaryWith((ctx) => {
      const alpha = floatAttr(ctx.node, 'alpha', SELU_ALPHA);
      const gamma = floatAttr(ctx.node, 'gamma', SELU_GAMMA);
      return (v) => (v > 0 ? gamma * v : gamma * (alpha * Math.exp(v) - alpha));
    }),
  ),
  Softplus: plain(unary(softplus)),
  Softsign: plain(unary((v) => v / (1 + Math.abs(v)))),
  Gelu: plain(gelu),
  Erf: plain(unary(erf)),
  Exp: plain(unary(Math.exp)),
  Log: plain(unary(Math.log)),
  Sqrt: plain(unary(Math.sqrt)),
  Abs: plain(unary(Math.abs)),
  Neg: plain(unary((v) => -v)),
  Reciprocal: plain(unary((v) => 1 / v)),
  Floor: plain(unary(Math.floor)),
  Ceil: plain(unary(Math.ceil)),
  Round: plain(unary(roundHalfEven)),
  Sign: plain(unary(Math.sign)),
  Sin: plain(unary(Math.sin)),
  Cos: plain(unary(Math.cos)),
};
