import { describe, expect, it } from 'vitest';
import { runOp, t, typeOf } from '../../../test-support/shape/one-node';

const x = t('float32', ['N', 8, 4, 4]);
const c8 = t('float32', [8]);

describe('normalization rules', () => {
  it('BatchNormalization-9 has Y plus four [C] statistics', () => {
    const r = runOp('BatchNormalization', [x, c8, c8, c8, c8], {}, { opset: 9, outputs: 5 });
    expect(typeOf(r, 0)).toEqual(['float32', ['N', 8, 4, 4]]);
    for (let i = 1; i < 5; i++) expect(typeOf(r, i)).toEqual(['float32', [8]]);
  });

  it('BatchNormalization-15 has running mean and var typed like the mean input', () => {
    const c8h = t('float16', [8]);
    const r = runOp('BatchNormalization', [x, c8, c8, c8h, c8h], { training_mode: 1 }, { opset: 15, outputs: 3 });
    expect(typeOf(r, 0)).toEqual(['float32', ['N', 8, 4, 4]]);
    expect(typeOf(r, 1)).toEqual(['float16', [8]]);
    expect(typeOf(r, 2)).toEqual(['float16', [8]]);
  });

  it('InstanceNormalization, LRN and GroupNormalization keep the input type', () => {
    expect(typeOf(runOp('InstanceNormalization', [x, c8, c8]))).toEqual(['float32', ['N', 8, 4, 4]]);
    expect(typeOf(runOp('LRN', [x], { size: 3 }))).toEqual(['float32', ['N', 8, 4, 4]]);
    expect(typeOf(runOp('GroupNormalization', [x, c8, c8], { num_groups: 2 }, { opset: 18 }))).toEqual([
      'float32',
      ['N', 8, 4, 4],
    ]);
  });

  it.each([
    [-1, ['N', 8, 4, 1]],
    [1, ['N', 1, 1, 1]],
    [-2, ['N', 8, 1, 1]],
  ] as const)('LayerNormalization axis %i reduces Mean and InvStdDev', (axis, reduced) => {
    const r = runOp('LayerNormalization', [x, t('float32', [4]), t('float32', [4])], { axis }, { outputs: 3 });
    expect(r.problems).toEqual([]);
    expect(typeOf(r, 0)).toEqual(['float32', ['N', 8, 4, 4]]);
    expect(typeOf(r, 1)).toEqual(['float32', reduced]);
    expect(typeOf(r, 2)).toEqual(['float32', reduced]);
  });

  it('LayerNormalization statistics follow stash_type', () => {
    const r = runOp(
      'LayerNormalization',
      [t('float16', [2, 3]), t('float16', [3])],
      { stash_type: 11 },
      { outputs: 2 },
    );
    expect(typeOf(r, 1)).toEqual(['float64', [2, 1]]);
  });
});
