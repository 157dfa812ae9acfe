import { describe, expect, it } from 'vitest';
import { quantizeModel } from '../index';
import { tinyCnn } from './test-models';

describe('compactNames', () => {
  const model = tinyCnn();
  const ranges = new Map(model.graph.tensors.filter((t) => !t.data).map((t) => [t.id, { min: -2, max: 2 }] as const));

  it('names what quantization adds s0, z0, q0 … and keeps every name the model had', () => {
    const readable = quantizeModel(model, { mode: 'int8', activationRanges: ranges });
    const compact = quantizeModel(model, { mode: 'int8', activationRanges: ranges, compactNames: true });
    const original = new Set(model.graph.tensors.map((t) => t.id));
    const added = (ids: readonly string[]) => ids.filter((id) => !original.has(id));
    const compactAdded = added(compact.model.graph.tensors.map((t) => t.id));
    expect(compactAdded.length).toBeGreaterThan(0);
    for (const id of compactAdded) expect(id).toMatch(/^[a-z]\d+$/);
    expect(added(readable.model.graph.tensors.map((t) => t.id)).some((id) => /_s$/.test(id))).toBe(true);
    // Same graph shape either way: names are the only difference.
    expect(compact.model.graph.nodes.map((n) => n.op)).toEqual(readable.model.graph.nodes.map((n) => n.op));
    expect(compact.model.graph.inputs).toEqual(model.graph.inputs);
    expect(compact.model.graph.outputs).toEqual(model.graph.outputs);
  });
});
