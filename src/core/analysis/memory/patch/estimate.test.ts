import { describe, expect, it } from 'vitest';
import { TransformError } from '../../../errors';
import { GraphBuilder } from '../../../ir/builder';
import type { Model } from '../../../ir/types';
import { estimatePatchInference, type PatchCandidate } from './estimate';

// x [1,1,8,8] ─Conv 3×3 pad 1─ a [1,4,8,8] ─Conv 3×3 pad 1─ b [1,4,8,8] ─GlobalAveragePool─ y [1,4,1,1]
// float32: x 256 B, a and b 1,024 B, y 16 B. Layer by layer the peak is a + b = 2,048 B at conv2.
function twoConvs(): Model {
  const g = new GraphBuilder('two-convs');
  const x = g.input('x', 'float32', [1, 1, 8, 8]);
  const w1 = g.constant('w1', new Float32Array(36), [4, 1, 3, 3]);
  const w2 = g.constant('w2', new Float32Array(144), [4, 4, 3, 3]);
  const conv = { kernel_shape: [3, 3], pads: [1, 1, 1, 1] };
  const a = g.op('Conv', [x, w1], conv, { name: 'conv1', outputs: ['a'], dtype: 'float32', shape: [1, 4, 8, 8] });
  const b = g.op('Conv', [a, w2], conv, { name: 'conv2', outputs: ['b'], dtype: 'float32', shape: [1, 4, 8, 8] });
  const y = g.op('GlobalAveragePool', [b], {}, { name: 'pool', outputs: ['y'], dtype: 'float32', shape: [1, 4, 1, 1] });
  return g.output(y).model();
}

const find = (cs: readonly PatchCandidate[], end: string, grid: number) =>
  cs.find((c) => c.stageEndName === end && c.grid === grid)!;

describe('estimatePatchInference on two convolutions', () => {
  const r = estimatePatchInference(twoConvs());
  if (!r.ok) throw new Error(r.reason);
  const { estimate } = r;

  it('plans the model layer by layer as the baseline', () => {
    expect(estimate.baselinePeak).toBe(2048);
    // conv1: 256 outputs × 9, conv2: 256 outputs × 36.
    expect(estimate.baselineMacs).toBe(2304 + 9216);
  });

  it('traces receptive fields: 2×2 patches of b need 5×5 of a and 6×6 of x', () => {
    const c = find(estimate.candidates, 'conv2', 2);
    expect(c.stageNodeIds).toEqual(['conv1', 'conv2']);
    expect(c.stageOutput).toBe('b');
    // One patch holds a's 4 × 5 × 5 floats (400 B) while b (1,024 B) and x (256 B) stay whole.
    expect([c.patchBytes, c.patchStagePeak]).toEqual([400, 1024 + 256 + 400]);
    // Reading x patch by patch instead: x's 6 × 6 region (144 B) and a's region at conv1.
    expect(c.streamedInputPeak).toBe(1024 + 144 + 400);
    expect(c.remainingPeak).toBe(1024 + 16);
    expect(c.peak).toBe(1680);
    // conv1 computes 10 × 10 of its 8 × 8 outputs over the four patches: 2304 × 100 / 64.
    expect(c.extraMacs).toBe(3600 - 2304);
    expect(c.macs).toBe(estimate.baselineMacs + 1296);
    expect(c.macOverhead).toBeCloseTo(1296 / 11520, 10);
  });

  it('a stage of conv1 alone holds only the input and a', () => {
    const c = find(estimate.candidates, 'conv1', 2);
    expect([c.patchBytes, c.patchStagePeak, c.remainingPeak, c.extraMacs]).toEqual([0, 1024 + 256, 2048, 0]);
  });

  it('picks the lowest peak, and among peaks within 2 % the fewest extra MACs', () => {
    // 7×7 and 8×8 grids both leave 3 × 3 of a per patch (1,424 B); 7×7 recomputes less of conv1.
    expect([estimate.best.stageEndName, estimate.best.grid, estimate.best.peak]).toEqual(['conv2', 7, 1424]);
    expect(find(estimate.candidates, 'conv2', 8).peak).toBe(1424);
    expect(estimate.best.extraMacs).toBeLessThan(find(estimate.candidates, 'conv2', 8).extraMacs);
    expect(estimate.candidates[0]).toBe(estimate.best);
    expect(estimate.candidates).toHaveLength(2 * 7);
    const peaks = estimate.candidates.slice(1).map((c) => c.peak);
    expect(peaks).toEqual([...peaks].sort((p, q) => p - q));
  });

  it('honours a fixed stage, grid and input mode', () => {
    const fixed = estimatePatchInference(twoConvs(), { stageEndNodeId: 'conv2', grid: 2, inputInArena: false });
    expect(fixed.ok && fixed.estimate.candidates.map((c) => [c.grid, c.patchStagePeak])).toEqual([[2, 1568]]);
    const bad = estimatePatchInference(twoConvs(), { stageEndNodeId: 'pool' });
    expect(bad.ok ? '' : bad.reason).toMatch(/^No layers can run patch by patch: node "pool" does not end a stage/);
    expect(() => estimatePatchInference(twoConvs(), { grid: 1 })).toThrow(TransformError);
    expect(() => estimatePatchInference(twoConvs(), { maxGrid: 2.5 })).toThrow(/whole number/);
  });
});
