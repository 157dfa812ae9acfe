import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './builder';
import type { Graph } from './types';
import { validateGraph } from './validate';

function chain(): Graph {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [1, 4]);
  const w = b.constant('w', new Float32Array(16), [4, 4]);
  const y = b.op('MatMul', [x, w], {}, { name: 'mm' });
  const z = b.op('Relu', [y], {}, { name: 'relu' });
  return b.output(z).graph();
}

describe('validateGraph', () => {
  it('accepts a well-formed chain', () => {
    expect(validateGraph(chain())).toEqual([]);
  });

  it('reports a dangling input by node and tensor', () => {
    const g = chain();
    const broken: Graph = { ...g, nodes: g.nodes.map((n) => (n.id === 'relu' ? { ...n, inputs: ['nowhere'] } : n)) };
    expect(validateGraph(broken)).toMatchObject([{ code: 'dangling-input', nodeId: 'relu', tensorId: 'nowhere' }]);
  });

  it('tells a cycle from a mere ordering problem', () => {
    const g = chain();
    const reversed: Graph = { ...g, nodes: [...g.nodes].reverse() };
    expect(validateGraph(reversed).map((p) => p.code)).toEqual(['out-of-order']);
    const cyclic: Graph = {
      ...g,
      nodes: g.nodes.map((n) => (n.id === 'mm' ? { ...n, inputs: ['relu_out', 'w'] } : n)),
    };
    expect(validateGraph(cyclic).map((p) => p.code)).toContain('cycle');
  });

  it('reports a graph output nothing produces', () => {
    const g = chain();
    expect(validateGraph({ ...g, outputs: ['ghost'] })).toMatchObject([{ code: 'missing-output', tensorId: 'ghost' }]);
  });
});
