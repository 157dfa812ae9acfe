import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusPath, hasCorpus } from '../test-support/corpus';
import { createInProcessClient } from './client';
import { layoutGraph, simpleLayout } from './layout';
import type { GraphEdgeView, GraphNodeView, GraphView } from './protocol';
import { copy } from './test-models';

function node(id: string): GraphNodeView {
  return {
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
  };
}

function view(ids: string[], links: [string, string][]): GraphView {
  const edges: GraphEdgeView[] = links.map(([source, target], i) => ({
    id: `e${i}`,
    source,
    target,
    tensorId: `t${i}`,
    label: '',
  }));
  return { modelId: 'm', nodes: ids.map(node), edges };
}

function overlaps(v: GraphView, positions: Float64Array): boolean {
  for (let i = 0; i < v.nodes.length; i++)
    for (let j = i + 1; j < v.nodes.length; j++) {
      const [ax, ay, bx, by] = [positions[2 * i]!, positions[2 * i + 1]!, positions[2 * j]!, positions[2 * j + 1]!];
      if (Math.abs(ax - bx) < 100 && Math.abs(ay - by) < 40) return true;
    }
  return false;
}

describe('simpleLayout', () => {
  // a → b → d, a → c → d, plus an unconnected e.
  const diamond = view(
    ['a', 'b', 'c', 'd', 'e'],
    [
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'd'],
      ['c', 'd'],
    ],
  );

  it('puts each node one layer below its deepest predecessor', () => {
    const { positions, width, height } = simpleLayout(diamond, 'TB');
    const y = (i: number) => positions[2 * i + 1]!;
    expect(y(0)).toBeLessThan(y(1));
    expect(y(1)).toBe(y(2));
    expect(y(3)).toBeGreaterThan(y(1));
    expect(overlaps(diamond, positions)).toBe(false);
    expect(width).toBeGreaterThan(0);
    expect(height).toBeGreaterThan(0);
  });

  it('runs along x when left-to-right', () => {
    const { positions } = simpleLayout(diamond, 'LR');
    expect(positions[0]!).toBeLessThan(positions[2]!);
    expect(positions[2]).toBe(positions[4]);
  });

  it('survives cycles', () => {
    const cyclic = view(
      ['a', 'b', 'c'],
      [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'b'],
      ],
    );
    const { positions } = simpleLayout(cyclic, 'TB');
    expect([...positions].every(Number.isFinite)).toBe(true);
  });
});

describe('layoutGraph', () => {
  it('uses full-quality ELK for small graphs and places nodes without overlap', async () => {
    const v = view(
      ['a', 'b', 'c', 'd'],
      [
        ['a', 'b'],
        ['a', 'c'],
        ['b', 'd'],
        ['c', 'd'],
      ],
    );
    const result = await layoutGraph(v, 'TB');
    expect(result.algorithm).toBe('elk-layered');
    expect(overlaps(v, result.positions)).toBe(false);
  });

  it('can be forced to the fallback', async () => {
    const v = view(['a', 'b'], [['a', 'b']]);
    expect((await layoutGraph(v, 'TB', { algorithm: 'fallback' })).algorithm).toBe('fallback');
  });

  it.skipIf(!hasCorpus())(
    'lays out real models (SqueezeNet with ELK, DenseNet-121 with ELK fast settings)',
    async () => {
      const engine = await createInProcessClient();
      for (const [file, algorithm] of [
        ['onnx_light_squeezenet.onnx', 'elk-layered'],
        ['onnx_light_densenet121.onnx', 'elk-fast'],
      ] as const) {
        const bytes = readFileSync(corpusPath(`models/onnx/${file}`));
        const { summary, graph } = await engine.openModel([{ name: file, bytes: copy(bytes) }]);
        const result = await engine.layout(summary.modelId, 'TB');
        expect(result.algorithm).toBe(algorithm);
        expect(result.positions.length).toBe(2 * graph.nodes.length);
        expect([...result.positions].every(Number.isFinite)).toBe(true);
        console.log(
          `[layout] ${file}: ${graph.nodes.length} nodes, ${result.algorithm} ${Math.round(result.elapsedMs)} ms`,
        );
      }
    },
  );
});
