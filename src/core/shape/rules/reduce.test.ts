import { describe, expect, it } from 'vitest';
import { ints, runOp, scalar, t, typeOf, type InputSpec } from '../../../test-support/shape/one-node';
import type { Shape } from '../../ir/types';

type Row = [string, string, InputSpec[], Record<string, number | number[]>, number, Shape | undefined];

const x = t('float32', ['N', 3, 4, 5]);

describe('reductions', () => {
  const rows: Row[] = [
    ['ReduceMean-13 axes attribute', 'ReduceMean', [x], { axes: [2, 3] }, 13, ['N', 3, 1, 1]],
    ['ReduceMean-13 keepdims 0', 'ReduceMean', [x], { axes: [-1], keepdims: 0 }, 13, ['N', 3, 4]],
    ['ReduceMean-18 axes input', 'ReduceMean', [x, ints([1])], {}, 18, ['N', 1, 4, 5]],
    ['ReduceMax all axes', 'ReduceMax', [x], { keepdims: 0 }, 13, []],
    ['ReduceSum-11 axes attribute', 'ReduceSum', [x], { axes: [0] }, 11, [1, 3, 4, 5]],
    ['ReduceSum-13 axes input', 'ReduceSum', [x, ints([1, 2])], { keepdims: 0 }, 13, ['N', 5]],
    ['ReduceSum-13 noop_with_empty_axes', 'ReduceSum', [x], { noop_with_empty_axes: 1 }, 13, ['N', 3, 4, 5]],
    ['ReduceL2-18 no axes reduces all', 'ReduceL2', [x], {}, 18, [1, 1, 1, 1]],
    ['unknown axes with keepdims keep the rank', 'ReduceMean', [x, t('int64', [2])], {}, 18, [null, null, null, null]],
    ['unknown axes without keepdims', 'ReduceMean', [x, t('int64', [2])], { keepdims: 0 }, 18, [null, null]],
  ];
  it.each(rows)('%s', (_name, op, inputs, attrs, opset, shape) => {
    const r = runOp(op, inputs, attrs, { opset });
    expect(r.problems).toEqual([]);
    expect(typeOf(r)).toEqual(['float32', shape]);
  });

  it('ArgMax and ArgMin are int64', () => {
    expect(typeOf(runOp('ArgMax', [x], { axis: 1 }))).toEqual(['int64', ['N', 1, 4, 5]]);
    expect(typeOf(runOp('ArgMin', [x], { axis: -1, keepdims: 0 }))).toEqual(['int64', ['N', 3, 4]]);
  });

  it('TopK takes k from the attribute before opset 10 and from the input after', () => {
    const legacy = runOp('TopK', [x], { k: 2 }, { opset: 1, outputs: 2 });
    expect(typeOf(legacy, 0)).toEqual(['float32', ['N', 3, 4, 2]]);
    expect(typeOf(legacy, 1)).toEqual(['int64', ['N', 3, 4, 2]]);
    const modern = runOp('TopK', [x, ints([3])], { axis: 1 }, { opset: 11, outputs: 2 });
    expect(typeOf(modern, 0)).toEqual(['float32', ['N', 3, 4, 5]]);
    expect(typeOf(runOp('TopK', [x, scalar(2)], {}, { outputs: 2 }), 0)).toEqual(['float32', ['N', 3, 4, 2]]);
  });

  it('folds ReduceProd and ReduceSum of known values', () => {
    expect(runOp('ReduceProd', [ints([2, 3, 4])], { keepdims: 0 }).folded[0]?.values).toEqual([24]);
    expect(runOp('ReduceSum', [ints([2, 3, 4])], {}, { opset: 13 }).folded[0]).toEqual({
      dtype: 'int64',
      shape: [1],
      values: [9],
    });
  });
});
