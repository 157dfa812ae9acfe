import { describe, expect, it } from 'vitest';
import { attr, GraphBuilder } from '../../ir/builder';
import type { Graph } from '../../ir/types';
import { typeLookup } from '../type-lookup';
import { activationLifetimes } from './lifetimes';
import { liveTimeline } from './timeline';

// x ─Conv─ a ─Relu─ b ─Add(a)─ c ─Mul(k)─ y      (k: a Constant node's output; a is read again by Add)
function residual(): Graph {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [1, 4, 8, 8]);
  const w = b.constant('w', new Float32Array(4 * 4), [4, 4, 1, 1]);
  const a = b.op('Conv', [x, w], {}, { name: 'conv', outputs: ['a'], dtype: 'float32', shape: [1, 4, 8, 8] });
  const r = b.op('Relu', [a], {}, { name: 'relu', outputs: ['b'], dtype: 'float32', shape: [1, 4, 8, 8] });
  const k = b.op(
    'Constant',
    [],
    { value_float: attr.float(2) },
    { name: 'k', outputs: ['k'], dtype: 'float32', shape: [] },
  );
  const c = b.op('Add', [r, a], {}, { name: 'add', outputs: ['c'], dtype: 'float32', shape: [1, 4, 8, 8] });
  const y = b.op('Mul', [c, k], {}, { name: 'mul', outputs: ['y'], dtype: 'float32', shape: [1, 4, 8, 8] });
  b.node('Split', [y], { axis: 1 }, { name: 'split', outputs: ['s0', 's1'], dtype: 'float32', shape: [1, 2, 8, 8] });
  return b.output(y).graph();
}

describe('activationLifetimes', () => {
  it('spans producing step to last reader; inputs start at 0, outputs run to the end', () => {
    const g = residual();
    const life = activationLifetimes(g, typeLookup(g));
    const spans = Object.fromEntries(life.tensors.map((t) => [t.id, [t.first, t.last, t.bytes]]));
    expect(life.steps).toBe(6);
    expect(spans).toEqual({
      x: [0, 0, 1024],
      a: [0, 3, 1024],
      b: [1, 3, 1024],
      c: [3, 4, 1024],
      y: [4, 5, 1024],
      s0: [5, 5, 512],
      s1: [5, 5, 512],
    });
    expect(life.tensors.find((t) => t.id === 'a')?.producer).toBe(0);
    expect(life.tensors.some((t) => t.id === 'w' || t.id === 'k')).toBe(false);
    expect(life.unknownSizeTensors).toBe(0);
  });

  it('gives the live bytes per step and the peak', () => {
    const g = residual();
    const t = liveTimeline(activationLifetimes(g, typeLookup(g)).tensors, 6);
    expect(t.liveBytes).toEqual([2048, 2048, 2048, 3072, 2048, 2048]);
    expect(t).toMatchObject({ peakBytes: 3072, peakStep: 3 });
  });

  it('counts float activations as one byte per element with activationDType int8', () => {
    const g = residual();
    const life = activationLifetimes(g, typeLookup(g), { activationDType: 'int8' });
    expect(life.tensors.find((t) => t.id === 'a')?.bytes).toBe(256);
  });

  it('keeps integer activations at their stored width in int8 mode', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'int32', [10]);
    const y = b.op('Neg', [x], {}, { dtype: 'int32', shape: [10] });
    const g = b.output(y).graph();
    expect(activationLifetimes(g, typeLookup(g), { activationDType: 'int8' }).tensors.map((t) => t.bytes)).toEqual([
      40, 40,
    ]);
  });

  it('reports tensors of unknown size instead of counting them as zero', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', ['N', 3]);
    const y = b.op('Relu', [x]);
    const z = b.op('Relu', [y], {}, { dtype: 'float32', shape: [null, 3] });
    const g = b.output(z).graph();
    const life = activationLifetimes(g, typeLookup(g));
    expect(life.tensors.map((t) => t.bytes)).toEqual([12, undefined, undefined]);
    expect(life.unknownSizeTensors).toBe(2);
  });

  it('follows a given schedule', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [4]);
    const p = b.op('Relu', [x], {}, { name: 'p', dtype: 'float32', shape: [4] });
    const q = b.op('Neg', [x], {}, { name: 'q', dtype: 'float32', shape: [4] });
    const g = b.output(b.op('Add', [p, q], {}, { name: 'add', dtype: 'float32', shape: [4] })).graph();
    const life = activationLifetimes(g, typeLookup(g), { schedule: [1, 0, 2] });
    const spans = Object.fromEntries(life.tensors.map((t) => [t.id, [t.first, t.last]]));
    expect(spans).toMatchObject({ x: [0, 1], p_out: [1, 2], q_out: [0, 2] });
    expect(() => activationLifetimes(g, typeLookup(g), { schedule: [0, 0, 2] })).toThrow(/schedule/);
  });

  it('extends a tensor read inside an If body to the If step', () => {
    const body = new GraphBuilder('body');
    body.output(body.op('Identity', ['early']));
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2]);
    const early = b.op('Relu', [x], {}, { outputs: ['early'], dtype: 'float32', shape: [2] });
    const mid = b.op('Neg', [x], {}, { dtype: 'float32', shape: [2] });
    const cond = b.op('Greater', [mid, mid], {}, { dtype: 'bool', shape: [2] });
    const out = b.op(
      'If',
      [cond],
      { then_branch: body.graph(), else_branch: body.graph() },
      { dtype: 'float32', shape: [2] },
    );
    const g = b.output(out).graph();
    expect(activationLifetimes(g, typeLookup(g)).tensors.find((t) => t.id === early)?.last).toBe(3);
  });
});
