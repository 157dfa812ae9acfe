import { describe, expect, it } from 'vitest';
import { attr, GraphBuilder } from '../ir/builder';
import type { Tensor } from '../ir/types';
import { constantNodeValue, countParams } from './params';

function valueTensor(values: Float32Array, shape: number[]): Tensor {
  const bytes = new Uint8Array(values.buffer);
  return { id: 'v', name: 'v', dtype: 'float32', shape, data: { bytes } };
}

describe('countParams', () => {
  it('counts initializers at their first reader and Constant nodes on their own row', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 4]);
    const w = b.constant('w', new Float32Array(12), [4, 3]);
    const bias = b.constant('bias', new Float32Array(3), [3]);
    b.constant('unused', new Int8Array(5), [5]);
    const shift = b.op('Constant', [], { value: attr.tensor(valueTensor(new Float32Array(3), [3])) }, { name: 'c' });
    const mm = b.op('MatMul', [x, w], {}, { name: 'mm' });
    const add1 = b.op('Add', [mm, bias], {}, { name: 'add1' });
    const add2 = b.op('Add', [add1, bias], {}, { name: 'add2' });
    const out = b.op('Sub', [add2, shift], {}, { name: 'sub' });
    const report = countParams(b.output(out).model());
    expect(report.params).toBe(12 + 3 + 5 + 3);
    expect(report.weightBytes).toBe(48 + 12 + 5 + 12);
    expect(report.perNode.map((r) => r.params)).toEqual([3, 12, 3, 0, 0]);
    expect(report.perNode.map((r) => r.weightBytes)).toEqual([12, 48, 12, 0, 0]);
    expect(report.unattributed).toEqual({ params: 5, weightBytes: 5 });
  });

  it('counts constants inside nested If bodies on the If row, and outer constants the bodies read', () => {
    const thenB = new GraphBuilder('then');
    const k = thenB.constant('k', new Float32Array(6), [2, 3]);
    const c = thenB.op('Constant', [], { value_floats: attr.floats([1, 2, 3, 4]) }, { name: 'tc' });
    const t1 = thenB.op('Add', [k, 'outer_w'], {}, { name: 't_add' });
    thenB.output(thenB.op('Mul', [t1, c], {}, { name: 't_mul' }));
    const elseB = new GraphBuilder('else');
    elseB.output(elseB.op('Identity', ['outer_w'], {}, { name: 'e_id' }));

    const b = new GraphBuilder();
    const cond = b.input('cond', 'bool', []);
    b.constant('outer_w', new Float32Array(6), [2, 3]);
    const y = b.op('If', [cond], { then_branch: thenB.graph(), else_branch: elseB.graph() }, { name: 'if' });
    const z = b.op('Relu', ['outer_w'], {}, { name: 'relu' });
    const report = countParams(b.output(y, z).model());
    expect(report.params).toBe(6 + 4 + 6);
    expect(report.weightBytes).toBe(24 + 16 + 24);
    expect(report.perNode.map((r) => r.params)).toEqual([16, 0]);
    expect(report.unattributed.params).toBe(0);
  });

  it('sizes every kind of Constant value attribute', () => {
    const b = new GraphBuilder();
    const node = (attributes: Parameters<GraphBuilder['op']>[2]) => {
      const id = b.op('Constant', [], attributes);
      return b.graph().nodes.find((n) => n.outputs[0] === id)!;
    };
    expect(constantNodeValue(node({ value_int: attr.int(3) }))).toEqual({ params: 1, weightBytes: 8 });
    expect(constantNodeValue(node({ value_ints: attr.ints([1, 2]) }))).toEqual({ params: 2, weightBytes: 16 });
    expect(constantNodeValue(node({ value_float: attr.float(1) }))).toEqual({ params: 1, weightBytes: 4 });
    expect(constantNodeValue(node({ value_strings: attr.strings(['ab', 'é']) }))).toEqual({
      params: 2,
      weightBytes: 4,
    });
    expect(constantNodeValue(b.graph().nodes[0]!)).toEqual({ params: 1, weightBytes: 8 });
  });

  it('counts the constants of further top-level subgraphs (TFLite) in the totals only', () => {
    const main = new GraphBuilder();
    main.output(main.op('Relu', [main.input('x', 'float32', [2])]));
    const sub = new GraphBuilder('sub');
    sub.constant('s', new Int8Array(7), [7]);
    const model = { ...main.model({ format: 'tflite' }), subgraphs: [sub.graph()] };
    const report = countParams(model);
    expect(report.params).toBe(7);
    expect(report.unattributed.params).toBe(7);
  });
});
