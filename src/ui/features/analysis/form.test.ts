import { describe, expect, it } from 'vitest';
import type { LayerErrorRow } from '../../../core';
import type { LayerErrorResult } from '../../../workers/protocol';
import { DEFAULT_ANALYSIS_FORM } from '../../store/analysis-slice';
import type { OpenModel, VariantEntry } from '../../store/types';
import { defaultMembers, layerBlocker, resolveAnalysis, sqnrTint } from './form';

const entry = (id: string, parentId?: string): VariantEntry =>
  ({
    id,
    label: parentId ? `variant ${id}` : 'Original',
    model: {
      summary: { modelId: id, format: 'onnx', inputs: [{ shape: [1, 1, 28, 28] }] },
      ...(parentId ? { variant: { parentId } } : {}),
    } as unknown as OpenModel,
    layout: {} as VariantEntry['layout'],
  }) as VariantEntry;

const family = [entry('m1'), entry('m2', 'm1'), entry('m3', 'm2')];

const row = (nodeId: string, referenceNodeId: string, sqnr: number, problem?: string): LayerErrorRow => ({
  nodeId,
  name: nodeId,
  op: 'Conv',
  reference: { nodeId: referenceNodeId, name: referenceNodeId, op: 'Conv' },
  by: 'tensor',
  tensor: `${nodeId}_out`,
  referenceTensor: `${referenceNodeId}_out`,
  shape: [4],
  samples: 8,
  mse: 0,
  sqnr,
  cosine: 1,
  maxAbsError: 0,
  ...(problem ? { problem } : {}),
});

const result = (rows: LayerErrorRow[]): LayerErrorResult =>
  ({ modelId: 'm2', referenceId: 'm1', rows }) as unknown as LayerErrorResult;

describe('analysis form', () => {
  it('compares the member shown with its parent; while the original is shown, the newest variant', () => {
    expect(defaultMembers(family, 'm3')).toEqual({ modelId: 'm3', referenceId: 'm2' });
    expect(defaultMembers(family, 'm2')).toEqual({ modelId: 'm2', referenceId: 'm1' });
    expect(defaultMembers(family, 'm1')).toEqual({ modelId: 'm3', referenceId: 'm2' });
    expect(defaultMembers([entry('m1')], 'm1')).toEqual({ modelId: 'm1', referenceId: null });
  });

  it('a choice stands while its member is open; MNIST-shaped inputs default to the built-in digits', () => {
    const form = resolveAnalysis({ ...DEFAULT_ANALYSIS_FORM, modelId: 'm2', referenceId: 'm9' }, family, 'm3');
    expect([form.modelId, form.referenceId, form.data, form.pixelScale]).toEqual(['m2', 'm2', 'mnist', '0..1']);
  });

  it('blocks a run without two members, without a data file, or with no samples', () => {
    const one = resolveAnalysis(DEFAULT_ANALYSIS_FORM, [entry('m1')], 'm1');
    expect(layerBlocker(one)).toMatch(/Make a variant first/);
    const ok = resolveAnalysis(DEFAULT_ANALYSIS_FORM, family, 'm2');
    expect(layerBlocker(ok)).toBeUndefined();
    expect(layerBlocker({ ...ok, data: 'file' })).toMatch(/Choose a \.npz or \.npy file/);
    expect(layerBlocker({ ...ok, samples: 0 })).toMatch(/whole number above 0/);
  });

  it('the SQNR colouring uses node ids of the member it is for, spans 10–40 dB or more, and skips problems', () => {
    const r = result([
      row('conv', 'conv', 30),
      row('fc', 'gemm', 12),
      row('relu', 'relu', Infinity),
      row('x', 'x', NaN, 'no'),
    ]);
    const own = sqnrTint(r, 'm2', 'title')!;
    expect(own.values).toEqual({ conv: 30, fc: 12, relu: Infinity });
    // At least 10–40 dB, so colours read like the chart's bands.
    expect([own.low, own.high, own.unit, own.modelId]).toEqual([10, 40, 'dB', 'm2']);
    const wide = sqnrTint(result([row('a', 'a', 3), row('b', 'b', 55)]), 'm2', 't')!;
    expect([wide.low, wide.high]).toEqual([3, 55]);
    expect(Object.keys(sqnrTint(r, 'm1', 'title')!.values)).toEqual(['conv', 'gemm', 'relu']);
    expect(sqnrTint(r, 'm3', 'title')).toBeNull();
    const exact = sqnrTint(result([row('a', 'a', Infinity)]), 'm2', 't')!;
    expect([exact.low, exact.high]).toEqual([10, 40]);
  });
});
