import { describe, expect, it } from 'vitest';
import { c, runOp, scalar, t, typeOf, type InputSpec } from '../../../test-support/shape/one-node';
import type { DType } from '../../ir/dtype';
import type { Shape } from '../../ir/types';

const s = scalar(0.1, 'float32');
const zp = c('uint8', [], [128]);
type Row = [string, InputSpec[], Record<string, number>, DType, Shape];

describe('com.microsoft rules', () => {
  const rows: Row[] = [
    [
      'QLinearAdd',
      [t('uint8', ['N', 8, 4, 4]), s, zp, t('uint8', [8, 1, 1]), s, zp, s, zp],
      {},
      'uint8',
      ['N', 8, 4, 4],
    ],
    ['QLinearSigmoid', [t('int8', [2, 3]), s, zp, s, zp], {}, 'int8', [2, 3]],
    ['QLinearGlobalAveragePool', [t('uint8', [1, 8, 7, 7]), s, zp, s, zp], {}, 'uint8', [1, 8, 1, 1]],
    ['QLinearGlobalAveragePool', [t('uint8', [1, 7, 7, 8]), s, zp, s, zp], { channels_last: 1 }, 'uint8', [1, 1, 1, 8]],
    [
      'QLinearConcat',
      [s, zp, t('uint8', [1, 3, 4]), s, zp, t('uint8', [1, 5, 4]), s, zp],
      { axis: 1 },
      'uint8',
      [1, 8, 4],
    ],
    ['QGemm', [t('uint8', [2, 4]), s, zp, t('uint8', [3, 4]), s, zp, null, s, zp], { transB: 1 }, 'uint8', [2, 3]],
    ['FusedConv', [t('float32', [1, 3, 8, 8]), t('float32', [4, 3, 3, 3])], {}, 'float32', [1, 4, 6, 6]],
    ['FusedMatMul transB', [t('float32', [2, 5, 6]), t('float32', [7, 6])], { transB: 1 }, 'float32', [2, 5, 7]],
    ['MatMulIntegerToFloat', [t('uint8', [2, 4]), t('int8', [4, 3]), s], {}, 'float32', [2, 3]],
    ['FastGelu', [t('float16', ['N', 64])], {}, 'float16', ['N', 64]],
  ];
  it.each(rows)('%s', (op, inputs, attrs, dtype, shape) => {
    const r = runOp(op.split(' ')[0] ?? op, inputs, attrs, { domain: 'com.microsoft' });
    expect(r.problems).toEqual([]);
    expect(typeOf(r)).toEqual([dtype, shape]);
  });
});
