import { describe, expect, it } from 'vitest';
import { DEEP_COMPRESSION } from '../../../core';
import type { EvaluateResult, ModelSummary, VariantInfo } from '../../../workers/protocol';
import type { EvaluationRecord } from '../../store';
import type { VariantEntry } from '../../store/types';
import { formatPoints, formatRelative, madeBy, sortRows, variantRows } from './table-rows';

// Only the fields the rows read; the rest of a summary does not matter here.
function entry(
  id: string,
  label: string,
  fig: { file: number; weights: number; macs: number; peak: number },
  variant?: VariantInfo,
): VariantEntry {
  const summary = {
    modelId: id,
    fileName: `${id}.onnx`,
    files: [{ name: `${id}.onnx`, bytes: fig.file }],
    metrics: {
      params: 0,
      weightBytes: fig.weights,
      macs: fig.macs,
      peakActivationBytes: fig.peak,
      arenaBytes: 0,
      peakStep: 0,
    },
  } as unknown as ModelSummary;
  return {
    id,
    label,
    model: { summary, graph: { modelId: id, nodes: [], edges: [] }, ...(variant ? { variant } : {}) },
    layout: {} as VariantEntry['layout'],
  };
}

const int8: VariantInfo = {
  kind: 'quantize',
  modelId: 'm1',
  parentId: 'm0',
  label: 'int8 static',
  recipe: [
    {
      kind: 'quantize',
      options: { mode: 'int8', granularity: 'per-channel' },
      calibration: { data: 'mnist', samples: 200, method: 'minmax' },
    },
  ],
  fileBytes: 30_000,
  parentFileBytes: 100_000,
} as unknown as VariantInfo;

const deep: VariantInfo = {
  kind: 'recipe',
  modelId: 'm2',
  parentId: 'm0',
  label: 'Deep Compression',
  recipe: [{ kind: 'recipe', recipe: DEEP_COMPRESSION }],
  fileBytes: 100_000,
  parentFileBytes: 100_000,
} as unknown as VariantInfo;

function evaluation(modelId: string, top1: number, dataLabel: string, agreement?: number): EvaluationRecord {
  const result = {
    modelId,
    ...(agreement !== undefined ? { referenceId: 'm0' } : {}),
    data: 'mnist',
    runtime: 'test',
    result: {
      samples: 10_000,
      classification: { top1 },
      ...(agreement !== undefined ? { reference: { agreement } } : {}),
    },
  } as unknown as EvaluateResult;
  return { modelId, result, dataLabel, finishedAt: 0 };
}

const family = [
  entry('m0', 'Original', { file: 100_000, weights: 96_000, macs: 1_000_000, peak: 40_000 }),
  entry('m1', 'int8 static', { file: 26_000, weights: 24_500, macs: 1_000_000, peak: 10_000 }, int8),
  entry('m2', 'Deep Compression', { file: 100_500, weights: 96_000, macs: 1_000_000, peak: 40_000 }, deep),
];
const DIGITS = 'MNIST digits (10,000, 0..1)';

describe('variantRows', () => {
  it('gives each member its figures and its change from the original', () => {
    const rows = variantRows(family, {});
    expect(rows.map((r) => [r.label, r.isOriginal, r.fileBytes, r.peakBytes])).toEqual([
      ['Original', true, 100_000, 40_000],
      ['int8 static', false, 26_000, 10_000],
      ['Deep Compression', false, 100_500, 40_000],
    ]);
    expect(rows[0]!.delta).toEqual({});
    expect(rows[1]!.delta.fileBytes).toBeCloseTo(-0.74, 12);
    expect(rows[1]!.delta.weightBytes).toBeCloseTo(24_500 / 96_000 - 1, 12);
    expect(rows[1]!.delta.macs).toBe(0);
    expect(rows[1]!.delta.peakBytes).toBeCloseTo(-0.75, 12);
    expect(rows[2]!.delta.fileBytes).toBeCloseTo(0.005, 12);
    expect(rows.every((r) => r.top1 === undefined && r.delta.top1Points === undefined)).toBe(true);
  });

  it('adds accuracy and agreement from the evaluations, and the accuracy change on the same data only', () => {
    const rows = variantRows(family, {
      m0: evaluation('m0', 0.9908, DIGITS),
      m1: evaluation('m1', 0.9878, DIGITS, 0.995),
      m2: evaluation('m2', 0.98, 'MNIST digits (1,000, 0..1)', 0.97),
    });
    expect(rows[0]).toMatchObject({ top1: 0.9908, evaluatedOn: DIGITS });
    // The original is the reference: its agreement with itself is not shown.
    expect(rows[0]!.agreement).toBeUndefined();
    expect(rows[1]).toMatchObject({ top1: 0.9878, agreement: 0.995 });
    expect(rows[1]!.delta.top1Points).toBeCloseTo(-0.3, 9);
    expect(formatPoints(rows[1]!.delta.top1Points!)).toBe('−0.3 pt');
    // Another subset of the digits: the two accuracies do not compare.
    expect(rows[2]!.top1).toBe(0.98);
    expect(rows[2]!.delta.top1Points).toBeUndefined();
  });

  it('says how each member was made', () => {
    expect(madeBy(undefined).line).toBe('The model as it was opened');
    const q = madeBy(int8);
    expect(q.line).toBe('Quantize: int8 static · per channel');
    expect(q.steps).toEqual(['Quantize: int8 static · per channel, calibrated on 200 samples of mnist']);
    const d = madeBy(deep);
    expect(d.line).toBe('Deep Compression: Clean up → Prune 80 % (global) → 32 clusters');
    expect(d.steps).toEqual([
      'Clean up: All clean-up passes',
      'Prune 80 % (global): 80 % of weights · global',
      '32 clusters: 32 clusters · linear init',
    ]);
  });
});

describe('sortRows', () => {
  const rows = variantRows(family, { m0: evaluation('m0', 0.99, DIGITS), m2: evaluation('m2', 0.95, DIGITS) });
  const ids = (key: Parameters<typeof sortRows>[1]) => sortRows(rows, key).map((r) => r.id);

  it('sorts by a figure either way, keeping members without it last', () => {
    expect(ids({ key: 'fileBytes', descending: false })).toEqual(['m1', 'm0', 'm2']);
    expect(ids({ key: 'fileBytes', descending: true })).toEqual(['m2', 'm0', 'm1']);
    expect(ids({ key: 'top1', descending: true })).toEqual(['m0', 'm2', 'm1']);
    expect(ids({ key: 'top1', descending: false })).toEqual(['m2', 'm0', 'm1']);
    // Equal figures keep the family order.
    expect(ids({ key: 'macs', descending: true })).toEqual(['m0', 'm1', 'm2']);
    expect(ids({ key: 'label', descending: false })).toEqual(['m2', 'm1', 'm0']);
    expect(ids({ key: 'order', descending: false })).toEqual(['m0', 'm1', 'm2']);
  });
});

describe('formatRelative / formatPoints', () => {
  it('writes signed changes with a true minus sign', () => {
    expect(formatRelative(-0.74)).toBe('−74 %');
    expect(formatRelative(0.031)).toBe('+3.1 %');
    expect(formatRelative(0)).toBe('±0 %');
    expect(formatRelative(-0.00001)).toBe('±0 %');
    expect(formatPoints(1.25)).toBe('+1.3 pt');
    expect(formatPoints(-0.04)).toBe('−0.04 pt');
    expect(formatPoints(0)).toBe('±0 pt');
  });
});
