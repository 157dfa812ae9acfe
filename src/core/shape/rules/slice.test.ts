import { describe, expect, it } from 'vitest';
import { ints, runOp, t, typeOf, type InputSpec } from '../../../test-support/shape/one-node';
import type { Shape } from '../../ir/types';

type Row = [string, InputSpec[], Record<string, number | number[]>, number, Shape | undefined];
type OpRow = [string, string, InputSpec[], Record<string, number | number[]>, number, Shape | undefined];

const BIG = 2 ** 62;

describe('Slice', () => {
  const x = t('float32', [10, 20, 'N']);
  const rows: Row[] = [
    ['Slice-1 attributes', [x], { starts: [1, 0], ends: [5, 10], axes: [0, 1] }, 9, [4, 10, 'N']],
    ['Slice-10 inputs', [x, ints([1]), ints([5])], {}, 10, [4, 20, 'N']],
    ['negative start', [x, ints([-3]), ints([BIG]), ints([1])], {}, 13, [10, 3, 'N']],
    ['clamped end', [x, ints([2]), ints([1000]), ints([0])], {}, 13, [8, 20, 'N']],
    ['step 3', [x, ints([0]), ints([20]), ints([1]), ints([3])], {}, 13, [10, 7, 'N']],
    ['negative step reverses', [x, ints([-1]), ints([-BIG]), ints([0]), ints([-1])], {}, 13, [10, 20, 'N']],
    ['negative step with bounds', [x, ints([8]), ints([2]), ints([0]), ints([-2])], {}, 13, [3, 20, 'N']],
    ['empty slice', [x, ints([5]), ints([2]), ints([0])], {}, 13, [0, 20, 'N']],
    ['whole symbolic axis stays symbolic', [x, ints([0]), ints([BIG]), ints([2])], {}, 13, [10, 20, 'N']],
    ['part of a symbolic axis is unknown', [x, ints([1]), ints([BIG]), ints([2])], {}, 13, [10, 20, null]],
    ['unknown starts with known axes', [x, t('int64', [1]), ints([4]), ints([1])], {}, 13, [10, null, 'N']],
    ['unknown axes', [x, ints([0]), ints([4]), t('int64', [1])], {}, 13, [null, null, null]],
  ];
  it.each(rows)('%s', (_name, inputs, attrs, opset, shape) => {
    const r = runOp('Slice', inputs, attrs, { opset });
    expect(r.problems).toEqual([]);
    expect(typeOf(r)).toEqual(['float32', shape]);
  });

  it('folds slices of known 1-D values', () => {
    expect(runOp('Slice', [ints([1, 2, 3, 4, 5]), ints([1]), ints([-1])]).folded[0]?.values).toEqual([2, 3, 4]);
    expect(
      runOp('Slice', [ints([1, 2, 3, 4, 5]), ints([-1]), ints([-BIG]), ints([0]), ints([-2])]).folded[0]?.values,
    ).toEqual([5, 3, 1]);
  });
});

describe('Split', () => {
  const x = t('float32', ['N', 12]);
  const shapes = (inputs: InputSpec[], attrs: Record<string, number | number[]>, opset: number, outputs: number) => {
    const r = runOp('Split', inputs, attrs, { opset, outputs });
    expect(r.problems).toEqual([]);
    return r.outputs.map((o) => o.shape);
  };
  it('splits equally', () =>
    expect(shapes([x], { axis: 1 }, 13, 3)).toEqual([
      ['N', 4],
      ['N', 4],
      ['N', 4],
    ]));
  it('takes split as an attribute before opset 13', () =>
    expect(shapes([x], { axis: 1, split: [2, 10] }, 11, 2)).toEqual([
      ['N', 2],
      ['N', 10],
    ]));
  it('takes split as an input from opset 13', () =>
    expect(shapes([x, ints([5, 7])], { axis: -1 }, 13, 2)).toEqual([
      ['N', 5],
      ['N', 7],
    ]));
  it('splits unevenly with num_outputs (opset 18)', () =>
    expect(shapes([t('float32', [7])], { num_outputs: 3 }, 18, 3)).toEqual([[3], [3], [1]]));
  it('leaves a symbolic axis unknown', () =>
    expect(shapes([x], { axis: 0 }, 13, 2)).toEqual([
      [null, 12],
      [null, 12],
    ]));
  it('reports sizes that do not add up', () => {
    expect(runOp('Split', [x, ints([5, 5])], { axis: 1 }, { outputs: 2 }).problems[0]?.code).toBe('shape-mismatch');
  });
  it('folds known values', () => {
    const r = runOp('Split', [ints([1, 2, 3, 4])], {}, { outputs: 2 });
    expect(r.folded.map((f) => f?.values)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});

describe('Concat and Pad', () => {
  it.each([
    [
      'Concat on axis 1',
      'Concat',
      [t('float32', ['N', 3, 8]), t('float32', ['N', 5, 8])],
      { axis: 1 },
      13,
      ['N', 8, 8],
    ],
    ['Concat negative axis', 'Concat', [t('float32', [2, 3]), t('float32', [2, 4])], { axis: -1 }, 13, [2, 7]],
    ['Concat with an unknown input', 'Concat', [t('float32', [2, 3]), t('float32')], { axis: 1 }, 13, [2, null]],
    ['Concat on a symbolic axis', 'Concat', [t('float32', ['N', 3]), t('float32', [2, 3])], { axis: 0 }, 13, [null, 3]],
    ['Pad-2 attribute', 'Pad', [t('float32', [1, 3, 4, 4])], { pads: [0, 0, 1, 2, 0, 0, 3, 4] }, 2, [1, 3, 8, 10]],
    ['Pad-1 paddings attribute', 'Pad', [t('float32', [4, 4])], { paddings: [1, 1, 1, 1] }, 1, [6, 6]],
    ['Pad-11 input', 'Pad', [t('float32', ['N', 4]), ints([0, 1, 0, 2])], {}, 11, ['N', 7]],
    ['Pad-18 axes', 'Pad', [t('float32', [2, 4, 6]), ints([1, 2]), null, ints([-1])], {}, 18, [2, 4, 9]],
    ['Pad with unknown pads keeps the rank', 'Pad', [t('float32', [2, 4]), t('int64', [4])], {}, 13, [null, null]],
  ] as OpRow[])('%s', (_name, op, inputs, attrs, opset, shape) => {
    const r = runOp(op, inputs, attrs, { opset });
    expect(r.problems).toEqual([]);
    expect(typeOf(r)).toEqual(['float32', shape]);
  });

  it('reports Concat inputs that differ off the axis', () => {
    expect(runOp('Concat', [t('float32', [2, 3]), t('float32', [4, 4])], { axis: 1 }).problems[0]?.code).toBe(
      'shape-mismatch',
    );
  });

  it('folds Concat of known 1-D values', () => {
    expect(runOp('Concat', [ints([1]), ints([2, 3])], { axis: 0 }).folded[0]?.values).toEqual([1, 2, 3]);
  });
});
