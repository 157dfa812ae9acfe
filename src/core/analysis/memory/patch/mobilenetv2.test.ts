// MCUNetV2's setting (Lin et al., NeurIPS 2021) on MobileNetV2-1.0 224×224, int8, in place: the stem conv
// and blocks 1–4 run patch by patch on a 4×4 grid over their 28×28×32 output. The layers after the stage
// then peak at block5_expand, 28·28·32 + 28·28·192 = 175,616 B — the paper's "172 kB" (176,128 B).
import { describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../../../../../scripts/make-mobilenetv2';
import { inferShapes } from '../../../shape/infer';
import { estimatePatchInference, type PatchEstimate, type PatchOptions } from './estimate';

const model = buildMobileNetV2();
const options: PatchOptions = {
  inference: inferShapes(model),
  activationDType: 'int8',
  inPlace: true,
  fuseActivations: true,
};
function estimate(extra: PatchOptions = {}): PatchEstimate {
  const r = estimatePatchInference(model, { ...options, ...extra });
  if (!r.ok) throw new Error(r.reason);
  return r.estimate;
}

describe('patch-based MobileNetV2 (MCUNetV2 setting)', () => {
  const paper = estimate({ stageEndNodeId: 'block4_project', grid: 4 });
  const c = paper.best;

  it("leaves the paper's ~172 kB for the layers after the stage", () => {
    expect(paper.baselinePeak).toBe(1_404_928);
    expect(c.stageNodeIds).toHaveLength(21);
    expect(c.stageNodeIds[0]).toBe('conv0');
    expect(c.stageOutputBytes).toBe(28 * 28 * 32);
    expect(c.remainingPeak).toBe(175_616);
    expect(Math.abs(c.remainingPeak - 176_128) / 176_128).toBeLessThan(0.1);
  });

  it('runs the stage far below the 1.4 MB layer-by-layer peak', () => {
    // An interior patch: block 2's expansion of a 35×35 region (35·35·16 in, 35·35·96 out) = 137,200 B.
    expect(c.patchBytes).toBe(137_200);
    // + the whole 28×28×32 output + the whole 224×224×3 input kept in the arena.
    expect(c.patchStagePeak).toBe(25_088 + 150_528 + 137_200);
    // Read patch by patch instead (the paper's accounting), the stage stays under the remaining peak.
    expect(c.streamedInputPeak).toBe(25_088 + 137_200);
    expect(c.peak).toBe(c.patchStagePeak);
    expect(paper.baselinePeak / c.peak).toBeGreaterThan(4);
  });

  it('costs 9.3 % more MACs for the overlapping halos', () => {
    expect(paper.baselineMacs).toBe(300_774_272);
    expect(c.extraMacs).toBe(27_919_344);
    expect(c.macOverhead).toBeCloseTo(0.0928, 4);
    expect(c.macs).toBe(paper.baselineMacs + c.extraMacs);
  });

  it('chooses block 4 at 7×7 by default: the lowest peak, fewer extra MACs than 8×8 at the same peak', () => {
    const search = estimate();
    const best = search.best;
    expect([best.stageEndName, best.grid, best.peak, best.remainingPeak]).toEqual([
      'block4_project',
      7,
      234_864,
      175_616,
    ]);
    expect(best.macOverhead).toBeCloseTo(0.2007, 4);
    const lowest = Math.min(...search.candidates.map((x) => x.peak));
    expect(best.peak).toBeLessThanOrEqual(lowest * 1.02);
    // Every cut before the global pool × the grids 2…8 its output is large enough for.
    expect(search.candidates.length).toBeGreaterThan(150);
  });
});
