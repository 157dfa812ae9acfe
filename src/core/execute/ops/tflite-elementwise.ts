// TFLite element-wise ops: arithmetic with broadcasting and fused activations, and the activations.
import { floatAttr } from '../attrs';
import { broadcastBinary, mapUnary } from './broadcast';
import { sigmoid } from './math';
import { activationProblem, applyActivation } from './tflite-activation';
import type { KernelContext, OpDef, OpTable, RuntimeTensor } from './op-types';

function arithmetic(f: (x: number, y: number) => number): OpDef {
  return {
    run: (ctx: KernelContext): RuntimeTensor[] => {
      const y = broadcastBinary(ctx, ctx.input(0), ctx.input(1), f);
      applyActivation(ctx.node, y.data);
      return [y];
    },
    check: activationProblem,
  };
}

function binary(f: (x: number, y: number) => number): OpDef {
  return { run: (ctx) => [broadcastBinary(ctx, ctx.input(0), ctx.input(1), f)] };
}

function unary(f: (v: number) => number): OpDef {
  return { run: (ctx) => [mapUnary(ctx, ctx.input(0), f)] };
}

const clamp = (lo: number, hi: number) => (v: number) => (v < lo ? lo : v > hi ? hi : v);

export const tfliteElementwiseOps: OpTable = {
  ADD: arithmetic((x, y) => x + y),
  SUB: arithmetic((x, y) => x - y),
  MUL: arithmetic((x, y) => x * y),
  DIV: arithmetic((x, y) => x / y),
  MINIMUM: binary((x, y) => (x <= y ? x : y)),
  MAXIMUM: binary((x, y) => (x >= y ? x : y)),
  SQUARED_DIFFERENCE: binary((x, y) => (x - y) * (x - y)),
  LOGISTIC: unary(sigmoid),
  TANH: unary(Math.tanh),
  RELU: unary(clamp(0, Infinity)),
  RELU6: unary(clamp(0, 6)),
  RELU_N1_TO_1: unary(clamp(-1, 1)),
  LEAKY_RELU: {
    run: (ctx) => {
      const alpha = floatAttr(ctx.node, 'alpha', 0.2);
      return [mapUnary(ctx, ctx.input(0), (v) => (v >= 0 ? v : alpha * v))];
    },
  },
  HARD_SWISH: unary((v) => (v * Math.min(6, Math.max(0, v + 3))) / 6),
  PRELU: binary((x, alpha) => (x >= 0 ? x : alpha * x)),
  EXP: unary(Math.exp),
  ABS: unary(Math.abs),
  NEG: unary((v) => -v),
  SQRT: unary(Math.sqrt),
  RSQRT: unary((v) => 1 / Math.sqrt(v)),
};
