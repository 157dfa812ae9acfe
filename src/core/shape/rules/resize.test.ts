import { describe, expect, it } from 'vitest';
import { c, ints, runOp, t, typeOf, type InputSpec } from '../../../test-support/shape/one-node';
import type { Shape } from '../../ir/types';

type Row = [string, string, InputSpec[], Record<string, number | string | number[]>, number, Shape | undefined];

const f = (values: number[]): InputSpec => c('float32', [values.length], values);
const x = t('float32', ['N', 3, 10, 20]);

describe('Resize and Upsample', () => {
  const rows: Row[] = [
    ['Resize-10 scales', 'Resize', [x, f([1, 1, 2, 0.5])], {}, 10, ['N', 3, 20, 10]],
    ['Resize-11 scales (roi given)', 'Resize', [x, f([]), f([1, 1, 1.5, 1.5])], {}, 11, ['N', 3, 15, 30]],
    ['Resize-11 sizes', 'Resize', [x, f([]), f([]), ints([1, 3, 7, 9])], {}, 11, [1, 3, 7, 9]],
    ['Resize-13 sizes, roi and scales omitted', 'Resize', [x, null, null, ints([2, 3, 4, 5])], {}, 13, [2, 3, 4, 5]],
    [
      'Resize floors scaled sizes',
      'Resize',
      [t('float32', [1, 1, 5, 5]), null, f([1, 1, 0.6, 1.3])],
      {},
      13,
      [1, 1, 3, 6],
    ],
    ['Resize-18 axes', 'Resize', [x, null, f([3, 3])], { axes: [2, 3] }, 18, ['N', 3, 30, 60]],
    [
      'Resize-18 not_larger',
      'Resize',
      [t('float32', [1, 1, 10, 20]), null, null, ints([5, 5])],
      { axes: [2, 3], keep_aspect_ratio_policy: 'not_larger' },
      18,
      [1, 1, 3, 5],
    ],
    [
      'Resize-18 not_smaller',
      'Resize',
      [t('float32', [1, 1, 10, 20]), null, null, ints([5, 5])],
      { axes: [2, 3], keep_aspect_ratio_policy: 'not_smaller' },
      18,
      [1, 1, 5, 10],
    ],
    [
      'Resize with unknown scales keeps the rank',
      'Resize',
      [x, null, t('float32', [4])],
      {},
      13,
      [null, null, null, null],
    ],
    ['Upsample-7 attribute', 'Upsample', [x], { scales: [1, 1, 2, 2] }, 7, ['N', 3, 20, 40]],
    ['Upsample-9 input', 'Upsample', [x, f([1, 1, 3, 3])], {}, 9, ['N', 3, 30, 60]],
  ];
  it.each(rows)('%s', (_name, op, inputs, attrs, opset, shape) => {
    const r = runOp(op, inputs, attrs, { opset });
    expect(r.problems).toEqual([]);
    expect(typeOf(r)).toEqual(['float32', shape]);
  });
});
