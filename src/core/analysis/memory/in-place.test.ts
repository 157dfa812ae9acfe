import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../ir/builder';
import type { Graph } from '../../ir/types';
import { typeLookup } from '../type-lookup';
import { activationLifetimes } from './lifetimes';
import { shareBuffers, type BufferSharingOptions } from './in-place';

const T = { dtype: 'float32' as const, shape: [1, 4, 8, 8] };

// x ─Conv─ a ─Relu─ b ─Add(a)─ c ─Mul(x2)─ y ─Split─ s0, s1      (a is read twice; y is a graph output)
function residual(): Graph {
  const g = new GraphBuilder();
  const x = g.input('x', 'float32', [1, 4, 8, 8]);
  const w = g.constant('w', new Float32Array(16), [4, 4, 1, 1]);
  const k = g.constant('k', Float32Array.of(2), []);
  const a = g.op('Conv', [x, w], {}, { name: 'conv', outputs: ['a'], ...T });
  const b = g.op('Relu', [a], {}, { name: 'relu', outputs: ['b'], ...T });
  const c = g.op('Add', [b, a], {}, { name: 'add', outputs: ['c'], ...T });
  const y = g.op('Mul', [c, k], {}, { name: 'mul', outputs: ['y'], ...T });
  g.node('Split', [y], { axis: 1 }, { name: 'split', outputs: ['s0', 's1'], dtype: 'float32', shape: [1, 2, 8, 8] });
  return g.output(y).graph();
}

// x ─Conv─ a ─Clip─ b ─Conv(depthwise, stride 2)─ d ─Relu─ y
function depthwise(): Graph {
  const g = new GraphBuilder();
  const x = g.input('x', 'float32', [1, 4, 8, 8]);
  const w = g.constant('w', new Float32Array(16), [4, 4, 1, 1]);
  const dw = g.constant('dw', new Float32Array(36), [4, 1, 3, 3]);
  const a = g.op('Conv', [x, w], {}, { name: 'conv', outputs: ['a'], ...T });
  const b = g.op('Clip', [a], {}, { name: 'clip', outputs: ['b'], ...T });
  const small = { dtype: 'float32' as const, shape: [1, 4, 4, 4] };
  const attrs = { group: 4, kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] };
  const d = g.op('Conv', [b, dw], attrs, { name: 'dw', outputs: ['d'], ...small });
  const y = g.op('Relu', [d], {}, { name: 'relu', outputs: ['y'], ...small });
  return g.output(y).graph();
}

function groups(graph: Graph, options: BufferSharingOptions) {
  const sharing = shareBuffers(graph, activationLifetimes(graph, typeLookup(graph)), typeLookup(graph), options);
  return {
    buffers: sharing.buffers.map((b) => [b.members.join('+'), b.size, b.first, b.last]),
    nodes: sharing.inPlaceNodes,
  };
}

describe('shareBuffers', () => {
  it('gives every activation its own buffer by default', () => {
    expect(groups(residual(), {}).buffers.map((b) => b[0])).toEqual(['x', 'a', 'b', 'c', 'y', 's0', 's1']);
    expect(groups(residual(), {}).nodes).toEqual([]);
  });

  it('chains element-wise ops over inputs that die there, never over one read again or by two inputs', () => {
    const { buffers, nodes } = groups(residual(), { inPlace: true });
    // Relu cannot overwrite a (Add reads it later); Add overwrites b, Mul overwrites c; Split is no
    // element-wise op.
    expect(nodes).toEqual(['add', 'mul']);
    expect(buffers).toEqual([
      ['x', 1024, 0, 0],
      ['a', 1024, 0, 2],
      ['b+c+y', 1024, 1, 4],
      ['s0', 512, 4, 4],
      ['s1', 512, 4, 4],
    ]);
  });

  it('fuses an activation only into the op producing its only-read input', () => {
    expect(groups(residual(), { fuseActivations: true }).nodes).toEqual([]);
    const fused = groups(depthwise(), { fuseActivations: true });
    // A Relu after a depthwise Conv fuses too; the depthwise itself only writes in place with inPlace.
    expect(fused.nodes).toEqual(['clip', 'relu']);
    expect(fused.buffers.map((b) => b[0])).toEqual(['x', 'a+b', 'd+y']);
  });

  it('lets a depthwise conv write its smaller output over its input', () => {
    const { buffers, nodes } = groups(depthwise(), { inPlace: true });
    expect(nodes).toEqual(['clip', 'dw', 'relu']);
    expect(buffers).toEqual([
      ['x', 1024, 0, 0],
      ['a+b+d+y', 1024, 0, 3],
    ]);
  });
});
