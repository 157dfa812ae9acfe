import { describe, expect, it } from 'vitest';
import { exact, formatBytes, formatCount, formatMacs, formatPercent, formatStat } from './format';

describe('human units', () => {
  it.each([
    [0, '0 B'],
    [950, '950 B'],
    [24008, '24.0 kB'],
    [999_960, '1.00 MB'],
    [11_240_864, '11.2 MB'],
    [1_067_648, '1.07 MB'],
  ])('formatBytes(%s) = %s', (n, text) => expect(formatBytes(n)).toBe(text));

  it.each([
    [321, '321'],
    [5998, '6.00 k'],
    [786_560, '787 k'],
    [2_834_161_664, '2.83 G'],
  ])('formatCount(%s) = %s', (n, text) => expect(formatCount(n)).toBe(text));

  it('MACs, exact figures, statistics and percentages', () => {
    expect(formatMacs(349_151_936)).toBe('349 M MACs');
    expect(exact(2_834_161_664)).toBe('2,834,161,664');
    expect(formatStat(0.123456)).toBe('0.1235');
    expect(formatStat(-0.0000123)).toBe('-1.230e-5');
    expect(formatStat(0)).toBe('0');
    expect(formatPercent(0.5)).toBe('50.0%');
    expect(formatPercent(0.0001)).toBe('0.010%');
  });
});
