import { describe, expect, it } from 'vitest';
import type { LayerRow, MemberComparison, ModelSummary } from '../../../workers/protocol';
import type { VariantEntry } from '../../store/types';
import { changeTint, comparePair, comparePoints, pointsWith } from './compare-data';

const member = (id: string, parentId?: string): VariantEntry =>
  ({
    id,
    label: id,
    model: { ...(parentId ? { variant: { parentId } } : {}) },
  }) as unknown as VariantEntry;

const family = [member('m0'), member('m1', 'm0'), member('m2', 'm0')];

describe('comparePair', () => {
  it('compares the variant shown with its parent, or the newest variant when the original is shown', () => {
    expect(comparePair(family, 'm1', { a: null, b: null })).toEqual({ a: 'm0', b: 'm1' });
    expect(comparePair(family, 'm0', { a: null, b: null })).toEqual({ a: 'm0', b: 'm2' });
  });

  it('keeps the chosen members while they are in the family', () => {
    expect(comparePair(family, 'm0', { a: 'm1', b: 'm2' })).toEqual({ a: 'm1', b: 'm2' });
    // A member of a family closed since then falls back to the default.
    expect(comparePair(family, 'm1', { a: 'gone', b: 'm2' })).toEqual({ a: 'm0', b: 'm2' });
  });

  it('has nothing to compare in a family of one', () => {
    expect(comparePair([member('m0')], 'm0', { a: null, b: null })).toBeUndefined();
  });
});

const rows = (macs: Record<string, number>): ModelSummary =>
  ({ layers: Object.entries(macs).map(([nodeId, m]) => ({ nodeId, macs: m }) as LayerRow) }) as unknown as ModelSummary;

const comparison: MemberComparison = {
  aId: 'm0',
  bId: 'm1',
  compared: 2,
  change: 0.05,
  layers: [
    {
      nodeIdA: 'conv',
      nodeIdB: 'conv',
      name: 'conv',
      op: 'Conv',
      weightBytesA: 320,
      weightBytesB: 120,
      sparsityA: 0,
      sparsityB: 0.5,
      change: 0.1,
    },
    { nodeIdA: 'relu', nodeIdB: 'relu', name: 'relu', op: 'Relu', weightBytesA: 0, weightBytesB: 0 },
    { nodeIdA: 'bn', name: 'bn', op: 'BatchNormalization', weightBytesA: 64, weightBytesB: 0 },
    { nodeIdA: 'fc', nodeIdB: 'fc', name: 'fc', op: 'Gemm', weightBytesA: 4000, weightBytesB: 1000, change: 0.02 },
  ],
};

describe('comparePoints', () => {
  const points = comparePoints(comparison, rows({ conv: 1000, fc: 400 }), rows({ conv: 500, fc: 400 }));

  it("joins each side's MACs by node id and turns shares into percentages", () => {
    expect(points.map((p) => [p.name, p.macsA, p.macsB, p.nodeId])).toEqual([
      ['conv', 1000, 500, 'conv'],
      ['relu', 0, 0, 'relu'],
      ['bn', 0, 0, 'bn'],
      ['fc', 400, 400, 'fc'],
    ]);
    expect(points[0]).toMatchObject({ zerosA: 0, zerosB: 50, changePct: 10 });
  });

  it('keeps in each chart only the layers with something to show', () => {
    expect(pointsWith(points, 'weights').map((p) => p.name)).toEqual(['conv', 'bn', 'fc']);
    expect(pointsWith(points, 'macs').map((p) => p.name)).toEqual(['conv', 'fc']);
    expect(pointsWith(points, 'zeros').map((p) => p.name)).toEqual(['conv']);
    expect(pointsWith(points, 'change').map((p) => p.name)).toEqual(['conv', 'fc']);
  });
});

describe('changeTint', () => {
  it("colours B's layers by their change in percent, the largest at the worst end", () => {
    const tint = changeTint(comparison, 'Original', 'int8');
    expect(tint).toMatchObject({
      modelId: 'm1',
      values: { conv: 10, fc: 2 },
      low: 10,
      high: 0,
      unit: '%',
      source: 'compare',
    });
    expect(tint?.title).toBe('Weight change, int8 vs Original (‖B − A‖ / ‖A‖, %)');
  });

  it('is undefined when no layer could be compared', () => {
    expect(changeTint({ ...comparison, layers: comparison.layers.slice(1, 3) }, 'a', 'b')).toBeUndefined();
  });
});
