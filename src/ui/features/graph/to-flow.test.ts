import { Position } from '@xyflow/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { openTinyModel, type Fixture } from '../../test-fixtures';
import { nodeCentre, otherDirection, toFlowEdges, toFlowNodes } from './to-flow';

let fx: Fixture;
beforeAll(async () => {
  fx = await openTinyModel();
});

describe('graph view → React Flow', () => {
  it('places every node where the layout says, with its size and type', () => {
    const nodes = toFlowNodes(fx.model.graph, fx.layout);
    expect(nodes.map((n) => [n.id, n.type])).toEqual([
      ['input:x', 'io'],
      ['conv', 'op'],
      ['relu', 'op'],
      ['output:relu_out', 'io'],
    ]);
    nodes.forEach((n, i) => {
      expect(n.position).toEqual({ x: fx.layout.positions[2 * i], y: fx.layout.positions[2 * i + 1] });
      expect([n.width, n.height]).toEqual([fx.model.graph.nodes[i]!.width, fx.model.graph.nodes[i]!.height]);
      expect(n.draggable).toBe(false);
    });
  });

  it('declares handles on the borders the layout direction implies', () => {
    const [, conv] = toFlowNodes(fx.model.graph, fx.layout);
    expect([conv!.targetPosition, conv!.sourcePosition]).toEqual([Position.Top, Position.Bottom]);
    const target = conv!.handles!.find((h) => h.type === 'target')!;
    const source = conv!.handles!.find((h) => h.type === 'source')!;
    expect(target.y).toBe(0);
    expect(source.y! + source.height!).toBe(conv!.height);
    expect(target.x! + target.width! / 2).toBe(conv!.width! / 2);

    const [, convLR] = toFlowNodes(fx.model.graph, { ...fx.layout, direction: 'LR' });
    expect([convLR!.targetPosition, convLR!.sourcePosition]).toEqual([Position.Left, Position.Right]);
    expect(convLR!.handles!.find((h) => h.type === 'source')!.position).toBe(Position.Right);
  });

  it('labels edges with tensor shapes', () => {
    expect(toFlowEdges(fx.model.graph).map((e) => [e.source, e.target, e.label])).toEqual([
      ['input:x', 'conv', '1×1×8×8'],
      ['conv', 'relu', '1×2×8×8'],
      ['relu', 'output:relu_out', '1×2×8×8'],
    ]);
  });

  it('finds node centres and flips directions', () => {
    const conv = fx.model.graph.nodes[1]!;
    expect(nodeCentre(fx.model.graph, fx.layout, 'conv')).toEqual({
      x: fx.layout.positions[2]! + conv.width / 2,
      y: fx.layout.positions[3]! + conv.height / 2,
    });
    expect(nodeCentre(fx.model.graph, fx.layout, 'missing')).toBeUndefined();
    expect(otherDirection('TB')).toBe('LR');
    expect(otherDirection('LR')).toBe('TB');
  });
});
