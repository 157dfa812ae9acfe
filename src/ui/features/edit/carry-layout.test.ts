import { describe, expect, it } from 'vitest';
import type { GraphNodeView, GraphView, LayoutResult } from '../../../workers/protocol';
import { anchorNode, carryLayout, sameTopology } from './carry-layout';

const box = (id: string): GraphNodeView => ({
  id,
  kind: 'op',
  name: id,
  op: 'Relu',
  domain: '',
  family: 'activation',
  inputs: [],
  outputs: [],
  attributes: [],
  width: 100,
  height: 40,
});

function chain(ids: readonly string[]): GraphView {
  return {
    modelId: 'm',
    nodes: ids.map(box),
    edges: ids.slice(1).map((id, i) => ({ id: `e${i}`, source: ids[i]!, target: id, tensorId: `t${i}`, label: '' })),
  };
}

function layoutOf(graph: GraphView, direction: 'TB' | 'LR' = 'TB'): LayoutResult {
  const positions = new Float64Array(graph.nodes.flatMap((_, i) => [0, i * 80]));
  return {
    modelId: 'm',
    direction,
    positions,
    width: 100,
    height: graph.nodes.length * 80,
    algorithm: 'elk-layered',
    elapsedMs: 3,
  };
}

describe('carried layout', () => {
  it('keeps the places of the nodes that stay and puts a new node after what it reads', () => {
    const before = chain(['a', 'b', 'c']);
    const after = chain(['a', 'n', 'c']);
    const layout = carryLayout(before, layoutOf(before), after);
    expect([...layout.positions]).toEqual([0, 0, 0, 76, 0, 160]);
    expect(layout.height).toBe(240);
    expect(layout.elapsedMs).toBe(0);
  });

  it('places a new first node before what reads it, and one without neighbours under everything', () => {
    const before = chain(['b', 'c']);
    const layout = carryLayout(before, layoutOf(before), chain(['a', 'b', 'c']));
    expect([...layout.positions.slice(0, 2)]).toEqual([0, -76]);
    const alone = carryLayout(before, layoutOf(before), { ...before, nodes: [...before.nodes, box('z')] });
    expect([...alone.positions.slice(4)]).toEqual([0, 196]);
  });

  it('tells when only names or attributes changed (no new layout is needed)', () => {
    const g = chain(['a', 'b']);
    expect(sameTopology(g, { ...g, nodes: g.nodes.map((n) => ({ ...n, name: 'x' })) })).toBe(true);
    expect(sameTopology(g, chain(['a', 'c']))).toBe(false);
    expect(sameTopology(g, { ...g, edges: [] })).toBe(false);
  });

  it('holds the view on the selection if it stays, else on the node that was nearest to it', () => {
    const before = chain(['a', 'b', 'c', 'd']);
    const layout = layoutOf(before);
    expect(anchorNode(before, layout, chain(['a', 'b', 'd']), ['b'])).toBe('b');
    expect(anchorNode(before, layout, chain(['a', 'b', 'd']), ['c'])).toBe('b');
    expect(anchorNode(before, layout, chain(['x']), ['c'])).toBeUndefined();
    expect(anchorNode(before, layout, chain(['d']), [null])).toBe('d');
  });
});
