import { describe, expect, it } from 'vitest';
import type { Recipe, RecipeStep } from '../../../core';
import type { Progress } from '../../../workers/protocol';
import { togglePass } from './CleanupFields';
import { emptyRecipe } from './edit';
import { recipeFraction, recipeProgressText, stepState } from './progress';
import { withMethod } from './PruneFields';
import { quantizeStepWith } from './QuantizeStepFields';
import { calibrationStep, defaultStep, recipeBlocker, stepSummary } from './steps';

const recipe = (...steps: RecipeStep[]): Recipe => ({ ...emptyRecipe('Deep'), steps });

describe('recipe steps', () => {
  it('summaries say what each step does', () => {
    expect(stepSummary(defaultStep('prune'))).toBe('50 % of weights · per layer');
    expect(stepSummary({ kind: 'prune', method: 'n-m', n: 2, m: 4, excludeFirstLast: true })).toBe(
      '2:4 semi-structured · first and last layer kept',
    );
    expect(stepSummary({ kind: 'prune', method: 'channels', sparsity: 0.25, norm: 'l2' })).toBe(
      '25 % of channels · L2 norm',
    );
    expect(stepSummary(defaultStep('cluster'))).toBe('16 clusters · linear init');
    expect(stepSummary({ kind: 'cleanup', passes: ['fold-batchnorm'] })).toBe('Fold BatchNorm');
    expect(stepSummary({ kind: 'quantize', mode: 'int8', granularity: 'per-tensor' })).toBe('int8 static · per tensor');
  });

  it('switching the prune method drops the options of the old one', () => {
    const magnitude: RecipeStep & { kind: 'prune' } = {
      kind: 'prune',
      method: 'magnitude',
      sparsity: 0.8,
      scope: 'global',
      excludeFirstLast: true,
    };
    expect(withMethod(magnitude, 'n-m')).toEqual({ kind: 'prune', method: 'n-m', n: 2, m: 4, excludeFirstLast: true });
    expect(withMethod(magnitude, 'channels')).toEqual({
      kind: 'prune',
      method: 'channels',
      sparsity: 0.8,
      norm: 'l1',
      excludeFirstLast: true,
    });
  });

  it('clean-up passes: all on is written as no list', () => {
    const off = togglePass({ kind: 'cleanup' }, 'dead-nodes', false);
    expect(off.passes).toEqual(['fold-constants', 'remove-identity', 'fold-batchnorm', 'fuse-activations']);
    expect(togglePass(off, 'dead-nodes', true)).toEqual({ kind: 'cleanup' });
  });

  it('the quantize step takes the quantize panel fields; the range method lives in its calibration', () => {
    const step = { kind: 'quantize', mode: 'int8-weights' } as const;
    const int8 = quantizeStepWith(step, { mode: 'int8' });
    expect(int8).toEqual({ kind: 'quantize', mode: 'int8' });
    const pct = quantizeStepWith(int8, { method: 'percentile', percentile: 99.9 });
    expect(pct.calibration).toEqual({ method: 'percentile', percentile: 99.9 });
    expect(quantizeStepWith(pct, { method: 'mse' }).calibration).toEqual({ method: 'mse' });
    expect(calibrationStep(recipe(defaultStep('prune'), int8))).toBe(1);
    expect(calibrationStep(recipe({ ...int8, enabled: false }))).toBe(-1);
  });

  it('Run is blocked with a sentence naming the step at fault', () => {
    expect(recipeBlocker(recipe(), 'onnx')).toMatch(/Add a step/);
    expect(recipeBlocker({ ...recipe(defaultStep('prune')), name: '  ' }, 'onnx')).toMatch(/name/);
    expect(recipeBlocker(recipe({ ...defaultStep('prune'), enabled: false }), 'onnx')).toMatch(/disabled/);
    expect(recipeBlocker(recipe(defaultStep('prune'), { kind: 'quantize', mode: 'int4-weights' }), 'tflite')).toBe(
      'Step 2 (Quantize): int4 weights is not available for TFLite models.',
    );
    expect(recipeBlocker(recipe(defaultStep('cluster')), 'tfjs')).toMatch(/^Step 1 \(Cluster\)/);
    expect(recipeBlocker(recipe(defaultStep('prune'), defaultStep('cluster')), 'onnx')).toBeUndefined();
  });
});

describe('recipe progress', () => {
  const r = recipe(defaultStep('cleanup'), { ...defaultStep('prune'), enabled: false }, defaultStep('cluster'));
  const at = (index: number, fraction: number): Progress => ({
    phase: 'step',
    fraction,
    step: { index, count: 3, kind: r.steps[index]!.kind },
  });

  it('the enabled steps share the bar; writing and analysing come after', () => {
    expect(recipeFraction(r, null)).toBe(0);
    expect(recipeFraction(r, at(0, 0.5))).toBeCloseTo(0.22);
    expect(recipeFraction(r, at(2, 0))).toBeCloseTo(0.44);
    expect(recipeFraction(r, at(2, 1))).toBeCloseTo(0.88);
    expect(recipeFraction(r, { phase: 'layout', fraction: 1 })).toBe(1);
    expect(recipeProgressText(r, at(2, 0.3))).toBe('Step 3 of 3: Cluster');
    expect(recipeProgressText(r, { phase: 'write', fraction: 0 })).toBe('Writing the file');
  });

  it('each row knows whether it ran, runs, waits or was skipped', () => {
    const run = { progress: at(2, 0.4), done: [0] };
    expect([0, 1, 2].map((i) => stepState(i, r, run))).toEqual(['done', 'skipped', 'running']);
    expect(stepState(0, r, { progress: at(0, 0), done: [] })).toBe('running');
    expect(stepState(2, r, { progress: at(0, 0), done: [] })).toBe('pending');
    expect(stepState(2, r, { progress: { phase: 'analysis', fraction: 0 }, done: [0] })).toBe('done');
    expect(stepState(2, r, undefined, 2)).toBe('failed');
    expect(stepState(0, r, undefined)).toBeUndefined();
  });
});
