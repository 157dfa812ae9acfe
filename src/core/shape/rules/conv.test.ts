import { describe, expect, it } from 'vitest';
import { runOp, t, typeOf, type InputSpec } from '../../../test-support/shape/one-node';
import type { Shape } from '../../ir/types';

type Row = [string, InputSpec[], Record<string, number | string | number[]>, Shape | undefined];

describe('Conv', () => {
  const x = t('float32', ['N', 3, 32, 32]);
  const rows: Row[] = [
    ['no padding', [x, t('float32', [16, 3, 3, 3])], {}, ['N', 16, 30, 30]],
    ['pads and strides', [x, t('float32', [16, 3, 3, 3])], { pads: [1, 1, 1, 1], strides: [2, 2] }, ['N', 16, 16, 16]],
    ['asymmetric pads (h: 0+2, w: 1+3)', [x, t('float32', [8, 3, 3, 3])], { pads: [0, 1, 2, 3] }, ['N', 8, 32, 34]],
    ['dilations', [x, t('float32', [8, 3, 3, 3])], { dilations: [2, 2] }, ['N', 8, 28, 28]],
    [
      'auto_pad SAME_UPPER',
      [x, t('float32', [8, 3, 3, 3])],
      { auto_pad: 'SAME_UPPER', strides: [2, 2] },
      ['N', 8, 16, 16],
    ],
    [
      'auto_pad SAME_LOWER odd',
      [t('float32', [1, 3, 7, 7]), t('float32', [8, 3, 2, 2])],
      { auto_pad: 'SAME_LOWER', strides: [2, 2] },
      [1, 8, 4, 4],
    ],
    ['auto_pad VALID', [x, t('float32', [8, 3, 5, 5])], { auto_pad: 'VALID', strides: [3, 3] }, ['N', 8, 10, 10]],
    [
      'depthwise (group)',
      [t('float32', [1, 32, 10, 10]), t('float32', [32, 1, 3, 3])],
      { group: 32, pads: [1, 1, 1, 1] },
      [1, 32, 10, 10],
    ],
    ['1-D', [t('float32', [1, 4, 100]), t('float32', [2, 4, 5])], { strides: [5] }, [1, 2, 20]],
    ['3-D', [t('float32', [1, 1, 8, 8, 8]), t('float32', [4, 1, 2, 2, 2])], { strides: [2, 2, 2] }, [1, 4, 4, 4, 4]],
    ['kernel_shape without weight shape', [x, t('float32')], { kernel_shape: [3, 3] }, ['N', null, 30, 30]],
    ['symbolic spatial dims', [t('float32', [1, 3, 'H', 'W']), t('float32', [8, 3, 1, 1])], {}, [1, 8, null, null]],
    ['unknown input rank from weights', [t('float32'), t('float32', [8, 3, 3, 3])], {}, [null, 8, null, null]],
  ];
  it.each(rows)('%s', (_name, inputs, attrs, shape) => {
    const r = runOp('Conv', inputs, attrs, { opset: 11 });
    expect(r.problems).toEqual([]);
    expect(typeOf(r)).toEqual(['float32', shape]);
  });

  it('reports weights whose channels do not match the input', () => {
    const r = runOp('Conv', [t('float32', [1, 3, 8, 8]), t('float32', [4, 2, 3, 3])]);
    expect(r.problems[0]?.code).toBe('shape-mismatch');
    expect(r.outputs[0]?.shape).toBeUndefined();
    expect(r.outputs[0]?.dtype).toBe('undefined');
  });

  it('reports a kernel larger than the padded input', () => {
    const r = runOp('Conv', [t('float32', [1, 1, 2, 2]), t('float32', [1, 1, 3, 3])]);
    expect(r.problems[0]?.code).toBe('shape-mismatch');
  });
});

describe('ConvTranspose', () => {
  const x = t('float32', ['N', 8, 5, 5]);
  const w = t('float32', [8, 4, 3, 3]);
  const rows: Row[] = [
    ['defaults', [x, w], {}, ['N', 4, 7, 7]],
    ['strides', [x, w], { strides: [2, 2] }, ['N', 4, 11, 11]],
    ['pads', [x, w], { strides: [2, 2], pads: [1, 1, 1, 1] }, ['N', 4, 9, 9]],
    ['output_padding', [x, w], { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] }, ['N', 4, 10, 10]],
    ['output_shape wins', [x, w], { strides: [3, 2], output_shape: [10, 8] }, ['N', 4, 10, 8]],
    ['auto_pad SAME_UPPER', [x, w], { strides: [2, 2], auto_pad: 'SAME_UPPER' }, ['N', 4, 10, 10]],
    ['auto_pad VALID', [x, w], { strides: [2, 2], auto_pad: 'VALID' }, ['N', 4, 11, 11]],
    ['group multiplies channels', [x, t('float32', [8, 2, 3, 3])], { group: 4 }, ['N', 8, 7, 7]],
    ['dilations', [x, w], { dilations: [2, 2] }, ['N', 4, 9, 9]],
    ['1-D', [t('float32', [1, 1, 3]), t('float32', [1, 2, 3])], {}, [1, 2, 5]],
  ];
  it.each(rows)('%s', (_name, inputs, attrs, shape) => {
    const r = runOp('ConvTranspose', inputs, attrs, { opset: 11 });
    expect(r.problems).toEqual([]);
    expect(typeOf(r)).toEqual(['float32', shape]);
  });
});
