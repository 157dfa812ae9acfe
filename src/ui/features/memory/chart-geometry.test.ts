import { describe, expect, it } from 'vitest';
import type { MemoryBand } from '../../../workers/protocol';
import { arenaRects, placedBands, timelineMax, timelinePath, type Frame } from './chart-geometry';

const FRAME: Frame = { left: 0, top: 0, width: 100, height: 50 };

const band = (name: string, bytes: number | null, offset: number | null, first: number, last: number): MemoryBand => ({
  tensorId: name,
  name,
  dtype: 'float32',
  shapeText: '?',
  bytes,
  offset,
  first,
  last,
  producerNodeId: null,
  isInput: false,
  isOutput: false,
});

describe('memory chart geometry', () => {
  it('draws live bytes as flat steps closed along the bottom', () => {
    expect(timelinePath(FRAME, [10, 20], 20)).toBe('M0,50 L0,25 L50,25 L50,0 L100,0 L100,50 Z');
  });

  it('puts the SRAM budget on the scale only when it is near the peak', () => {
    const rounded = (peak: number, budget: number) => {
      const { max, budgetShown } = timelineMax(peak, budget);
      return [Math.round(max), budgetShown];
    };
    expect(rounded(100, 50)).toEqual([110, true]);
    expect(rounded(100, 200)).toEqual([210, true]);
    expect(rounded(100, 10_000)).toEqual([110, false]);
  });

  it('places one rectangle per activation of known size, across its steps, at its offset', () => {
    const bands = [
      band('a', 64, 0, 0, 1),
      band('b', 64, 64, 1, 3),
      band('unknown', null, null, 0, 3),
      band('empty', 0, null, 2, 2),
    ];
    expect(placedBands(bands).map((b) => b.name)).toEqual(['a', 'b']);
    const rects = arenaRects(FRAME, bands, 4, 128);
    // 4 steps over 100 units; an arena of 128 bytes over 50 units, offset 0 at the bottom.
    expect(rects.map((r) => [r.band.name, r.x, r.width, r.y, r.height])).toEqual([
      ['a', 0, 50, 25, 25],
      ['b', 25, 75, 0, 25],
    ]);
  });
});
