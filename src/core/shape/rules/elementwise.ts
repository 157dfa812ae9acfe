// Element-wise ops: unary maths and activations (output like input), broadcasting binary and variadic ops,
// comparisons and logic (bool output), Where, Cast/CastLike, Clip, Dropout. Folds cheap shape arithmetic.
import type { DType } from '../../ir/dtype';
import { isIntDType } from '../../ir/dtype';
import type { Dim } from '../../ir/types';
import { dtypeAttr, intAttr, stringAttr } from '../attrs';
import type { KnownValue, RuleContext, RuleOutput, ShapeRule } from '../context';
import { fail } from '../context';
import { broadcastShapes } from '../dims';
import { dtypeFromOnnxCode } from '../onnx-dtype';
import { castNumber, foldElementwise } from '../values';
import { like, out } from './common';

type Fold = (xs: readonly Dim[], dtype: DType) => Dim;

const num = (x: Dim | undefined): x is number => typeof x === 'number';

function numeric(f: (a: number, b: number) => number): Fold {
  return ([a, b], dtype) => (num(a) && num(b) ? castNumber(f(a, b), dtype) : null);
}

/** Ops whose output has the type and shape of their first input. */
const SAME_AS_INPUT = (
  'Acos Acosh Asin Asinh Atan Atanh BitwiseNot Celu Cos Cosh CumSum Elu Erf Exp Gelu HardSigmoid ' +
  'HardSwish Hardmax LeakyRelu Log LogSoftmax LpNormalization MeanVarianceNormalization Mish ' +
  'ReverseSequence Selu Shrink Sigmoid Sin Sinh Softmax Softplus Softsign Tan Tanh ThresholdedRelu ' +
  'Trilu'
).split(' ');

/** Unary ops that are also folded on known values. */
const UNARY_FOLDS: Readonly<Record<string, (x: number) => number>> = {
  Abs: Math.abs,
  Neg: (x) => -x,
  Floor: Math.floor,
  Ceil: Math.ceil,
  Round: roundHalfEven,
  Sqrt: Math.sqrt,
  Sign: Math.sign,
  Reciprocal: (x) => 1 / x,
  Relu: (x) => Math.max(x, 0),
};

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function unaryFold(f: (x: number) => number): ShapeRule {
  return (ctx) => {
    const v = ctx.value(0);
    const dtype = ctx.dtype(0);
    const value = v && dtype ? mapValue(v, (x) => (num(x) ? castNumber(f(x), dtype) : null)) : undefined;
    return [like(ctx, 0, value)];
  };
}

function mapValue(v: KnownValue, f: (x: Dim) => Dim, dtype = v.dtype): KnownValue {
  return { dtype, shape: v.shape, values: v.values.map(f) };
}

/** Output shape of a broadcasting op over the given inputs (legacy opsets < 7 keep the first input's). */
function broadcastOf(ctx: RuleContext, inputs: readonly number[]) {
  if (ctx.opset < 7 && ctx.node.domain === '') return ctx.shape(0);
  const shapes = inputs.map((i) => ctx.shape(i));
  if (shapes.some((s) => s === undefined)) return undefined;
  return broadcastShapes(shapes as NonNullable<(typeof shapes)[number]>[]);
}

function foldInputs(ctx: RuleContext, inputs: readonly number[]): KnownValue[] | undefined {
  const values: KnownValue[] = [];
  for (const i of inputs) {
    const v = ctx.value(i);
    if (!v) return undefined;
    values.push(v);
  }
  return values;
}

/** A broadcasting op over inputs `[0, n)`, output dtype from `dtypeOf`, folded with `fold` when given. */
function broadcasting(dtypeOf: (ctx: RuleContext) => DType | undefined, fold?: Fold): ShapeRule {
  return (ctx) => {
    const n = ctx.node.inputs.length;
    if (n === 0) fail('missing-input', 'it has no inputs');
    const inputs = Array.from({ length: n }, (_, i) => i);
    const dtype = dtypeOf(ctx);
    const shape = broadcastOf(ctx, inputs);
    const values = fold && dtype && shape ? foldInputs(ctx, inputs) : undefined;
    const value = values && dtype && fold ? foldElementwise(values, dtype, (xs) => fold(xs, dtype)) : undefined;
    return [out(dtype, shape, value)];
  };
}

const first = (ctx: RuleContext): DType | undefined => ctx.dtype(0) ?? ctx.dtype(1);
const bool = (): DType => 'bool';

// Symbols survive the identities shape arithmetic relies on (N + 0, N × 1, N ÷ 1).
const add: Fold = ([a, b], t) =>
  num(a) && num(b) ? castNumber(a + b, t) : a === 0 ? (b ?? null) : b === 0 ? (a ?? null) : null;
const sub: Fold = ([a, b], t) => (num(a) && num(b) ? castNumber(a - b, t) : b === 0 ? (a ?? null) : null);
const mul: Fold = ([a, b], t) =>
  num(a) && num(b) ? castNumber(a * b, t) : a === 1 ? (b ?? null) : b === 1 ? (a ?? null) : null;
const div: Fold = ([a, b], t) => {
  if (num(a) && num(b)) {
    if (!isIntDType(t)) return castNumber(a / b, t);
    return b === 0 ? null : Math.trunc(a / b);
  }
  return b === 1 ? (a ?? null) : null;
};

function mod(ctx: RuleContext): Fold {
  const fmod = intAttr(ctx.node, 'fmod', 0) === 1;
  return numeric((a, b) => {
    const r = a % b;
    // fmod = 0 (integer mod): the result takes the divisor's sign, as in Python.
    return !fmod && r !== 0 && Math.sign(r) !== Math.sign(b) ? r + b : r;
  });
}

const compare = (f: (a: number, b: number) => boolean): Fold => numeric((a, b) => (f(a, b) ? 1 : 0));

function variadic(f: (xs: readonly number[]) => number): Fold {
  return (xs, t) =>
    xs.every(num) ? castNumber(f(xs as number[]), t) : xs.every((x) => x === xs[0]) ? (xs[0] ?? null) : null;
}

const where: ShapeRule = (ctx) => {
  const dtype = ctx.dtype(1) ?? ctx.dtype(2);
  const shape = broadcastOf(ctx, [0, 1, 2]);
  const values = foldInputs(ctx, [0, 1, 2]);
  const value =
    values && dtype
      ? foldElementwise(values, dtype, ([c, x, y]) => (num(c) ? (c ? (x ?? null) : (y ?? null)) : null))
      : undefined;
  return [out(dtype, shape, value)];
};

// Cast-1 named the target type as a string.
const LEGACY_CAST: Readonly<Record<string, number>> = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
};

function castTo(ctx: RuleContext, dtype: DType | undefined): RuleOutput {
  const v = ctx.value(0);
  const value =
    v && dtype && dtype !== 'string' ? mapValue(v, (x) => (num(x) ? castNumber(x, dtype) : x), dtype) : undefined;
  return out(dtype, ctx.shape(0), value);
}

const cast: ShapeRule = (ctx) => {
  const to = ctx.node.attributes['to'];
  const dtype =
    to?.type === 'string' ? dtypeFromOnnxCode(LEGACY_CAST[to.value.toUpperCase()] ?? 0) : dtypeAttr(ctx.node, 'to');
  if (!dtype) fail('bad-attribute', 'attribute "to" is missing or names no element type');
  return [castTo(ctx, dtype)];
};

const clip: ShapeRule = (ctx) => {
  const v = ctx.value(0);
  const dtype = ctx.dtype(0);
  const lo = ctx.opset < 11 ? undefined : ctx.numbers(1)?.[0];
  const hi = ctx.opset < 11 ? undefined : ctx.numbers(2)?.[0];
  const foldable =
    v && dtype && (ctx.opset < 11 ? false : (!ctx.has(1) || lo !== undefined) && (!ctx.has(2) || hi !== undefined));
  const value = foldable
    ? mapValue(v, (x) => (num(x) ? Math.min(Math.max(x, lo ?? -Infinity), hi ?? Infinity) : null))
    : undefined;
  return [like(ctx, 0, value)];
};

const dropout: ShapeRule = (ctx) => {
  const mask: DType | undefined = ctx.opset < 10 ? ctx.dtype(0) : 'bool';
  return [like(ctx, 0, ctx.value(0)), out(mask, ctx.shape(0))];
};

const bitShift: ShapeRule = (ctx) => {
  const left = stringAttr(ctx.node, 'direction', '') === 'LEFT';
  return broadcasting(
    first,
    numeric((a, b) => (left ? a * 2 ** b : Math.floor(a / 2 ** b))),
  )(ctx);
};

const rules: Record<string, ShapeRule> = {
  Identity: (ctx) => [like(ctx, 0, ctx.value(0))],
  Not: (ctx) => {
    const v = ctx.value(0);
    return [out('bool', ctx.shape(0), v && mapValue(v, (x) => (num(x) ? (x ? 0 : 1) : null), 'bool'))];
  },
  IsNaN: (ctx) => [out('bool', ctx.shape(0))],
  IsInf: (ctx) => [out('bool', ctx.shape(0))],
  Add: broadcasting(first, add),
  Sub: broadcasting(first, sub),
  Mul: broadcasting(first, mul),
  Div: broadcasting(first, div),
  Pow: broadcasting((ctx) => ctx.dtype(0), numeric(Math.pow)),
  Mod: (ctx) => broadcasting(first, mod(ctx))(ctx),
  BitShift: bitShift,
  BitwiseAnd: broadcasting(first),
  BitwiseOr: broadcasting(first),
  BitwiseXor: broadcasting(first),
  And: broadcasting(
    bool,
    compare((a, b) => a !== 0 && b !== 0),
  ),
  Or: broadcasting(
    bool,
    compare((a, b) => a !== 0 || b !== 0),
  ),
  Xor: broadcasting(
    bool,
    compare((a, b) => (a !== 0) !== (b !== 0)),
  ),
  Equal: broadcasting(bool, ([a, b]) => (num(a) && num(b) ? (a === b ? 1 : 0) : a !== null && a === b ? 1 : null)),
  Less: broadcasting(
    bool,
    compare((a, b) => a < b),
  ),
  Greater: broadcasting(
    bool,
    compare((a, b) => a > b),
  ),
  LessOrEqual: broadcasting(
    bool,
    compare((a, b) => a <= b),
  ),
  GreaterOrEqual: broadcasting(
    bool,
    compare((a, b) => a >= b),
  ),
  Max: broadcasting(
    first,
    variadic((xs) => Math.max(...xs)),
  ),
  Min: broadcasting(
    first,
    variadic((xs) => Math.min(...xs)),
  ),
  Sum: broadcasting(
    first,
    variadic((xs) => xs.reduce((a, b) => a + b, 0)),
  ),
  Mean: broadcasting(first),
  // PRelu's slope broadcasts one way onto X (opset ≥ 7), so the output is shaped like X.
  PRelu: (ctx) => [like(ctx, 0)],
  Where: where,
  Cast: cast,
  CastLike: (ctx) => [castTo(ctx, ctx.dtype(1))],
  Clip: clip,
  Dropout: dropout,
};
for (const op of SAME_AS_INPUT) rules[op] = (ctx) => [like(ctx)];
for (const [op, f] of Object.entries(UNARY_FOLDS)) rules[op] = unaryFold(f);

/** Rules of the element-wise ops (default domain). */
export const elementwiseRules: Readonly<Record<string, ShapeRule>> = rules;
