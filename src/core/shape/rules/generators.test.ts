import { describe, expect, it } from 'vitest';
import { attr } from '../../ir/builder';
import { c, ints, runOp, scalar, t, typeOf } from '../../../test-support/shape/one-node';
import type { Tensor } from '../../ir/types';

const tensor = (dtype: Tensor['dtype'], shape: number[], bytes: Uint8Array): Tensor => ({
  id: 'v',
  name: 'v',
  dtype,
  shape,
  data: { bytes },
});

describe('Constant', () => {
  it('value tensor', () => {
    const r = runOp('Constant', [], {
      value: attr.tensor(tensor('int64', [2], new Uint8Array(new BigInt64Array([3n, 4n]).buffer))),
    });
    expect(typeOf(r)).toEqual(['int64', [2]]);
    expect(r.folded[0]?.values).toEqual([3, 4]);
  });
  it.each([
    ['value_float', attr.float(1.5), 'float32', [], [1.5]],
    ['value_floats', attr.floats([1.5, 2]), 'float32', [2], [1.5, 2]],
    ['value_int', attr.int(7), 'int64', [], [7]],
    ['value_ints', attr.ints([1, 2, 3]), 'int64', [3], [1, 2, 3]],
  ] as const)('%s', (name, value, dtype, shape, values) => {
    const r = runOp('Constant', [], { [name]: value });
    expect(typeOf(r)).toEqual([dtype, shape]);
    expect(r.folded[0]?.values).toEqual(values);
  });
  it('value_string and value_strings', () => {
    expect(typeOf(runOp('Constant', [], { value_string: 'a' }))).toEqual(['string', []]);
    expect(typeOf(runOp('Constant', [], { value_strings: attr.strings(['a', 'b']) }))).toEqual(['string', [2]]);
  });
  it('sparse_value: type read from the encoded SparseTensorProto', () => {
    // onnx.helper.make_sparse_tensor(values float [1, 2], indices int64 [1, 5], dims [3, 4]).SerializeToString()
    const bytes = new Uint8Array([
      10, 17, 8, 2, 16, 1, 34, 8, 0, 0, 128, 63, 0, 0, 0, 64, 66, 1, 118, 18, 11, 8, 2, 16, 7, 58, 2, 1, 5, 66, 1, 105,
      24, 3, 24, 4,
    ]);
    const r = runOp('Constant', [], {
      sparse_value: { type: 'opaque', format: 'onnx.SparseTensorProto', value: bytes },
    });
    expect(r.problems).toEqual([]);
    expect(typeOf(r)).toEqual(['float32', [3, 4]]);
  });
  it('large constants have a type but no folded value', () => {
    const big = new Float32Array(10000);
    const r = runOp('Constant', [], { value: attr.tensor(tensor('float32', [100, 100], new Uint8Array(big.buffer))) });
    expect(typeOf(r)).toEqual(['float32', [100, 100]]);
    expect(r.folded[0]).toBeUndefined();
  });
  it('reports a Constant without a value', () => {
    expect(runOp('Constant', []).problems[0]?.code).toBe('bad-attribute');
  });
});

describe('generators', () => {
  it('ConstantOfShape takes its shape from the known input and its type from value', () => {
    const fill = tensor('int32', [1], new Uint8Array(new Int32Array([5]).buffer));
    const r = runOp('ConstantOfShape', [ints([2, 3])], { value: attr.tensor(fill) });
    expect(typeOf(r)).toEqual(['int32', [2, 3]]);
    expect(r.folded[0]?.values).toEqual([5, 5, 5, 5, 5, 5]);
    expect(typeOf(runOp('ConstantOfShape', [ints([64, 3, 7, 7])]))).toEqual(['float32', [64, 3, 7, 7]]);
  });
  it('ConstantOfShape with an unknown shape keeps the rank', () => {
    expect(typeOf(runOp('ConstantOfShape', [t('int64', [3])]))).toEqual(['float32', [null, null, null]]);
  });
  it('Shape folds to the input dims, with start and end from opset 15', () => {
    const r = runOp('Shape', [t('float32', [1, 3, 224, 224])]);
    expect(typeOf(r)).toEqual(['int64', [4]]);
    expect(r.folded[0]?.values).toEqual([1, 3, 224, 224]);
    const part = runOp('Shape', [t('float32', [1, 3, 224, 224])], { start: 1, end: -1 }, { opset: 15 });
    expect(part.folded[0]?.values).toEqual([3, 224]);
  });
  it('Shape of a symbolic input is typed but not folded', () => {
    const r = runOp('Shape', [t('float32', ['N', 3])]);
    expect(typeOf(r)).toEqual(['int64', [2]]);
    expect(r.folded[0]).toBeUndefined();
  });
  it('Size', () => {
    const r = runOp('Size', [t('float32', [2, 3, 4])]);
    expect(typeOf(r)).toEqual(['int64', []]);
    expect(r.folded[0]?.values).toEqual([24]);
  });
  it('Range', () => {
    const r = runOp('Range', [scalar(1), scalar(10), scalar(3)]);
    expect(typeOf(r)).toEqual(['int64', [3]]);
    expect(r.folded[0]?.values).toEqual([1, 4, 7]);
    expect(typeOf(runOp('Range', [scalar(5, 'float32'), scalar(0, 'float32'), scalar(-2, 'float32')]))).toEqual([
      'float32',
      [3],
    ]);
    expect(typeOf(runOp('Range', [t('int32', []), scalar(3, 'int32'), scalar(1, 'int32')]))).toEqual(['int32', [null]]);
  });
  it('EyeLike, RandomNormal, RandomUniformLike, Bernoulli', () => {
    expect(typeOf(runOp('EyeLike', [t('float32', [3, 4])], { dtype: 7 }))).toEqual(['int64', [3, 4]]);
    expect(typeOf(runOp('RandomNormal', [], { shape: [2, 5] }))).toEqual(['float32', [2, 5]]);
    expect(typeOf(runOp('RandomUniformLike', [t('float16', ['N'])]))).toEqual(['float16', ['N']]);
    expect(typeOf(runOp('Bernoulli', [t('float32', [4])], { dtype: 9 }, { opset: 15 }))).toEqual(['bool', [4]]);
  });
  it('window functions and MelWeightMatrix', () => {
    expect(typeOf(runOp('HannWindow', [scalar(10, 'int32')]))).toEqual(['float32', [10]]);
    const mel = runOp('MelWeightMatrix', [
      scalar(8),
      scalar(16),
      scalar(8000),
      c('float32', [], [0]),
      c('float32', [], [4000]),
    ]);
    expect(typeOf(mel)).toEqual(['float32', [9, 8]]);
  });
});
