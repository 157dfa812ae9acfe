// Before/after histograms with markers: cluster centroids are drawn only where they are real values.
import { describe, expect, it } from 'vitest';
import { clusterModel, type StepReport } from '../core';
import { tfliteMixed } from '../core/transforms/weights/test-models';
import { compareWeights } from './weight-compare';

describe('compareWeights', () => {
  it('draws the grid, not grid-step centroids, over a per-axis quantized weight', () => {
    const parent = tfliteMixed();
    const { model, report } = clusterModel(parent, { clusters: 5 });
    expect(report.layers.find((l) => l.nodeId === 'conv')?.gridUnits).toBe(true);
    const steps: StepReport[] = [{ kind: 'cluster', index: 0, report }];
    const base = { modelId: 'm1', parentId: 'm0', graph: model.graph, parentGraph: parent.graph, bins: 16, steps };
    const c = compareWeights({ ...base, nodeId: 'conv' })!;
    expect(c).not.toBeNull();
    // Grid steps (integers such as −40) would land far outside the real values' range.
    const [lo, hi] = [c.edges[0]!, c.edges[c.edges.length - 1]!];
    expect(c.markers?.kind).toBe('grid');
    expect(c.markers!.values.every((v) => v >= lo && v <= hi)).toBe(true);
    // A float layer of the same step keeps its centroids, which are real values.
    const fc = compareWeights({ ...base, nodeId: 'fc' })!;
    expect(fc.markers?.kind).toBe('centroids');
  });
});
