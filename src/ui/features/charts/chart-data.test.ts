import { describe, expect, it } from 'vitest';
import type { LayerRow } from '../../../workers/protocol';
import { layerSeries, timelineSeries, tipPoint } from './chart-data';

const row = (i: number, macs: number, weightBytes = 0): LayerRow => ({
  nodeId: `n${i}`,
  name: `layer ${i}`,
  op: 'Conv',
  params: 0,
  weightBytes,
  macs,
  outputBytes: 0,
  outputShapes: [],
});

describe('chart data', () => {
  it('one bar per layer with a non-zero value, in node order', () => {
    const layers = [row(0, 10, 4), row(1, 0, 8), row(2, 30)];
    expect(layerSeries(layers, 'macs').map((p) => [p.index, p.nodeId, p.value])).toEqual([
      [0, 'n0', 10],
      [2, 'n2', 30],
    ]);
    expect(layerSeries(layers, 'weightBytes').map((p) => p.nodeId)).toEqual(['n0', 'n1']);
  });

  it('thins many layers to the largest of each slot, keeping the maximum', () => {
    const layers = Array.from({ length: 1000 }, (_, i) => row(i, i === 777 ? 1e9 : 1 + (i % 7)));
    const bars = layerSeries(layers, 'macs', 100);
    expect(bars).toHaveLength(100);
    expect(bars.some((b) => b.nodeId === 'n777')).toBe(true);
    expect(bars.map((b) => b.index)).toEqual([...bars.map((b) => b.index)].sort((a, b) => a - b));
  });

  it('keeps the memory peak when the timeline is thinned', () => {
    const timeline = Float64Array.from({ length: 2000 }, (_, i) => (i === 1234 ? 5e6 : i));
    const ids = Array.from({ length: 2000 }, (_, i) => `s${i}`);
    const points = timelineSeries(timeline, ids, 300);
    expect(points).toHaveLength(300);
    expect(points.find((p) => p.bytes === 5e6)).toEqual({ step: 1234, bytes: 5e6, nodeId: 's1234' });
    expect(timelineSeries([1, 2, 3], ['a', 'b', 'c'])).toEqual([
      { step: 0, bytes: 1, nodeId: 'a' },
      { step: 1, bytes: 2, nodeId: 'b' },
      { step: 2, bytes: 3, nodeId: 'c' },
    ]);
  });

  it('reads the point under a tooltip only while it shows', () => {
    expect(tipPoint({ active: true, payload: [{ payload: { step: 3 } }] })).toEqual({ step: 3 });
    expect(tipPoint({ active: false, payload: [{ payload: { step: 3 } }] })).toBeUndefined();
  });
});
