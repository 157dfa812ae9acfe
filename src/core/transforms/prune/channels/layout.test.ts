// The position arithmetic under channel pruning: layouts, reshapes, channel choice and constant slicing.
import { describe, expect, it } from 'vitest';
import {
  concatLayouts,
  FIXED,
  fixedLayout,
  keptLength,
  keptPositions,
  reshapeFlow,
  singleLayout,
  widenInner,
  type KeptOf,
} from './layout';
import { channelNorms, keptCount, topChannels } from './select';
import { sliceBytes, sliceQuant } from './slice';

const keepEven: KeptOf = (_space, channels) => Array.from({ length: channels }, (_, i) => i).filter((c) => c % 2 === 0);

describe('layouts', () => {
  it('keeps whole blocks per channel (NCHW Flatten) and strided positions (NHWC Flatten)', () => {
    const nchw = reshapeFlow({ axis: 1, layout: singleLayout(0, 4) }, [1, 4, 2, 2], [1, 16]);
    expect(nchw?.axis).toBe(1);
    expect(keptPositions(nchw!.layout, keepEven)).toEqual([0, 1, 2, 3, 8, 9, 10, 11]);
    const nhwc = reshapeFlow({ axis: 3, layout: singleLayout(0, 4) }, [1, 2, 2, 4], [1, 16]);
    expect(keptPositions(nhwc!.layout, keepEven)).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    expect(keptLength(nhwc!.layout, keepEven)).toBe(8);
  });

  it('refuses reshapes that interleave channels with other dims', () => {
    // [1, 4, 2, 2] → [1, 2, 8]: the channel axis is split over two output axes.
    expect(reshapeFlow({ axis: 1, layout: singleLayout(0, 4) }, [1, 4, 2, 2], [1, 2, 8])).toBeUndefined();
    // Keeping the channel axis while merging the spatial dims is fine.
    expect(reshapeFlow({ axis: 1, layout: singleLayout(0, 4) }, [1, 4, 2, 2], [1, 4, 4])?.axis).toBe(1);
    expect(reshapeFlow({ axis: 1, layout: singleLayout(0, 4) }, [1, 4, 2, 2], [4, 1, 4, 1])?.axis).toBe(0);
  });

  it('places concatenated and depthwise-widened channels', () => {
    const cat = concatLayouts([singleLayout(0, 2), fixedLayout(3), singleLayout(1, 4)])!;
    expect(keptPositions(cat, keepEven)).toEqual([0, 2, 3, 4, 5, 7]);
    expect(cat.segments[1]!.space).toBe(FIXED);
    expect(keptPositions(widenInner(singleLayout(0, 3), 2), keepEven)).toEqual([0, 1, 4, 5]);
  });
});

describe('channel choice', () => {
  it('measures filters by L1 or L2 norm along the output axis', () => {
    const values = Float64Array.from([3, -4, 0, 1, 1, 1]);
    expect(Array.from(channelNorms(values, [3, 2], 0, 'l1'))).toEqual([7, 1, 2]);
    expect(Array.from(channelNorms(values, [3, 2], 0, 'l2'))).toEqual([5, 1, Math.SQRT2]);
    expect(Array.from(channelNorms(values, [3, 2], 1, 'l1'))).toEqual([4, 6]);
  });

  it('keeps the strongest channels, rounded up to the multiple, at least one', () => {
    expect(topChannels(Float64Array.from([5, 1, 3, 1, 9]), 3)).toEqual([0, 2, 4]);
    expect(keptCount(16, 0.5, 1)).toBe(8);
    expect(keptCount(10, 0.5, 4)).toBe(8);
    expect(keptCount(3, 0.9, 1)).toBe(1);
    expect(keptCount(6, 0.5, 8)).toBe(6);
  });
});

describe('constant slicing', () => {
  it('cuts bytes along any axis and the per-axis scales with them', () => {
    const bytes = Uint8Array.from({ length: 12 }, (_, i) => i);
    expect(Array.from(sliceBytes(bytes, 1, [3, 4], 0, [0, 2]))).toEqual([0, 1, 2, 3, 8, 9, 10, 11]);
    expect(Array.from(sliceBytes(bytes, 1, [3, 4], 1, [1, 3]))).toEqual([1, 3, 5, 7, 9, 11]);
    expect(Array.from(sliceBytes(bytes, 2, [3, 2], 1, [1]))).toEqual([2, 3, 6, 7, 10, 11]);
    const q = { scale: [1, 2, 3], zeroPoint: [0, 0, 0], axis: 0 };
    expect(sliceQuant(q, 4, 0, 3, [0, 2])).toEqual({ scale: [1, 3], zeroPoint: [0, 0], axis: 0 });
    expect(sliceQuant(q, 4, 3, 5, [0])).toBe(q);
    // TOCO's 1-D biases carry the weight's quantized_dimension.
    expect(sliceQuant({ ...q, axis: 3 }, 1, 0, 3, [1])).toMatchObject({ scale: [2] });
  });
});
