import { describe, expect, it } from 'vitest';
import { attr, GraphBuilder, typeLookup } from '../core';
import { buildGraphView, constantTensor } from './graph-view';

describe('buildGraphView', () => {
  it('gives pseudo nodes ids no operator uses', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 4]);
    const y = b.op('Relu', [x], {}, { name: 'input:x' });
    b.output(y);
    const graph = b.graph();
    const view = buildGraphView('m1', graph, typeLookup(graph));
    const ids = view.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(view.nodes[0]).toMatchObject({ kind: 'input', name: 'x' });
    expect(view.nodes[0]!.id).not.toBe('input:x');
    expect(view.edges[0]).toMatchObject({ source: view.nodes[0]!.id, target: 'input:x', label: '1×4' });
  });

  it('draws Constant nodes and marks their outputs as weights', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2]);
    const value = new GraphBuilder();
    value.constant('kv', new Float32Array([0, 3]), [2]);
    const c = b.op('Constant', [], { value: attr.tensor(value.graph().tensors[0]!) }, { name: 'const' });
    const y = b.op('Add', [x, c], {}, { name: 'add' });
    b.output(y);
    const graph = b.graph();
    const view = buildGraphView('m1', graph, typeLookup(graph));
    expect(view.nodes.find((n) => n.id === 'const')?.family).toBe('constant');
    const add = view.nodes.find((n) => n.id === 'add')!;
    expect(add.inputs.map((p) => p.isConstant)).toEqual([false, true]);
    expect(view.edges.some((e) => e.source === 'const' && e.target === 'add')).toBe(true);
    expect(constantTensor(graph, c)?.data?.bytes?.byteLength).toBe(8);
  });

  it('skips omitted optional inputs but keeps input positions', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 3]);
    const y = b.op('Clip', [x, '', b.constant('max', new Float32Array([6]), [])], {}, { name: 'clip' });
    b.output(y);
    const graph = b.graph();
    const clip = buildGraphView('m1', graph, typeLookup(graph)).nodes.find((n) => n.id === 'clip')!;
    expect(clip.inputs.map((p) => [p.index, p.name])).toEqual([
      [0, 'x'],
      [2, 'max'],
    ]);
  });

  it('does not draw nodes that only hold weights (TF.js Const), listing their values under the reader', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 2]);
    const w = b.op('Const', [], {}, { name: 'w', outputs: ['w'] });
    const y = b.op('MatMul', [x, w], {}, { name: 'mm' });
    b.output(y);
    const built = b.graph();
    // The TF.js reader gives a Const node's output tensor its weight data.
    const weights = new Float32Array([1, 2, 3, 4]);
    const tensors = built.tensors.map((t) =>
      t.id === 'w'
        ? { ...t, dtype: 'float32' as const, shape: [2, 2], data: { bytes: new Uint8Array(weights.buffer) } }
        : t,
    );
    const graph = { ...built, tensors };
    const view = buildGraphView('m1', graph, typeLookup(graph));
    expect(view.nodes.map((n) => n.id)).not.toContain('w');
    expect(view.nodes.find((n) => n.id === 'mm')!.inputs.map((p) => p.isConstant)).toEqual([false, true]);
    expect(view.edges.every((e) => e.source !== 'w')).toBe(true);
  });

  it('names unnamed operators (TFLite) after the tensor they write', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 4]);
    const y = b.op('RELU', [x], {}, { name: '', outputs: ['model/dense/Relu'] });
    b.output(y);
    const graph = b.graph();
    const relu = buildGraphView('m1', graph, typeLookup(graph)).nodes.find((n) => n.op === 'RELU')!;
    expect(relu.name).toBe('model/dense/Relu');
  });
});
