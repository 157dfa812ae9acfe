import { describe, expect, it } from 'vitest';
import { ints, runOp, t, typeOf, type InputSpec } from '../../../test-support/shape/one-node';
import type { Shape } from '../../ir/types';

type Row = [string, string, InputSpec[], Record<string, number | string | number[]>, number, Shape | undefined];

describe('pooling', () => {
  const x = t('float32', ['N', 16, 32, 32]);
  const rows: Row[] = [
    ['2×2 stride 2', 'MaxPool', [x], { kernel_shape: [2, 2], strides: [2, 2] }, 12, ['N', 16, 16, 16]],
    ['pads', 'MaxPool', [x], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, 12, ['N', 16, 16, 16]],
    [
      'floor by default',
      'MaxPool',
      [t('float32', [1, 1, 5, 5])],
      { kernel_shape: [2, 2], strides: [2, 2] },
      12,
      [1, 1, 2, 2],
    ],
    [
      'ceil_mode',
      'MaxPool',
      [t('float32', [1, 1, 5, 5])],
      { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 },
      12,
      [1, 1, 3, 3],
    ],
    // The last window would start in the right padding only: it is dropped.
    [
      'ceil_mode drops a window starting in the padding',
      'MaxPool',
      [t('float32', [1, 1, 4, 4])],
      { kernel_shape: [2, 2], strides: [2, 2], pads: [1, 1, 1, 1], ceil_mode: 1 },
      12,
      [1, 1, 3, 3],
    ],
    [
      'ceil_mode ignored before opset 10',
      'AveragePool',
      [t('float32', [1, 1, 5, 5])],
      { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 },
      9,
      [1, 1, 2, 2],
    ],
    [
      'dilations',
      'MaxPool',
      [t('float32', [1, 1, 10, 10])],
      { kernel_shape: [3, 3], dilations: [2, 2] },
      12,
      [1, 1, 6, 6],
    ],
    [
      'SAME_UPPER',
      'AveragePool',
      [t('float32', [1, 3, 7, 7])],
      { kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'SAME_UPPER' },
      11,
      [1, 3, 4, 4],
    ],
    [
      'SAME_LOWER',
      'MaxPool',
      [t('float32', [1, 3, 7, 7])],
      { kernel_shape: [2, 2], auto_pad: 'SAME_LOWER' },
      11,
      [1, 3, 7, 7],
    ],
    [
      'VALID',
      'MaxPool',
      [t('float32', [1, 3, 7, 7])],
      { kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'VALID' },
      11,
      [1, 3, 3, 3],
    ],
    ['1-D', 'AveragePool', [t('float32', [2, 4, 9])], { kernel_shape: [3], strides: [3] }, 11, [2, 4, 3]],
    ['LpPool', 'LpPool', [t('float32', [1, 2, 6, 6])], { kernel_shape: [2, 2], strides: [2, 2] }, 11, [1, 2, 3, 3]],
    ['GlobalAveragePool', 'GlobalAveragePool', [x], {}, 11, ['N', 16, 1, 1]],
    ['GlobalMaxPool 3-D', 'GlobalMaxPool', [t('float32', [1, 2, 3, 4, 5])], {}, 11, [1, 2, 1, 1, 1]],
    [
      'MaxUnpool computed',
      'MaxUnpool',
      [t('float32', [1, 1, 2, 2]), t('int64', [1, 1, 2, 2])],
      { kernel_shape: [2, 2], strides: [2, 2] },
      11,
      [1, 1, 4, 4],
    ],
    [
      'MaxUnpool output_shape',
      'MaxUnpool',
      [t('float32', [1, 1, 2, 2]), t('int64', [1, 1, 2, 2]), ints([1, 1, 5, 5])],
      { kernel_shape: [2, 2], strides: [2, 2] },
      11,
      [1, 1, 5, 5],
    ],
  ];
  it.each(rows)('%s (%s)', (_name, op, inputs, attrs, opset, shape) => {
    const r = runOp(op, inputs, attrs, { opset });
    expect(r.problems).toEqual([]);
    expect(typeOf(r)).toEqual(['float32', shape]);
  });

  it('MaxPool has int64 Indices shaped like Y', () => {
    const r = runOp('MaxPool', [t('float32', [1, 2, 4, 4])], { kernel_shape: [2, 2], strides: [2, 2] }, { outputs: 2 });
    expect(typeOf(r, 1)).toEqual(['int64', [1, 2, 2, 2]]);
  });

  it('requires kernel_shape', () => {
    const r = runOp('MaxPool', [t('float32', [1, 2, 4, 4])]);
    expect(r.problems[0]?.code).toBe('bad-attribute');
    expect(r.problems[0]?.message).toContain('kernel_shape');
  });
});
