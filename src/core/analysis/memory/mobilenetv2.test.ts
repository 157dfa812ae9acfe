// MobileNetV2-1.0 at 224×224 planned as int8 with ReLU6 fused into its convolutions (issue 8 acceptance):
// the peak is at block 2, where 112×112 maps are widest (t = 6: 96 channels).
//   separate buffers: block2_dw reads the expansion 112·112·96 = 1,204,224 B and writes 56·56·96 = 301,056 B
//                     → 1,505,280 B;
//   in place:         the depthwise writes over its input, so the peak moves to block2_expand, which reads
//                     block 1's 112·112·16 = 200,704 B and writes 1,204,224 B → 1,404,928 B.
import { describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../../../../scripts/make-mobilenetv2';
import { inferShapes } from '../../shape/infer';
import { analyzeModel } from '../analyze';

const model = buildMobileNetV2();
const inference = inferShapes(model);
const plan = (inPlace: boolean) =>
  analyzeModel(model, { inference, activationDType: 'int8', fuseActivations: true, inPlace });
const peakNode = (a: ReturnType<typeof plan>): string => model.graph.nodes[a.schedule[a.peakStep]!]!.name;

describe('MobileNetV2-1.0 224×224 memory plan', () => {
  it('has the structure of the paper: 3.5 M params, 1000 classes, every shape known', () => {
    const a = plan(false);
    // torchvision's 3,504,872 counts batch norm's scale and shift per channel; folded, only a bias remains
    // (17,056 conv channels), plus the two Clip bounds.
    expect(a.params).toBe(3_504_872 - 17_056 + 2);
    expect(a.outputs[0]?.shape).toEqual([1, 1000]);
    expect(a.unknownSizeTensors).toBe(0);
    expect(a.shapeProblems).toEqual([]);
  });

  it('peaks at 1,505,280 B with separate input and output buffers, at block 2 depthwise', () => {
    const a = plan(false);
    expect(a.peakActivationBytes).toBe(1_505_280);
    expect(peakNode(a)).toBe('block2_dw');
    expect(a.arenaBytes).toBeGreaterThanOrEqual(a.peakActivationBytes);
    // Only the ReLU6s are fused: 35 Clips after 35 convolutions.
    expect(a.inPlaceNodes.every((id) => id.endsWith('_relu6'))).toBe(true);
  });

  it('peaks at 1,404,928 B in place (the MCUNetV2 "1.4 MB"), at block 2 expansion', () => {
    const a = plan(true);
    expect(a.peakActivationBytes).toBe(1_404_928);
    expect(peakNode(a)).toBe('block2_expand');
    expect(a.inPlaceNodes).toContain('block2_dw');
    expect(a.arenaBytes).toBeGreaterThanOrEqual(a.peakActivationBytes);
  });

  it('in place, the layers after block 4 peak at 175,616 B (the paper\'s "172 kB" after the patch stage)', () => {
    // Each residual Add runs fused into its projection conv, accumulating into the skip's buffer, so the
    // peak after the 28×28×32 stage is block5_expand: 28·28·32 + 28·28·192 = 25,088 + 150,528 B.
    const a = plan(true);
    const names = a.schedule.map((i) => model.graph.nodes[i]!.name);
    const rest = a.timeline.slice(names.indexOf('block5_expand'));
    expect(Math.max(...rest)).toBe(175_616);
    expect(names[names.indexOf('block5_expand') + rest.indexOf(175_616)]).toBe('block5_expand');
    // Without that rule block5_project would hold 150,528 + 2 × 25,088 B. Skip, projection and sum share
    // one arena offset in each of the 10 residual blocks.
    const offset = new Map(a.activations.map((t) => [t.id, t.offset]));
    const adds = model.graph.nodes.filter((n) => n.op === 'Add');
    expect(adds).toHaveLength(10);
    for (const add of adds) {
      const [skip, projection] = add.inputs as [string, string];
      expect([offset.get(skip), offset.get(projection)]).toEqual([
        offset.get(add.outputs[0]!),
        offset.get(add.outputs[0]!),
      ]);
    }
  });

  it('without fusion each ReLU6 holds its input and output at once (default behaviour unchanged)', () => {
    const a = analyzeModel(model, { inference, activationDType: 'int8' });
    expect(a.inPlaceNodes).toEqual([]);
    expect(a.peakActivationBytes).toBe(2 * 1_204_224);
  });
});
