import { describe, expect, it } from 'vitest';
import { c, ints, runOp, scalar, t, typeOf, type InputSpec } from '../../../test-support/shape/one-node';
import type { DType } from '../../ir/dtype';
import type { Shape } from '../../ir/types';

type Row = [string, string, InputSpec[], Record<string, number>, DType, Shape | undefined];

describe('indexing rules', () => {
  const rows: Row[] = [
    ['Gather axis 0', 'Gather', [t('float32', [5, 4]), t('int64', ['K'])], {}, 'float32', ['K', 4]],
    [
      'Gather axis 1 with 2-D indices',
      'Gather',
      [t('float32', [5, 4, 3]), t('int64', [2, 2])],
      { axis: 1 },
      'float32',
      [5, 2, 2, 3],
    ],
    ['Gather scalar index drops the axis', 'Gather', [t('float32', [5, 4]), scalar(1)], { axis: -1 }, 'float32', [5]],
    ['GatherElements', 'GatherElements', [t('float32', [3, 3]), t('int64', [2, 3])], { axis: 0 }, 'float32', [2, 3]],
    ['GatherND', 'GatherND', [t('float32', [2, 3, 4]), t('int64', [5, 2])], {}, 'float32', [5, 4]],
    [
      'GatherND batch_dims',
      'GatherND',
      [t('float32', [2, 3, 4]), t('int64', [2, 1])],
      { batch_dims: 1 },
      'float32',
      [2, 4],
    ],
    [
      'ScatterND keeps data',
      'ScatterND',
      [t('float32', [4, 4]), t('int64', [1, 1]), t('float32', [1, 4])],
      {},
      'float32',
      [4, 4],
    ],
    [
      'Compress with known condition',
      'Compress',
      [t('float32', [3, 2]), c('bool', [3], [1, 0, 1])],
      { axis: 0 },
      'float32',
      [2, 2],
    ],
    ['Compress flattened', 'Compress', [t('float32', [3, 2]), t('bool', [6])], {}, 'float32', [null]],
    ['NonZero has an unknown count', 'NonZero', [t('float32', [3, 4])], {}, 'int64', [2, null]],
    ['NonZero of known values counts them', 'NonZero', [ints([0, 3, 0, 5])], {}, 'int64', [1, 2]],
    ['OneHot', 'OneHot', [t('int64', ['N', 3]), scalar(10), c('float32', [2], [0, 1])], {}, 'float32', ['N', 3, 10]],
    ['OneHot axis 0', 'OneHot', [t('int64', [4]), scalar(5), c('int32', [2], [0, 1])], { axis: 0 }, 'int32', [5, 4]],
  ];
  it.each(rows)('%s (%s)', (_name, op, inputs, attrs, dtype, shape) => {
    const r = runOp(op, inputs, attrs, { opset: 13 });
    expect(r.problems).toEqual([]);
    expect(typeOf(r)).toEqual([dtype, shape]);
  });

  it('Unique outputs', () => {
    const r = runOp('Unique', [t('float32', [2, 3])], {}, { outputs: 4 });
    expect(r.outputs.map((o) => o.shape)).toEqual([[null], [null], [6], [null]]);
  });

  it('folds Gather on known values, negative indices included', () => {
    expect(runOp('Gather', [ints([1, 3, 224, 224]), ints([0, -1])]).folded[0]?.values).toEqual([1, 224]);
    const r = runOp('Gather', [c('int64', [2, 3], [1, 2, 3, 4, 5, 6]), scalar(2)], { axis: 1 });
    expect(r.folded[0]).toEqual({ dtype: 'int64', shape: [2], values: [3, 6] });
  });

  it('reports an index out of range', () => {
    expect(runOp('Gather', [ints([1, 2]), scalar(5)]).problems[0]?.code).toBe('shape-mismatch');
  });
});
