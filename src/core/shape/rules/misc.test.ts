import { describe, expect, it } from 'vitest';
import { ints, runOp, scalar, t, typeOf, type InputSpec } from '../../../test-support/shape/one-node';
import type { DType } from '../../ir/dtype';
import type { Shape } from '../../ir/types';

type Row = [string, string, InputSpec[], Record<string, number | string | number[]>, number, DType, Shape | undefined];

describe('other rules', () => {
  const rows: Row[] = [
    [
      'SoftmaxCrossEntropyLoss mean',
      'SoftmaxCrossEntropyLoss',
      [t('float32', [3, 5]), t('int64', [3])],
      {},
      13,
      'float32',
      [],
    ],
    [
      'SoftmaxCrossEntropyLoss none',
      'SoftmaxCrossEntropyLoss',
      [t('float32', [3, 5, 2]), t('int64', [3, 2])],
      { reduction: 'none' },
      13,
      'float32',
      [3, 2],
    ],
    [
      'NegativeLogLikelihoodLoss none',
      'NegativeLogLikelihoodLoss',
      [t('float32', [3, 5]), t('int64', [3])],
      { reduction: 'none' },
      13,
      'float32',
      [3],
    ],
    [
      'GridSample',
      'GridSample',
      [t('float32', [1, 3, 10, 10]), t('float32', [1, 6, 7, 2])],
      {},
      16,
      'float32',
      [1, 3, 6, 7],
    ],
    [
      'RoiAlign',
      'RoiAlign',
      [t('float32', [1, 8, 10, 10]), t('float32', ['R', 4]), t('int64', ['R'])],
      { output_height: 5, output_width: 6 },
      16,
      'float32',
      ['R', 8, 5, 6],
    ],
    [
      'NonMaxSuppression',
      'NonMaxSuppression',
      [t('float32', [1, 6, 4]), t('float32', [1, 1, 6])],
      {},
      11,
      'int64',
      [null, 3],
    ],
    ['Det', 'Det', [t('float32', [2, 3, 3])], {}, 11, 'float32', [2]],
    ['DFT onesided', 'DFT', [t('float32', [2, 10, 1])], { onesided: 1 }, 17, 'float32', [2, 6, 2]],
    ['STFT', 'STFT', [t('float32', [1, 128, 1]), scalar(8), t('float32', [16])], {}, 17, 'float32', [1, 15, 9, 2]],
    ['TfIdfVectorizer', 'TfIdfVectorizer', [t('int32', [2, 6])], { ngram_indexes: [0, 1, 2, 6] }, 9, 'float32', [2, 7]],
    ['Col2Im', 'Col2Im', [t('float32', [1, 18, 16]), ints([5, 5]), ints([3, 3])], {}, 18, 'float32', [1, 2, 5, 5]],
    ['AffineGrid', 'AffineGrid', [t('float32', [2, 2, 3]), ints([2, 3, 8, 9])], {}, 20, 'float32', [2, 8, 9, 2]],
    [
      'DeformConv',
      'DeformConv',
      [t('float32', [1, 3, 8, 8]), t('float32', [4, 3, 3, 3]), t('float32', [1, 18, 6, 6])],
      {},
      19,
      'float32',
      [1, 4, 6, 6],
    ],
    ['SequenceLength', 'SequenceLength', [t('float32', [1])], {}, 11, 'int64', []],
  ];
  it.each(rows)('%s', (_name, op, inputs, attrs, opset, dtype, shape) => {
    const r = runOp(op, inputs, attrs, { opset });
    expect(r.problems).toEqual([]);
    expect(typeOf(r)).toEqual([dtype, shape]);
  });

  it('sequence ops are known but leave their non-tensor outputs unknown', () => {
    const r = runOp('SequenceConstruct', [t('float32', [2])], {}, { opset: 11 });
    expect(r.problems).toEqual([]);
    expect(r.outputs[0]?.shape).toBeUndefined();
  });

  it('training optimizers shape each new tensor like the one it updates', () => {
    const r = runOp(
      'Adam',
      [t('float32', []), t('int64', []), t('float32', [3]), t('float32', [3]), t('float32', [3]), t('float32', [3])],
      {},
      { domain: 'ai.onnx.preview.training', outputs: 3, opset: 1 },
    );
    expect(r.problems).toEqual([]);
    expect(r.outputs.map((o) => o.shape)).toEqual([[3], [3], [3]]);
  });
});
