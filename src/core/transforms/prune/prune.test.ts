import { describe, expect, it } from 'vitest';
import { TransformError } from '../../errors';
import { GraphBuilder } from '../../ir/builder';
import { typedView } from '../../ir/tensor';
import type { Model } from '../../ir/types';
import { deepFreeze, snapshotBytes } from '../../../test-support/deep-freeze';
import { readWeight, searchWeights, storedBytes, type WeightRef } from '../weights/index';
import { onnxCnn, onnxGeneratedWeights, onnxMlp, tfliteMixed } from '../weights/test-models';
import { checkPruneOptions, pruneModel } from './index';

const zeros = (x: Float32Array): number => x.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);
const weightsOf = (model: Model): Map<string, WeightRef> =>
  new Map(searchWeights(model).weights.map((w) => [w.nodeId, w]));

/** x [1, 8] → MatMul A [8, 4] → MatMul B [4, 4]: magnitudes with many ties. */
function tiedMlp(): Model {
  const b = new GraphBuilder('tied');
  const x = b.input('x', 'float32', [1, 8]);
  // |a| takes the values 1, 2, 3, 4 eight times each (signs alternate); |b| is 2 everywhere.
  const a = Float32Array.from({ length: 32 }, (_, i) => ((i % 4) + 1) * (i % 2 ? -1 : 1));
  const w = Float32Array.from({ length: 16 }, (_, i) => (i % 3 ? 2 : -2));
  const h = b.op('MatMul', [x, b.constant('a', a, [8, 4])], {}, { name: 'first' });
  b.output(b.op('MatMul', [h, b.constant('b', w, [4, 4])], {}, { name: 'second', outputs: ['y'] }));
  return b.model();
}

describe('magnitude pruning', () => {
  it('prunes exactly the asked share of each layer, ties included, and never touches its input', () => {
    const model = deepFreeze(tiedMlp());
    const before = snapshotBytes(model);
    const { model: out, report } = pruneModel(model, { method: 'magnitude', sparsity: 0.3 });
    const w = weightsOf(out);
    // round(0.3 · 32) = 10: the eight 1s and two of the 2s; round(0.3 · 16) = 5 of the sixteen tied 2s.
    const a = readWeight(out, w.get('first')!);
    expect(zeros(a)).toBe(10);
    expect(a.filter((v) => Math.abs(v) === 1).length).toBe(0);
    expect(zeros(readWeight(out, w.get('second')!))).toBe(5);
    expect(report.layers.map((l) => [l.zerosBefore, l.zerosAfter])).toEqual([
      [0, 10],
      [0, 5],
    ]);
    expect(report.totals).toMatchObject({ elements: 48, zeros: 15 });
    expect(snapshotBytes(model)).toEqual(before);
  });

  it('one global threshold prunes the smallest weights across layers, exactly', () => {
    const { model: out, report } = pruneModel(tiedMlp(), { method: 'magnitude', sparsity: 0.5, scope: 'global' });
    const w = weightsOf(out);
    // 24 of 48: the eight 1s of A, then 16 of the 8 + 16 tied 2s, in layer order: A's eight first.
    expect(report.threshold).toBe(2);
    expect(zeros(readWeight(out, w.get('first')!))).toBe(16);
    expect(zeros(readWeight(out, w.get('second')!))).toBe(8);
    expect(report.totals.zeros).toBe(24);
  });

  it('honours exclusions, per-layer sparsity, first / last and the minimum size', () => {
    const model = onnxCnn();
    const r1 = pruneModel(model, { method: 'magnitude', excludeFirstLast: true });
    expect(r1.report.layers.map((l) => l.skipped !== undefined)).toEqual([true, false, true]);
    expect(r1.report.layers[0]!.zerosAfter).toBe(0);
    expect(r1.report.layers[1]!.zerosAfter).toBe(36);
    const r2 = pruneModel(model, {
      method: 'magnitude',
      scope: 'global',
      overrides: { conv1: { exclude: true }, fc: { sparsity: 0.25 } },
    });
    expect(r2.report.layers.map((l) => l.zerosAfter)).toEqual([0, 36, 24]);
    const r3 = pruneModel(model, { method: 'magnitude', minElements: 80 });
    expect(r3.report.layers.map((l) => l.skipped ?? '')).toEqual(['', '72 weights, fewer than the minimum of 80', '']);
  });

  it('reports what the sparsity saves as a bitmask and as CSR', () => {
    const { report } = pruneModel(onnxCnn(), { method: 'magnitude', sparsity: 0.75 });
    const fc = report.layers[2]!;
    // [3, 32] float32, 72 zeros: 24 non-zeros.
    expect(fc).toMatchObject({ elements: 96, zerosAfter: 72, sparsity: 0.75, denseBytes: 384 });
    expect(fc.bitmaskBytes).toBe(12 + 24 * 4);
    expect(fc.csrBytes).toBe(24 * 4 + 24 * 2 + 4 * 4);
  });

  it('prunes weights in Constant nodes, behind a Reshape, and a shared weight once', () => {
    const { model: out, report } = pruneModel(onnxMlp(), { method: 'magnitude', sparsity: 0.5 });
    expect(report.layers.map((l) => [l.nodeId, l.zerosAfter])).toEqual([
      ['mm1', 64],
      ['mm2', 32],
      ['mm3a', 32],
    ]);
    const constant = out.graph.nodes.find((n) => n.id === 'const')!.attributes['value']!;
    expect(constant.type === 'tensor' && zeros(typedView('float32', constant.value.data!.bytes!) as Float32Array)).toBe(
      64,
    );
  });

  it('int8 weights: pruned values become the zero point, the others and the scales stay', () => {
    const model = tfliteMixed();
    const ref = weightsOf(model).get('conv')!;
    const q = typedView('int8', storedBytes(model, ref)) as Int8Array;
    const { model: out } = pruneModel(model, { method: 'magnitude', sparsity: 0.5 });
    const q2 = typedView('int8', storedBytes(out, ref)) as Int8Array;
    let pruned = 0;
    for (let i = 0; i < q.length; i++) {
      if (q2[i] !== 0) expect(q2[i]).toBe(q[i]);
      else pruned++;
    }
    expect(pruned).toBe(36);
    expect(out.graph.tensors.find((t) => t.id === 'conv/w')!.quant).toEqual(
      model.graph.tensors.find((t) => t.id === 'conv/w')!.quant,
    );
  });
});

describe('N:M pruning', () => {
  it('keeps 2 of every 4 weights along the reduction axis, group by group', () => {
    const model = onnxCnn();
    const { model: out, report } = pruneModel(model, { method: 'n-m' });
    const w = weightsOf(out);
    // conv1 W [8, 4, 3, 3]: each (o, kh, kw) has one group of 4 input channels.
    const conv = readWeight(out, w.get('conv1')!);
    const original = readWeight(model, w.get('conv1')!);
    for (let o = 0; o < 8; o++)
      for (let s = 0; s < 9; s++) {
        const group = [0, 1, 2, 3].map((i) => conv[(o * 4 + i) * 9 + s]!);
        const kept = group.filter((v) => v !== 0);
        expect(kept.length).toBe(2);
        // The kept two are the two largest magnitudes of the original group.
        const mags = [0, 1, 2, 3].map((i) => Math.abs(original[(o * 4 + i) * 9 + s]!)).sort((a, b) => b - a);
        expect(kept.map(Math.abs).sort((a, b) => b - a)).toEqual(mags.slice(0, 2));
      }
    // fc B [3, 32] (transB): groups of 4 along each row.
    const fc = readWeight(out, w.get('fc')!);
    for (let g = 0; g < 24; g++) expect(zeros(fc.subarray(4 * g, 4 * g + 4))).toBe(2);
    // Depthwise [8, 1, 3, 3]: groups run over the 9-tap window: 4 + 4 + 1 → 2 + 2 + 1 kept.
    const dw = readWeight(out, w.get('dw')!);
    for (let o = 0; o < 8; o++) expect(9 - zeros(dw.subarray(9 * o, 9 * o + 9))).toBe(5);
    expect(report.totals.zeros).toBe(144 + 32 + 48);
  });

  it('1:8 and 4:8 patterns', () => {
    const { report } = pruneModel(onnxCnn(), { method: 'n-m', n: 1, m: 8, excludeFirstLast: true });
    expect(report.layers[1]!.zerosAfter).toBe(8 * (9 - 2));
    expect(pruneModel(onnxCnn(), { method: 'n-m', n: 4, m: 8 }).report.layers[2]!.zerosAfter).toBe(48);
  });
});

describe('options and refusals', () => {
  it.each([
    [{ method: 'random' }, 'unknown pruning method'],
    [{ method: 'magnitude', sparsity: 1 }, 'sparsity must be at least 0 and below 1'],
    [{ method: 'n-m', n: 5, m: 4 }, 'n must be a whole number from 1 to m'],
    [{ method: 'n-m', scope: 'global' }, 'a global threshold applies to magnitude pruning only'],
    [{ method: 'magnitude', overrides: { a: { sparsity: -0.1 } } }, 'the sparsity of layer "a"'],
  ])('%j', (options, message) => {
    expect(() => checkPruneOptions(options as never)).toThrow(message);
  });

  it('refuses a model without prunable weights, and stops when cancelled', () => {
    expect(() => pruneModel(onnxGeneratedWeights(), { method: 'magnitude' })).toThrow(
      /no prunable weights: .*ConstantOfShape/,
    );
    const err = (() => {
      try {
        pruneModel(onnxCnn(), { method: 'magnitude' }, { aborted: true });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(TransformError);
    expect((err as TransformError).code).toBe('cancelled');
  });
});
