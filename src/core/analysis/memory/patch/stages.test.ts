import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../ir/builder';
import type { Model } from '../../../ir/types';
import { estimatePatchInference } from './estimate';

const F = { dtype: 'float32' as const, shape: [1, 4, 8, 8] };
const conv1x1 = (g: GraphBuilder, name: string, x: string, w: string) =>
  g.op('Conv', [x, w], {}, { name, outputs: [name], ...F });

// x ─c0─ ─Relu─ r ─c1─ a ─c2─ b ─Add(r, b)─ s ─c3─ t ─Flatten─ f
function residual(options: { weightMaker?: boolean } = {}): Model {
  const g = new GraphBuilder();
  const x = g.input('x', 'float32', [1, 4, 8, 8]);
  let w = g.constant('w', new Float32Array(16), [4, 4, 1, 1]);
  if (options.weightMaker) {
    // A weight built at run time from constants (ONNX zoo models reshape initializers like this).
    const shape = g.constant('shape', BigInt64Array.from([4, 4, 1, 1], BigInt), [4]);
    w = g.op('Reshape', [w, shape], {}, { name: 'make_w', outputs: ['w2'], dtype: 'float32', shape: [4, 4, 1, 1] });
  }
  const c0 = conv1x1(g, 'c0', x, w);
  const r = g.op('Relu', [c0], {}, { name: 'relu', outputs: ['r'], ...F });
  const b = conv1x1(g, 'c2', conv1x1(g, 'c1', r, w), w);
  const s = g.op('Add', [r, b], {}, { name: 'add', outputs: ['s'], ...F });
  const t = conv1x1(g, 'c3', s, w);
  const f = g.op('Flatten', [t], {}, { name: 'flatten', outputs: ['f'], dtype: 'float32', shape: [1, 256] });
  return g.output(f).model();
}

const ends = (model: Model, fuse: boolean): string[] => {
  const r = estimatePatchInference(model, { maxGrid: 2, fuseActivations: fuse });
  return r.ok ? r.estimate.candidates.map((c) => c.stageEndName).sort() : [r.reason];
};

describe('patch stages (cuts)', () => {
  it('cuts only where one activation flows on: never inside a residual block', () => {
    // After c1 and c2 the skip r is still pending; after the Add only s is.
    expect(ends(residual(), false)).toEqual(['add', 'c0', 'c3', 'relu']);
  });

  it('does not cut between a convolution and the activation fused into it', () => {
    expect(ends(residual(), true)).toEqual(['add', 'c3', 'relu']);
  });

  it('lets weights made from constants sit in the prefix without blocking cuts', () => {
    expect(ends(residual({ weightMaker: true }), false)).toEqual(['add', 'c0', 'c3', 'relu']);
    const r = estimatePatchInference(residual({ weightMaker: true }), { stageEndNodeId: 'add', grid: 2 });
    // The made weight (64 B) is read by the stage (kept during it) and by c3 (made again for the rest).
    const plain = estimatePatchInference(residual(), { stageEndNodeId: 'add', grid: 2 });
    expect(r.ok && plain.ok).toBe(true);
    if (!r.ok || !plain.ok) return;
    expect(r.estimate.best.patchBytes - plain.estimate.best.patchBytes).toBe(64);
    expect(r.estimate.best.remainingPeak - plain.estimate.best.remainingPeak).toBe(64);
    expect(r.estimate.best.stageNodeIds).not.toContain('make_w');
  });
});

describe('models without a patch stage', () => {
  it('says which layer stops it: a classifier without feature maps', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [1, 16]);
    const w = g.constant('w', new Float32Array(64), [16, 4]);
    g.op('MatMul', [x, w], {}, { name: 'dense', outputs: ['y'], dtype: 'float32', shape: [1, 4] });
    const r = estimatePatchInference(g.output('y').model());
    expect(r).toEqual({
      ok: false,
      reason:
        'No layers can run patch by patch: layer "dense" (MatMul) is not one a patch stage can hold (a convolution, pooling, padding, channel concat or element-wise op on 4-D feature maps, with constant weights).',
    });
  });

  it('says when the spatial layers never narrow to one feature map', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [1, 4, 8, 8]);
    const w = g.constant('w', new Float32Array(16), [4, 4, 1, 1]);
    const a = conv1x1(g, 'conv', x, w);
    g.op('Concat', [x, a], { axis: 2 }, { name: 'cat', outputs: ['y'], dtype: 'float32', shape: [1, 4, 16, 8] });
    const r = estimatePatchInference(g.output('y').model());
    expect(r.ok ? '' : r.reason).toMatch(
      /^No layers can run patch by patch: no point of the first layer leaves a single feature map to carry on \(a branch or residual stays pending\), and then layer "cat" \(Concat\) is not one/,
    );
  });

  it('says when a shape is unknown', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [1, 4, null, 8]);
    const w = g.constant('w', new Float32Array(16), [4, 4, 1, 1]);
    g.op('Conv', [x, w], {}, { name: 'conv', outputs: ['y'], dtype: 'float32' });
    const r = estimatePatchInference(g.output('y').model());
    expect(r.ok ? '' : r.reason).toMatch(/the shape of "x" at layer "conv" \(Conv\) is unknown/);
  });

  it('reports TF.js models as not supported', () => {
    const g = new GraphBuilder();
    g.input('x', 'float32', [1, 8, 8, 1]);
    const r = estimatePatchInference(g.output('x').model({ format: 'tfjs' }));
    expect(r.ok ? '' : r.reason).toMatch(/TF\.js models are not supported yet\.$/);
  });

  it('reports a grid larger than every stage output', () => {
    const r = estimatePatchInference(residual(), { grid: 9 });
    expect(r.ok ? '' : r.reason).toBe(
      'No layers can run patch by patch: every stage output is smaller than a 9×9 grid.',
    );
  });
});
