import { describe, expect, it } from 'vitest';
import { c, ints, runOp, scalar, t, typeOf, type InputSpec } from '../../../test-support/shape/one-node';
import type { DType } from '../../ir/dtype';
import type { Shape } from '../../ir/types';

type Row = [string, string, InputSpec[], Record<string, number | string | number[]>, number, DType, Shape | undefined];

describe('element-wise rules', () => {
  const rows: Row[] = [
    ['unary keeps type and shape', 'Relu', [t('float32', [1, 3, 8, 8])], {}, 17, 'float32', [1, 3, 8, 8]],
    ['unary keeps symbols', 'Sigmoid', [t('float16', ['N', 10])], {}, 17, 'float16', ['N', 10]],
    ['activation with attributes', 'LeakyRelu', [t('float32', [2, 3])], { alpha: 0.2 }, 17, 'float32', [2, 3]],
    ['Gelu (opset 20)', 'Gelu', [t('float32', [4])], {}, 20, 'float32', [4]],
    ['Not is bool', 'Not', [t('bool', [3])], {}, 17, 'bool', [3]],
    ['IsNaN is bool', 'IsNaN', [t('float32', [2, 2])], {}, 17, 'bool', [2, 2]],
    ['unknown rank stays unknown', 'Tanh', [t('float32')], {}, 17, 'float32', undefined],
    ['broadcast 1 against N', 'Add', [t('float32', ['N', 1, 4]), t('float32', [3, 1])], {}, 17, 'float32', ['N', 3, 4]],
    ['equal symbols merge', 'Mul', [t('float32', ['N', 8]), t('float32', ['N', 8])], {}, 17, 'float32', ['N', 8]],
    [
      'different symbols are unknown',
      'Sub',
      [t('float32', ['N', 8]), t('float32', ['M', 8])],
      {},
      17,
      'float32',
      [null, 8],
    ],
    ['a size beats a symbol', 'Div', [t('float32', ['N']), t('float32', [5])], {}, 17, 'float32', [5]],
    ['scalar operand', 'Pow', [t('float32', [2, 3]), t('int64', [])], {}, 17, 'float32', [2, 3]],
    [
      'legacy broadcast keeps A (opset 6)',
      'Add',
      [t('float32', [2, 3, 4, 5]), t('float32', [3, 4])],
      { broadcast: 1, axis: 1 },
      6,
      'float32',
      [2, 3, 4, 5],
    ],
    ['comparison is bool', 'Less', [t('float32', [2, 1]), t('float32', [4])], {}, 17, 'bool', [2, 4]],
    ['logic is bool', 'Xor', [t('bool', [3, 4]), t('bool', [4])], {}, 17, 'bool', [3, 4]],
    ['variadic Max', 'Max', [t('float32', [3, 1]), t('float32', [1, 4]), t('float32', [4])], {}, 17, 'float32', [3, 4]],
    ['Sum of one input', 'Sum', [t('float32', [7])], {}, 17, 'float32', [7]],
    ['Mean', 'Mean', [t('float32', [2, 3]), t('float32', [3])], {}, 17, 'float32', [2, 3]],
    ['Where takes X dtype', 'Where', [t('bool', [2, 1]), t('int32', [3]), t('int32', [1])], {}, 17, 'int32', [2, 3]],
    [
      'PRelu is shaped like X',
      'PRelu',
      [t('float32', [1, 16, 5, 5]), t('float32', [16, 1, 1])],
      {},
      17,
      'float32',
      [1, 16, 5, 5],
    ],
    ['BitShift', 'BitShift', [t('uint8', [3]), t('uint8', [3])], { direction: 'LEFT' }, 17, 'uint8', [3]],
    ['Cast', 'Cast', [t('float32', [2, 'N'])], { to: 7 }, 17, 'int64', [2, 'N']],
    ['Cast-1 names the type', 'Cast', [t('float32', [2])], { to: 'INT32' }, 1, 'int32', [2]],
    ['CastLike', 'CastLike', [t('float32', [5]), t('float16', [])], {}, 17, 'float16', [5]],
    ['Clip-6 attributes', 'Clip', [t('float32', [3, 3])], { min: 0, max: 6 }, 6, 'float32', [3, 3]],
    [
      'Clip-11 inputs',
      'Clip',
      [t('float32', [3, 3]), scalar(0, 'float32'), scalar(6, 'float32')],
      {},
      11,
      'float32',
      [3, 3],
    ],
    ['Softmax', 'Softmax', [t('float32', [2, 10])], { axis: -1 }, 13, 'float32', [2, 10]],
    ['CumSum', 'CumSum', [t('float32', [2, 3]), scalar(1)], {}, 14, 'float32', [2, 3]],
    ['Trilu', 'Trilu', [t('int64', [4, 5])], { upper: 0 }, 14, 'int64', [4, 5]],
    ['Identity', 'Identity', [t('uint8', [9])], {}, 17, 'uint8', [9]],
  ];
  it.each(rows)('%s (%s)', (_name, op, inputs, attrs, opset, dtype, shape) => {
    const r = runOp(op, inputs, attrs, { opset });
    expect(r.problems).toEqual([]);
    expect(typeOf(r)).toEqual([dtype, shape]);
  });

  it('reports shapes that do not broadcast and leaves the output unknown', () => {
    const r = runOp('Add', [t('float32', [2, 3]), t('float32', [4])]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]?.code).toBe('shape-mismatch');
    expect(r.problems[0]?.message).toMatch(/Add node .*3 and 4 cannot be broadcast/);
    expect(r.outputs[0]?.shape).toBeUndefined();
  });

  it.each([
    [6, 'float32'],
    [7, 'float32'],
    [10, 'bool'],
    [13, 'bool'],
  ] as const)('Dropout-%i mask is %s', (opset, mask) => {
    const r = runOp('Dropout', [t('float32', [2, 'N'])], {}, { opset, outputs: 2 });
    expect(typeOf(r, 0)).toEqual(['float32', [2, 'N']]);
    expect(typeOf(r, 1)).toEqual([mask, [2, 'N']]);
  });
});

describe('element-wise folding', () => {
  const folds: [string, InputSpec[], Record<string, number | string>, number[]][] = [
    ['Add', [ints([1, 2, 3]), scalar(10)], {}, [11, 12, 13]],
    ['Sub', [ints([5, 6]), ints([1, 1])], {}, [4, 5]],
    ['Mul', [ints([2, 3]), scalar(4)], {}, [8, 12]],
    ['Div', [ints([7, -7]), scalar(2)], {}, [3, -3]],
    ['Mod', [ints([7, -7]), scalar(3)], {}, [1, 2]],
    ['Mod', [ints([7, -7]), scalar(3)], { fmod: 1 }, [1, -1]],
    ['Max', [ints([1, 9]), ints([5, 2])], {}, [5, 9]],
    ['Min', [ints([1, 9]), ints([5, 2])], {}, [1, 2]],
    ['Neg', [ints([1, -2])], {}, [-1, 2]],
    ['Abs', [ints([-4])], {}, [4]],
    ['Equal', [ints([1, 2]), ints([1, 3])], {}, [1, 0]],
    ['Greater', [ints([1, 2]), scalar(1)], {}, [0, 1]],
    ['Where', [c('bool', [2], [1, 0]), ints([1, 2]), ints([3, 4])], {}, [1, 4]],
    ['Cast', [c('float32', [3], [1.7, -1.7, 0])], { to: 7 }, [1, -1, 0]],
    ['Div', [c('float32', [1], [1]), c('float32', [1], [4])], {}, [0.25]],
  ];
  it.each(folds)('%s folds to known values', (op, inputs, attrs, values) => {
    const r = runOp(op, inputs, attrs);
    expect(r.problems).toEqual([]);
    expect(r.folded[0]?.values).toEqual(values);
  });

  it('folds with broadcasting into the output shape', () => {
    const r = runOp('Add', [c('int64', [2, 1], [1, 2]), ints([10, 20, 30])]);
    expect(r.folded[0]).toEqual({ dtype: 'int64', shape: [2, 3], values: [11, 21, 31, 12, 22, 32] });
  });

  it('does not fold graph inputs', () => {
    expect(runOp('Add', [t('int64', [2]), ints([1, 2])]).folded[0]).toBeUndefined();
  });
});
