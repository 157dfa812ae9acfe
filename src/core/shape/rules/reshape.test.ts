import { describe, expect, it } from 'vitest';
import { c, ints, runOp, t, typeOf, type InputSpec } from '../../../test-support/shape/one-node';
import type { Shape } from '../../ir/types';

type Row = [string, string, InputSpec[], Record<string, number | number[]>, number, Shape | undefined];

describe('shape-rearranging rules', () => {
  const x = t('float32', [2, 3, 4]);
  const rows: Row[] = [
    ['Reshape with -1', 'Reshape', [x, ints([4, -1])], {}, 13, [4, 6]],
    ['Reshape 0 copies', 'Reshape', [x, ints([0, -1])], {}, 13, [2, 12]],
    ['Reshape allowzero keeps 0', 'Reshape', [t('float32', [0, 4]), ints([0, 4])], { allowzero: 1 }, 14, [0, 4]],
    ['Reshape -1 cancels a symbol', 'Reshape', [t('float32', ['N', 3, 4]), ints([0, -1])], {}, 13, ['N', 12]],
    ['Reshape -1 becomes the symbol', 'Reshape', [t('float32', ['N', 3, 4]), ints([-1, 12])], {}, 13, ['N', 12]],
    ['Reshape -1 with two symbols left is unknown', 'Reshape', [t('float32', ['N', 'M']), ints([-1])], {}, 13, [null]],
    ['Reshape-1 shape attribute', 'Reshape', [x], { shape: [6, 4] }, 1, [6, 4]],
    ['Reshape with an unknown shape keeps the rank', 'Reshape', [x, t('int64', [3])], {}, 13, [null, null, null]],
    ['Flatten default axis', 'Flatten', [t('float32', ['N', 3, 4, 5])], {}, 13, ['N', 60]],
    ['Flatten axis 0', 'Flatten', [x], { axis: 0 }, 13, [1, 24]],
    ['Flatten axis = rank', 'Flatten', [x], { axis: 3 }, 13, [24, 1]],
    ['Flatten negative axis', 'Flatten', [x], { axis: -1 }, 13, [6, 4]],
    ['Transpose default reverses', 'Transpose', [x], {}, 13, [4, 3, 2]],
    ['Transpose perm', 'Transpose', [t('float32', ['N', 3, 'H', 'W'])], { perm: [0, 2, 3, 1] }, 13, ['N', 'H', 'W', 3]],
    ['Squeeze-11 axes attribute', 'Squeeze', [t('float32', [1, 3, 1, 5])], { axes: [0, -2] }, 11, [3, 5]],
    ['Squeeze-13 axes input', 'Squeeze', [t('float32', [1, 3, 1, 5]), ints([2])], {}, 13, [1, 3, 5]],
    ['Squeeze all ones', 'Squeeze', [t('float32', [1, 3, 1, 5])], {}, 13, [3, 5]],
    ['Squeeze all ones with a symbol is unknown', 'Squeeze', [t('float32', [1, 'N'])], {}, 13, undefined],
    ['Unsqueeze-11 axes attribute', 'Unsqueeze', [t('float32', [3, 4])], { axes: [0, 3] }, 11, [1, 3, 4, 1]],
    ['Unsqueeze-13 axes input, negative', 'Unsqueeze', [t('float32', [3, 4]), ints([-1])], {}, 13, [3, 4, 1]],
    ['Expand', 'Expand', [t('float32', [3, 1]), ints([2, 1, 6])], {}, 13, [2, 3, 6]],
    ['Expand keeps symbols', 'Expand', [t('float32', ['N', 1]), ints([1, 5])], {}, 13, ['N', 5]],
    ['Tile', 'Tile', [t('float32', [2, 'N']), ints([3, 1])], {}, 13, [6, 'N']],
    ['DepthToSpace', 'DepthToSpace', [t('float32', [1, 8, 2, 3])], { blocksize: 2 }, 13, [1, 2, 4, 6]],
    ['SpaceToDepth', 'SpaceToDepth', [t('float32', [1, 2, 4, 6])], { blocksize: 2 }, 13, [1, 8, 2, 3]],
  ];
  it.each(rows)('%s (%s)', (_name, op, inputs, attrs, opset, shape) => {
    const r = runOp(op, inputs, attrs, { opset });
    expect(r.problems).toEqual([]);
    expect(typeOf(r)).toEqual(['float32', shape]);
  });

  it.each([
    ['Reshape to a different element count', 'Reshape', [x, ints([5, 5])], {}],
    ['Squeeze of an axis that is not 1', 'Squeeze', [x, ints([1])], {}],
    ['Transpose with a bad perm', 'Transpose', [x], { perm: [0, 0, 1] }],
    ['Flatten axis out of range', 'Flatten', [x], { axis: 4 }],
  ] as [string, string, InputSpec[], Record<string, number[] | number>][])('reports %s', (_name, op, inputs, attrs) => {
    const r = runOp(op, inputs, attrs);
    expect(r.problems).toHaveLength(1);
    expect(r.outputs[0]?.shape).toBeUndefined();
  });

  it('passes known values through Reshape, Squeeze and Unsqueeze', () => {
    expect(runOp('Reshape', [c('int64', [2, 2], [1, 2, 3, 4]), ints([4])]).folded[0]?.values).toEqual([1, 2, 3, 4]);
    expect(runOp('Unsqueeze', [c('int64', [], [7]), ints([0])]).folded[0]).toEqual({
      dtype: 'int64',
      shape: [1],
      values: [7],
    });
    expect(runOp('Squeeze', [ints([7])]).folded[0]).toEqual({ dtype: 'int64', shape: [], values: [7] });
    expect(runOp('Expand', [c('int64', [1], [3]), ints([2])]).folded[0]?.values).toEqual([3, 3]);
  });
});
