// Ops that make tensors from attributes or from other tensors' shapes: Constant, ConstantOfShape, Shape,
// Size, Range, EyeLike, the random generators, OneHot, window functions, MelWeightMatrix.
import type { DType } from '../../ir/dtype';
import type { Dim, Tensor } from '../../ir/types';
import { dtypeAttr, intAttr, intsAttr, tensorAttr } from '../attrs';
import type { RuleOutput, ShapeRule } from '../context';
import { fail } from '../context';
import { dimProduct, isNum, normAxis, unknownDims } from '../dims';
import { castNumber, FOLD_LIMIT, makeValue, valueOfTensor } from '../values';
import { sparseTensorType } from '../sparse';
import { out, scalarInput } from './common';

function constantOf(t: Tensor): RuleOutput {
  return out(t.dtype, t.shape, valueOfTensor(t));
}

const constant: ShapeRule = (ctx) => {
  const a = ctx.node.attributes;
  const t = tensorAttr(ctx.node, 'value');
  if (t) return [constantOf(t)];
  const scalar = (dtype: DType, x: number): RuleOutput => out(dtype, [], { dtype, shape: [], values: [x] });
  const list = (dtype: DType, xs: readonly number[]): RuleOutput =>
    out(dtype, [xs.length], makeValue(dtype, [xs.length], xs));
  const attr = a['value_float'] ?? a['value_int'] ?? a['value_floats'] ?? a['value_ints'];
  if (a['value_float']?.type === 'float') return [scalar('float32', Math.fround(a['value_float'].value))];
  if (a['value_int']?.type === 'int') return [scalar('int64', a['value_int'].value)];
  if (a['value_floats']?.type === 'floats') return [list('float32', a['value_floats'].value.map(Math.fround))];
  if (a['value_ints']?.type === 'ints') return [list('int64', a['value_ints'].value)];
  if (a['value_string']) return [out('string', [])];
  if (a['value_strings']?.type === 'strings') return [out('string', [a['value_strings'].value.length])];
  if (attr) fail('bad-attribute', `attribute has type ${attr.type}`);
  const sparse = a['sparse_value'];
  if (sparse?.type === 'opaque') {
    // Only the type is read; the values of a sparse constant are not folded.
    const { dtype, shape } = sparseTensorType(sparse.value);
    return [out(dtype, shape)];
  }
  return fail('bad-attribute', 'it has no value attribute');
};

const constantOfShape: ShapeRule = (ctx) => {
  const fill = tensorAttr(ctx.node, 'value');
  const dtype: DType = fill?.dtype ?? 'float32';
  const target = ctx.value(0)?.values;
  if (target === undefined) {
    const rank = ctx.shape(0)?.[0];
    return [out(dtype, isNum(rank) ? unknownDims(rank) : undefined)];
  }
  if (target.some((d) => isNum(d) && d < 0))
    fail('bad-attribute', `the shape [${target.join(', ')}] has a negative dim`);
  const filler = fill ? valueOfTensor(fill)?.values[0] : 0;
  const count = dimProduct(target);
  const value =
    isNum(count) && count <= 64 && filler !== undefined && filler !== null
      ? makeValue(dtype, target as number[], new Array<Dim>(count).fill(filler))
      : undefined;
  return [out(dtype, target, value)];
};

function clampIndex(i: number, rank: number): number {
  return Math.min(Math.max(i < 0 ? i + rank : i, 0), rank);
}

const shape: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  if (!x) return [out('int64')];
  const start = clampIndex(ctx.opset >= 15 ? intAttr(ctx.node, 'start', 0) : 0, x.length);
  const endAttr = ctx.opset >= 15 ? intAttr(ctx.node, 'end') : undefined;
  const end = endAttr === undefined ? x.length : clampIndex(endAttr, x.length);
  const dims = x.slice(start, Math.max(start, end));
  return [out('int64', [dims.length], { dtype: 'int64', shape: [dims.length], values: dims })];
};

const size: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const count = x ? dimProduct(x) : null;
  return [out('int64', [], count === null ? undefined : { dtype: 'int64', shape: [], values: [count] })];
};

const range: ShapeRule = (ctx) => {
  const dtype = ctx.dtype(0) ?? ctx.dtype(1) ?? ctx.dtype(2);
  const start = scalarInput(ctx, 0);
  const limit = scalarInput(ctx, 1);
  const delta = scalarInput(ctx, 2);
  if (start === undefined || limit === undefined || delta === undefined) return [out(dtype, [null])];
  if (delta === 0) fail('bad-attribute', 'delta cannot be 0');
  const count = Math.max(Math.ceil((limit - start) / delta), 0);
  const value =
    dtype && count <= FOLD_LIMIT
      ? makeValue(
          dtype,
          [count],
          Array.from({ length: count }, (_, i) => castNumber(start + i * delta, dtype)),
        )
      : undefined;
  return [out(dtype, [count], value)];
};

/** Output like input 0 with the dtype attribute (or the input's dtype). */
const likeWithDtype: ShapeRule = (ctx) => [out(dtypeAttr(ctx.node, 'dtype') ?? ctx.dtype(0), ctx.shape(0))];

const random: ShapeRule = (ctx) => [out(dtypeAttr(ctx.node, 'dtype') ?? 'float32', intsAttr(ctx.node, 'shape'))];

const multinomial: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const samples = intAttr(ctx.node, 'sample_size', 1);
  return [out(dtypeAttr(ctx.node, 'dtype') ?? 'int32', x ? [x[0] ?? null, samples] : undefined)];
};

const oneHot: ShapeRule = (ctx) => {
  const indices = ctx.shape(0);
  const dtype = ctx.dtype(2);
  if (!indices) return [out(dtype)];
  const axis = normAxis(intAttr(ctx.node, 'axis', -1), indices.length + 1);
  const depth = scalarInput(ctx, 1);
  const dims: Dim[] = [...indices];
  dims.splice(axis, 0, depth === undefined ? null : Math.trunc(depth));
  return [out(dtype, dims)];
};

const windowFunction: ShapeRule = (ctx) => {
  const n = scalarInput(ctx, 0);
  return [out(dtypeAttr(ctx.node, 'output_datatype') ?? 'float32', [n ?? null])];
};

const melWeightMatrix: ShapeRule = (ctx) => {
  const bins = scalarInput(ctx, 0);
  const dft = scalarInput(ctx, 1);
  const rows = dft === undefined ? null : Math.floor(dft / 2) + 1;
  return [out(dtypeAttr(ctx.node, 'output_datatype') ?? 'float32', [rows, bins ?? null])];
};

/** Rules of the generating ops (default domain). */
export const generatorRules: Readonly<Record<string, ShapeRule>> = {
  Constant: constant,
  ConstantOfShape: constantOfShape,
  Shape: shape,
  Size: size,
  Range: range,
  EyeLike: likeWithDtype,
  RandomNormalLike: likeWithDtype,
  RandomUniformLike: likeWithDtype,
  Bernoulli: likeWithDtype,
  RandomNormal: random,
  RandomUniform: random,
  Multinomial: multinomial,
  OneHot: oneHot,
  HannWindow: windowFunction,
  HammingWindow: windowFunction,
  BlackmanWindow: windowFunction,
  MelWeightMatrix: melWeightMatrix,
};
