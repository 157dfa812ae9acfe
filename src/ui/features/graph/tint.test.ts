import { describe, expect, it } from 'vitest';
import type { GraphTint } from '../../store/analysis-slice';
import type { OpenModel } from '../../store/types';
import { activeTint, formatTintValue, nodeTint, scaleColor, tintColor, tintPosition } from './tint';

const tint: GraphTint = {
  modelId: 'm2',
  title: 'SQNR',
  values: { a: 10, b: 40, c: Infinity },
  low: 10,
  high: 40,
  unit: 'dB',
};
const shown = (id: string) => ({ graphTint: tint, model: { summary: { modelId: id } } as OpenModel });

describe('graph tint', () => {
  it('maps values onto the scale, clamped at both ends', () => {
    expect(tintPosition(10, 10, 40)).toBe(0);
    expect(tintPosition(25, 10, 40)).toBe(0.5);
    expect(tintPosition(Infinity, 10, 40)).toBe(1);
    expect(tintPosition(-5, 10, 40)).toBe(0);
    expect(tintPosition(NaN, 10, 40)).toBe(0);
    expect(scaleColor(0)).toBe('hsl(0 62% 46%)');
    expect(scaleColor(1)).toBe('hsl(135 62% 46%)');
  });

  it('colours nodes with a value; nodes without one are told apart; values read as text', () => {
    expect(tintColor(tint, 'a')).toBe(scaleColor(0));
    expect(tintColor(tint, 'c')).toBe(scaleColor(1));
    expect(tintColor(tint, 'zz')).toBeNull();
    expect(formatTintValue(41.26, 'dB')).toBe('41.3 dB');
    expect(formatTintValue(Infinity, 'dB')).toBe('exact');
  });

  it('is in force only while its model is shown', () => {
    expect(activeTint(shown('m2'))).toBe(tint);
    expect(activeTint(shown('m1'))).toBeNull();
    expect(nodeTint(shown('m1'), 'a')).toBeUndefined();
    expect(nodeTint(shown('m2'), 'zz')).toBeNull();
    expect(nodeTint(shown('m2'), 'b')).toBe(`${scaleColor(1)}|40 dB`);
  });
});
