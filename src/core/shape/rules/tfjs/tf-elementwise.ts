// TF element-wise ops of graph models: graph plumbing (Placeholder, Const, Identity, NoOp), unary maths and
// activations, broadcasting binary ops (folded for the integer shape arithmetic graphs compute), Cast,
// comparisons, Select. TF broadcasting is numpy's.
import type { DType } from '../../../ir/dtype';
import { isIntDType } from '../../../ir/dtype';
import type { Dim, Shape } from '../../../ir/types';
import type { KnownValue, RuleContext, ShapeRule } from '../../context';
import { broadcastShapes } from '../../dims';
import { castNumber, foldElementwise } from '../../values';
import { like, out } from '../common';
import { dataInputs, shapeAttr, typeAttr } from './tf-attrs';

type Fold = (a: Dim, b: Dim, dtype: DType) => Dim;
const num = (x: Dim | undefined): x is number => typeof x === 'number';

function broadcastOf(ctx: RuleContext, inputs: readonly number[]): Shape | undefined {
  const shapes = inputs.map((i) => ctx.shape(i));
  return shapes.every((s): s is Shape => s !== undefined) ? broadcastShapes(shapes) : undefined;
}

function values(ctx: RuleContext, inputs: readonly number[]): KnownValue[] | undefined {
  const vs = inputs.map((i) => ctx.value(i));
  return vs.every((v): v is KnownValue => v !== undefined) ? vs : undefined;
}

/** A broadcasting binary op; `dtypeOf` gives the output type, `fold` computes known values. */
function binary(dtypeOf: (ctx: RuleContext) => DType | undefined, fold?: Fold): ShapeRule {
  return (ctx) => {
    const dtype = dtypeOf(ctx);
    const shape = broadcastOf(ctx, [0, 1]);
    const vs = fold && dtype ? values(ctx, [0, 1]) : undefined;
    const value =
      vs && fold && dtype ? foldElementwise(vs, dtype, ([a, b]) => fold(a ?? null, b ?? null, dtype)) : undefined;
    return [out(dtype, shape, value)];
  };
}

const first = (ctx: RuleContext): DType | undefined => ctx.dtype(0) ?? ctx.dtype(1) ?? typeAttr(ctx.node, 'T');
const bool = (): DType => 'bool';

// Symbols survive the identities shape arithmetic relies on (N + 0, N × 1, N ÷ 1).
const add: Fold = (a, b, t) => (num(a) && num(b) ? castNumber(a + b, t) : a === 0 ? b : b === 0 ? a : null);
const sub: Fold = (a, b, t) => (num(a) && num(b) ? castNumber(a - b, t) : b === 0 ? a : null);
const mul: Fold = (a, b, t) => (num(a) && num(b) ? castNumber(a * b, t) : a === 1 ? b : b === 1 ? a : null);
const floorDiv: Fold = (a, b, t) =>
  num(a) && num(b) && b !== 0 ? castNumber(Math.floor(a / b), t) : b === 1 ? a : null;
const realDiv: Fold = (a, b, t) =>
  num(a) && num(b) && !(isIntDType(t) && b === 0)
    ? castNumber(isIntDType(t) ? Math.trunc(a / b) : a / b, t)
    : b === 1
      ? a
      : null;
const numeric =
  (f: (a: number, b: number) => number): Fold =>
  (a, b, t) =>
    num(a) && num(b) ? castNumber(f(a, b), t) : null;
const compare = (f: (a: number, b: number) => boolean): Fold => numeric((a, b) => (f(a, b) ? 1 : 0));

/** Output like input 0, with its known value when `passValue` (ops that do not change values). */
const same =
  (passValue = false): ShapeRule =>
  (ctx) => [like(ctx, 0, passValue ? ctx.value(0) : undefined)];

const placeholder: ShapeRule = (ctx) => [out(typeAttr(ctx.node, 'dtype'), shapeAttr(ctx.node, 'shape'))];

// A Const's output tensor carries its own type and value (read from the weights), which inference takes
// as declared; the rule only has to exist.
const constant: ShapeRule = () => [undefined];

const cast: ShapeRule = (ctx) => {
  const dtype = typeAttr(ctx.node, 'DstT');
  const v = ctx.value(0);
  const value =
    v && dtype
      ? { dtype, shape: v.shape, values: v.values.map((x) => (num(x) ? castNumber(x, dtype) : x)) }
      : undefined;
  return [out(dtype, ctx.shape(0), value)];
};

const addN: ShapeRule = (ctx) => [out(ctx.dtype(0), broadcastOf(ctx, dataInputs(ctx)))];

// Select: `condition` is the shape of x, or a vector over x's first axis; SelectV2 broadcasts all three.
const select: ShapeRule = (ctx) => [out(ctx.dtype(1) ?? ctx.dtype(2), broadcastOf(ctx, [1, 2]))];
const selectV2: ShapeRule = (ctx) => [out(ctx.dtype(1) ?? ctx.dtype(2), broadcastOf(ctx, [0, 1, 2]))];

const identityN: ShapeRule = (ctx) => dataInputs(ctx).map((i) => like(ctx, i, ctx.value(i)));

const UNARY = (
  'Relu Relu6 Elu Selu Sigmoid Tanh Softmax LogSoftmax LeakyRelu Prelu Softplus Softsign Exp Expm1 Log Log1p Sqrt ' +
  'Rsqrt Square Reciprocal Sin Cos Tan Asin Acos Atan Sinh Cosh Asinh Acosh Atanh Erf Floor Ceil Round Rint Sign ' +
  'Abs Neg BiasAdd ClipByValue LRN OnesLike ZerosLike Swish Mish HardSwish Gelu CheckNumerics'
).split(' ');

const rules: Record<string, ShapeRule> = {
  Placeholder: placeholder,
  PlaceholderWithDefault: (ctx) => [
    out(typeAttr(ctx.node, 'dtype') ?? ctx.dtype(0), shapeAttr(ctx.node, 'shape') ?? ctx.shape(0)),
  ],
  Const: constant,
  NoOp: () => [],
  Identity: same(true),
  Snapshot: same(true),
  StopGradient: same(true),
  PreventGradient: same(true),
  EnsureShape: (ctx) => [out(ctx.dtype(0), ctx.shape(0) ?? shapeAttr(ctx.node, 'shape'), ctx.value(0))],
  IdentityN: identityN,
  Cast: cast,
  Add: binary(first, add),
  AddV2: binary(first, add),
  Sub: binary(first, sub),
  Mul: binary(first, mul),
  RealDiv: binary(first, realDiv),
  Div: binary(first, realDiv),
  DivNoNan: binary(first),
  FloorDiv: binary(first, floorDiv),
  FloorMod: binary(
    first,
    numeric((a, b) => a - Math.floor(a / b) * b),
  ),
  Mod: binary(
    first,
    numeric((a, b) => a % b),
  ),
  Maximum: binary(first, numeric(Math.max)),
  Minimum: binary(first, numeric(Math.min)),
  Pow: binary(first),
  SquaredDifference: binary(first),
  Atan2: binary(first),
  Equal: binary(
    bool,
    compare((a, b) => a === b),
  ),
  NotEqual: binary(
    bool,
    compare((a, b) => a !== b),
  ),
  Greater: binary(
    bool,
    compare((a, b) => a > b),
  ),
  GreaterEqual: binary(
    bool,
    compare((a, b) => a >= b),
  ),
  Less: binary(
    bool,
    compare((a, b) => a < b),
  ),
  LessEqual: binary(
    bool,
    compare((a, b) => a <= b),
  ),
  LogicalAnd: binary(bool),
  LogicalOr: binary(bool),
  LogicalNot: (ctx) => [out('bool', ctx.shape(0))],
  IsNan: (ctx) => [out('bool', ctx.shape(0))],
  IsInf: (ctx) => [out('bool', ctx.shape(0))],
  IsFinite: (ctx) => [out('bool', ctx.shape(0))],
  AddN: addN,
  Select: select,
  SelectV2: selectV2,
};
for (const op of UNARY) rules[op] = same();

/** Element-wise and plumbing rules of TF graph-model ops. */
export const tfElementwiseRules: Readonly<Record<string, ShapeRule>> = rules;
