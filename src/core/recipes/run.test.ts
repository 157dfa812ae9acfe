import { describe, expect, it } from 'vitest';
import { deepFreeze, snapshotBytes } from '../../test-support/deep-freeze';
import { TransformError } from '../errors';
import { runModel } from '../execute/index';
import { GraphBuilder } from '../ir/builder';
import { typedView } from '../ir/tensor';
import type { Model } from '../ir/types';
import { tinyCnn } from '../transforms/quantize/onnx/test-models';
import type { Feeds } from '../transforms/quantize/calibration/calibrate';
import { denseChain } from '../transforms/test-chain';
import { seededRandom } from '../util/random';
import { DEEP_COMPRESSION, SPARSE_2_4_INT8 } from './presets';
import { runRecipe } from './run';
import type { Recipe, RecipeProgress, RecipeStep } from './types';

const recipe = (name: string, ...steps: RecipeStep[]): Recipe => ({ scaledown: 'recipe', version: 1, name, steps });

function weight(model: Model, id: string): Float32Array {
  const t = model.graph.tensors.find((x) => x.id === id);
  return typedView('float32', t!.data!.bytes!) as Float32Array;
}

/** Calibration batches of tinyCnn's input, seeded. */
function data(batches = 4): () => Iterable<Feeds> {
  return () => {
    const random = seededRandom(5);
    return Array.from({ length: batches }, () => ({
      input: { data: Float32Array.from({ length: 2 * 64 }, () => random()), shape: [2, 1, 8, 8] },
    }));
  };
}

async function failure(promise: Promise<unknown>): Promise<TransformError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TransformError);
    return error as TransformError;
  }
  throw new Error('expected the run to fail');
}

describe('runRecipe', () => {
  it('runs the Deep Compression preset: each step on the last one’s model, a report each, the input untouched', async () => {
    const model = deepFreeze(tinyCnn());
    const bytes = snapshotBytes(model);
    const progress: RecipeProgress[] = [];
    const result = await runRecipe(model, DEEP_COMPRESSION, { onProgress: (p) => progress.push(p) });
    expect(snapshotBytes(model)).toEqual(bytes);
    expect(result.steps.map((s) => [s.kind, s.index, 'skipped' in s])).toEqual([
      ['cleanup', 0, false],
      ['prune', 1, false],
      ['cluster', 2, false],
    ]);
    // Each step: 0 on entry, the transform's own progress (per pass, per layer) climbing, one 1 on exit.
    for (const step of [0, 1, 2]) {
      const fractions = progress.filter((p) => p.step === step).map((p) => p.fraction);
      expect(fractions[0]).toBe(0);
      expect(fractions.filter((f) => f === 1)).toHaveLength(1);
      expect(fractions.at(-1)).toBe(1);
      expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
      expect(fractions.filter((f) => f > 0 && f < 1).length).toBeGreaterThanOrEqual(1);
    }
    expect(progress.map((p) => p.step)).toEqual([...progress.map((p) => p.step)].sort((a, b) => a - b));
    expect(progress.every((p) => p.steps === 3)).toBe(true);
    // Global 80 %: zeros in the weights, which hold at most 32 distinct non-zero values each.
    const fc = weight(result.model, 'fc.weight');
    const conv = weight(result.model, 'conv.weight');
    const zeros = [...fc, ...conv].filter((v) => v === 0).length;
    expect(zeros / (fc.length + conv.length)).toBeGreaterThanOrEqual(0.79);
    expect(new Set(fc).size).toBeLessThanOrEqual(33);
    const cluster = result.steps[2]!;
    if (!('report' in cluster) || cluster.kind !== 'cluster') throw new Error('no cluster report');
    expect(cluster.report.totals.compressionRatio).toBeGreaterThan(1);
    // The result still runs.
    const outputs = await runModel(result.model, { input: new Float32Array(64).fill(0.5) });
    expect(outputs['logits']).toHaveLength(3);
  });

  it('skips disabled steps with a reason and no progress; calibrates a static int8 step on the data', async () => {
    const progress: RecipeProgress[] = [];
    const result = await runRecipe(
      tinyCnn(),
      recipe(
        'Sparse int8',
        { kind: 'prune', method: 'magnitude', sparsity: 0.5 },
        { kind: 'cluster', clusters: 4, enabled: false },
        { kind: 'quantize', mode: 'int8' },
      ),
      { data: data(), total: 4, onProgress: (p) => progress.push(p) },
    );
    expect(result.steps[1]).toEqual({ kind: 'cluster', index: 1, skipped: 'disabled in the recipe' });
    expect(new Set(progress.map((p) => p.step))).toEqual(new Set([0, 2]));
    const quantize = progress.filter((p) => p.step === 2).map((p) => p.fraction);
    expect(quantize.length).toBeGreaterThan(3);
    expect(quantize).toEqual([...quantize].sort((a, b) => a - b));
    const step = result.steps[2]!;
    if (!('report' in step) || step.kind !== 'quantize') throw new Error('no quantize report');
    expect(step.report.activations.length).toBeGreaterThan(0);
    expect(result.model.graph.nodes.some((n) => n.op === 'QuantizeLinear')).toBe(true);
  });

  it('runs 2:4 + int8: two of every four weights zero where the input axis allows, then int8', async () => {
    const result = await runRecipe(tinyCnn(), SPARSE_2_4_INT8, { data: data(2), total: 2 });
    expect(result.steps.map((s) => s.kind)).toEqual(['cleanup', 'prune', 'quantize']);
    const prune = result.steps[1]!;
    if (!('report' in prune) || prune.kind !== 'prune') throw new Error('no prune report');
    // The conv reads one input channel: no group of 4 along its reduction axis, so it is left dense.
    expect(prune.report.layers.map((l) => [l.nodeId, l.sparsity])).toEqual([
      ['conv', 0],
      ['fc', 0.5],
    ]);
  });

  it('refuses before any work: nothing enabled, static int8 without data, a bad recipe', async () => {
    const onProgress = (p: RecipeProgress): never => {
      throw new Error(`no step should start (${p.step})`);
    };
    const none = await failure(
      runRecipe(tinyCnn(), recipe('Off', { kind: 'cleanup', enabled: false }), { onProgress }),
    );
    expect([none.code, none.message]).toEqual(['invalid-recipe', expect.stringMatching(/"Off" has no enabled step/)]);
    const int8 = await failure(
      runRecipe(tinyCnn(), recipe('q', { kind: 'cleanup' }, { kind: 'quantize', mode: 'int8' }), { onProgress }),
    );
    expect([int8.code, int8.message]).toEqual([
      'invalid-options',
      'step 2 (quantize): static int8 needs calibration data (a representative dataset)',
    ]);
    const bad = await failure(
      runRecipe(tinyCnn(), recipe('Bad', { kind: 'prune', method: 'magnitude', sparsity: 2 }), { onProgress }),
    );
    expect([bad.code, bad.message]).toEqual([
      'invalid-recipe',
      expect.stringMatching(/^recipe "Bad": step 1 \(prune\): sparsity/),
    ]);
  });

  it('names the step whose transform refused', async () => {
    const b = new GraphBuilder('weightless');
    const model = b
      .output(b.op('Relu', [b.input('x', 'float32', [1, 4])], {}, { outputs: ['y'] }))
      .model({ opset: 13 });
    const error = await failure(
      runRecipe(model, recipe('Prune', { kind: 'cleanup' }, { kind: 'prune', method: 'magnitude' })),
    );
    expect(error.code).toBe('not-applicable');
    expect(error.message).toMatch(/^step 2 \(prune\): .*no prunable weights/);
  });

  it('stops when cancelled: before a step, and inside calibration', async () => {
    const before = await failure(runRecipe(tinyCnn(), DEEP_COMPRESSION, { signal: { aborted: true } }));
    expect([before.code, before.message]).toEqual(['cancelled', 'the recipe was cancelled before step 1 (cleanup)']);

    const signal = { aborted: false };
    const steps: number[] = [];
    const inside = await failure(
      runRecipe(tinyCnn(), recipe('q', { kind: 'cleanup' }, { kind: 'quantize', mode: 'int8' }, { kind: 'cleanup' }), {
        data: data(8),
        total: 8,
        signal,
        onProgress: (p) => {
          steps.push(p.step);
          if (p.step === 1 && p.fraction > 0) signal.aborted = true;
        },
      }),
    );
    expect([inside.code, inside.message]).toEqual(['cancelled', 'the recipe was cancelled in step 2 (quantize)']);
    expect(steps).not.toContain(2);
  });

  it('stops inside a prune step, between layers, and awaits beforeStep before each step', async () => {
    const model = denseChain(20);
    const signal = { aborted: false };
    const fractions: number[] = [];
    let paused = 0;
    const error = await failure(
      runRecipe(model, recipe('p', { kind: 'cleanup' }, { kind: 'prune', method: 'magnitude' }), {
        signal,
        beforeStep: async () => {
          paused++;
        },
        onProgress: (p) => {
          if (p.step !== 1) return;
          fractions.push(p.fraction);
          if (p.fraction > 0) signal.aborted = true;
        },
      }),
    );
    expect([error.code, error.message]).toEqual(['cancelled', 'the recipe was cancelled in step 2 (prune)']);
    expect(paused).toBe(2);
    // 0 on entry, then one layer of twenty read (of 41 units) before the check between layers stopped it.
    expect(fractions).toEqual([0, 1 / 41]);
  });
});
