import { describe, expect, it } from 'vitest';
import { runOp, t, typeOf, type InputSpec } from '../../../test-support/shape/one-node';
import type { Shape } from '../../ir/types';

type Row = [string, InputSpec[], Record<string, number | string>, Shape | undefined];

describe('Gemm', () => {
  const rows: Row[] = [
    ['plain', [t('float32', ['N', 64]), t('float32', [64, 10])], {}, ['N', 10]],
    ['transB', [t('float32', ['N', 64]), t('float32', [10, 64]), t('float32', [10])], { transB: 1 }, ['N', 10]],
    ['transA', [t('float32', [64, 'N']), t('float32', [64, 10])], { transA: 1 }, ['N', 10]],
    ['both', [t('float32', [3, 2]), t('float32', [4, 3])], { transA: 1, transB: 1 }, [2, 4]],
  ];
  it.each(rows)('%s', (_name, inputs, attrs, shape) => {
    const r = runOp('Gemm', inputs, attrs);
    expect(r.problems).toEqual([]);
    expect(typeOf(r)).toEqual(['float32', shape]);
  });

  it('reports inner dimensions that differ', () => {
    const r = runOp('Gemm', [t('float32', [2, 3]), t('float32', [4, 5])]);
    expect(r.problems[0]?.message).toContain('inner dimensions 3 and 4 differ');
  });
});

describe('MatMul', () => {
  const rows: Row[] = [
    ['2-D', [t('float32', [2, 3]), t('float32', [3, 4])], {}, [2, 4]],
    ['1-D × 2-D drops the row', [t('float32', [3]), t('float32', [3, 4])], {}, [4]],
    ['2-D × 1-D drops the column', [t('float32', [2, 3]), t('float32', [3])], {}, [2]],
    ['1-D × 1-D is a scalar', [t('float32', [3]), t('float32', [3])], {}, []],
    ['batched broadcast', [t('float32', ['B', 1, 5, 6]), t('float32', [7, 6, 2])], {}, ['B', 7, 5, 2]],
    ['1-D × batched', [t('float32', [6]), t('float32', [2, 6, 3])], {}, [2, 3]],
    ['symbolic rows', [t('float32', ['N', 'S', 64]), t('float32', [64, 32])], {}, ['N', 'S', 32]],
  ];
  it.each(rows)('%s', (_name, inputs, attrs, shape) => {
    const r = runOp('MatMul', inputs, attrs);
    expect(r.problems).toEqual([]);
    expect(typeOf(r)).toEqual(['float32', shape]);
  });

  it('reports inner dimensions that differ', () => {
    expect(runOp('MatMul', [t('float32', [2, 3]), t('float32', [4, 5])]).problems[0]?.code).toBe('shape-mismatch');
  });
});

describe('Einsum', () => {
  const rows: [string, string, InputSpec[], Shape][] = [
    ['matmul', 'ij,jk->ik', [t('float32', [2, 3]), t('float32', [3, 4])], [2, 4]],
    ['implicit output', 'ij,jk', [t('float32', [2, 3]), t('float32', [3, 4])], [2, 4]],
    ['transpose', 'ij->ji', [t('float32', [2, 3])], [3, 2]],
    ['sum', 'ij->i', [t('float32', [2, 3])], [2]],
    ['batch with ellipsis', '...ij,...jk->...ik', [t('float32', [5, 2, 3]), t('float32', [1, 3, 4])], [5, 2, 4]],
    ['diagonal', 'ii->i', [t('float32', [3, 3])], [3]],
    ['outer', 'i,j->ij', [t('float32', [2]), t('float32', [3])], [2, 3]],
  ];
  it.each(rows)('%s (%s)', (_name, equation, inputs, shape) => {
    const r = runOp('Einsum', inputs, { equation }, { opset: 12 });
    expect(r.problems).toEqual([]);
    expect(typeOf(r)).toEqual(['float32', shape]);
  });
});
