import { describe, expect, it } from 'vitest';
import { TransformError } from '../../../errors';
import { attr, GraphBuilder } from '../../../ir/builder';
import { toFloat64 } from '../../../ir/tensor';
import type { Model } from '../../../ir/types';
import { validateGraph } from '../../../ir/validate';
import { deepFreeze } from '../../../../test-support/deep-freeze';
import { upgradeOpset } from './opset';

function oneOp(op: string, attributes: Parameters<GraphBuilder['op']>[2], opset: number, shape = [1, 4]): Model {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', shape);
  const y = b.op(op, [x], attributes, { name: 'n', outputs: ['y'] });
  return b.output(y).model({ opset });
}

function constant(model: Model, id: string): number[] {
  const t = model.graph.tensors.find((x) => x.id === id)!;
  return Array.from(toFloat64(t.dtype, t.data!.bytes!)!);
}

function refusal(fn: () => unknown): TransformError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TransformError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('upgradeOpset', () => {
  it('leaves a model at or above the target alone', () => {
    const m = oneOp('Relu', {}, 14);
    expect(upgradeOpset(m, 13).model).toBe(m);
  });

  it('raises the opset and the IR version, keeping unchanged ops as they are', () => {
    const m = deepFreeze(oneOp('Relu', {}, 9));
    const up = upgradeOpset(m, 13);
    expect(up.model.opsets).toEqual([{ domain: '', version: 13 }]);
    expect(up.model.irVersion).toBe(8);
    expect(up.model.graph.nodes).toEqual(m.graph.nodes);
    expect(upgradeOpset(m, 21).model.irVersion).toBe(10);
  });

  it('moves Clip-6 min/max into inputs (opset 11)', () => {
    const up = upgradeOpset(oneOp('Clip', { min: attr.float(0), max: attr.float(6) }, 9), 13);
    const clip = up.model.graph.nodes[0]!;
    expect(clip.attributes).toEqual({});
    expect(clip.inputs).toHaveLength(3);
    expect(constant(up.model, clip.inputs[1]!)).toEqual([0]);
    expect(constant(up.model, clip.inputs[2]!)).toEqual([6]);
    expect(up.model.graph.tensors.find((t) => t.id === clip.inputs[1])!.shape).toEqual([]);
    expect(validateGraph(up.model.graph)).toEqual([]);
    expect(up.rewritten.join()).toMatch(/min, max moved to inputs/);
  });

  it('moves Squeeze axes into an int64 input at 13 and ReduceMean axes at 18', () => {
    const sq = upgradeOpset(oneOp('Squeeze', { axes: [0] }, 11), 13).model;
    expect(constant(sq, sq.graph.nodes[0]!.inputs[1]!)).toEqual([0]);
    const rm = oneOp('ReduceMean', { axes: [1], keepdims: 1 }, 13);
    expect(upgradeOpset(rm, 17).model.graph.nodes[0]!.attributes['axes']).toBeDefined();
    const at21 = upgradeOpset(rm, 21).model.graph.nodes[0]!;
    expect(at21.attributes['axes']).toBeUndefined();
    expect(at21.attributes['keepdims']).toEqual(attr.int(1));
  });

  it('accepts Softmax over the last axis, refuses one that flattened trailing axes', () => {
    const ok = upgradeOpset(oneOp('Softmax', {}, 9), 13).model.graph.nodes[0]!;
    expect(ok.attributes['axis']).toEqual(attr.int(1));
    const trailingOnes = upgradeOpset(oneOp('Softmax', { axis: 1 }, 9, [1, 5, 1, 1]), 13).model.graph.nodes[0]!;
    expect(trailingOnes.attributes['axis']).toEqual(attr.int(1));
    const e = refusal(() => upgradeOpset(oneOp('Softmax', { axis: 1 }, 9, [1, 3, 4]), 13));
    expect(e.code).toBe('not-applicable');
    expect(e.message).toMatch(/Softmax node "n" cannot be upgraded: axis 1 of a rank-3 input/);
  });

  it('refuses removed or unknown operators and very old opsets, naming them', () => {
    expect(refusal(() => upgradeOpset(oneOp('Upsample', {}, 9), 13)).message).toMatch(/Upsample was removed/);
    expect(refusal(() => upgradeOpset(oneOp('MyOp', {}, 9), 13)).message).toMatch(/does not know how MyOp changed/);
    expect(refusal(() => upgradeOpset(oneOp('Relu', {}, 6), 13)).message).toMatch(/below opset 7 cannot be upgraded/);
    const bn = oneOp('BatchNormalization', { spatial: 0 }, 7);
    expect(refusal(() => upgradeOpset(bn, 13)).message).toMatch(/spatial=0/);
  });

  it('drops Dropout-7 ratio and leaves other domains alone', () => {
    const d = upgradeOpset(oneOp('Dropout', { ratio: attr.float(0.3) }, 9), 13).model.graph.nodes[0]!;
    expect(d.attributes['ratio']).toBeUndefined();
    const b = new GraphBuilder();
    const y = b.op('FusedThing', [b.input('x', 'float32', [1])], {}, { domain: 'com.microsoft' });
    const m = b.output(y).model({
      opsets: [
        { domain: '', version: 9 },
        { domain: 'com.microsoft', version: 1 },
      ],
    });
    expect(upgradeOpset(m, 13).model.opsets).toEqual([
      { domain: '', version: 13 },
      { domain: 'com.microsoft', version: 1 },
    ]);
  });

  it('upgrades the bodies of control-flow nodes too', () => {
    const body = new GraphBuilder('then');
    const out = body.op('Clip', ['x'], { min: attr.float(0), max: attr.float(1) }, { outputs: ['c'] });
    const thenGraph = body.output(out).graph();
    const b = new GraphBuilder();
    b.input('x', 'float32', [2]);
    const cond = b.input('cond', 'bool', []);
    const y = b.op('If', [cond], { then_branch: thenGraph, else_branch: thenGraph }, { outputs: ['y'] });
    const up = upgradeOpset(b.output(y).model({ opset: 9 }), 13).model;
    const branch = up.graph.nodes[0]!.attributes['then_branch'];
    if (branch?.type !== 'graph') throw new Error('no branch');
    expect(branch.value.nodes[0]!.inputs).toHaveLength(3);
    expect(validateGraph(up.graph)).toEqual([]);
  });
});
