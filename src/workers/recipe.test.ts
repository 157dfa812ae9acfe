// The engine's recipe path, in-process with the real core on the project's MNIST sample: a run makes a
// variant with step reports, per-layer sparsity, badges and before/after histograms; bad recipes, bad data
// and cancels leave everything as it was.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Recipe, RecipeStep } from '../core';
import { failureOf, mnistCalibration, mnistSampleFile } from '../test-support/engine-samples';
import { createInProcessClient, isCancelled, type EngineClient } from './client';
import type { CalibrationRequest, GraphNodeView, Progress, RecipeVariantInfo, VariantResult } from './protocol';

const mnist = (samples = 40): CalibrationRequest => mnistCalibration(samples);
const recipe = (name: string, ...steps: RecipeStep[]): Recipe => ({ scaledown: 'recipe', version: 1, name, steps });

function recipeVariant(result: VariantResult): RecipeVariantInfo {
  expect(result.variant.kind).toBe('recipe');
  return result.variant as RecipeVariantInfo;
}

const node = (result: VariantResult, name: string): GraphNodeView => {
  const found = result.graph.nodes.find((n) => n.name === name);
  expect(found, name).toBeDefined();
  return found!;
};

describe('engine: a Deep Compression recipe on the MNIST sample', () => {
  let engine: EngineClient;
  let modelId: string;
  let result: VariantResult;
  let variant: RecipeVariantInfo;
  const progress: Progress[] = [];
  const deep = recipe(
    'Deep Compression',
    { kind: 'cleanup' },
    { kind: 'prune', method: 'magnitude', sparsity: 0.75 },
    { kind: 'quantize', mode: 'int8-weights', enabled: false },
    { kind: 'cluster', clusters: 8, init: 'linear', keepZeros: true },
  );

  beforeAll(async () => {
    engine = await createInProcessClient();
    modelId = (await engine.openModel([mnistSampleFile()])).summary.modelId;
    result = await engine.runRecipe(modelId, { recipe: deep }, { onProgress: (p) => progress.push(p) });
    variant = recipeVariant(result);
  });

  it('reports progress per step, in order, then writes and analyses the variant', () => {
    const steps = progress.filter((p) => p.phase === 'step').map((p) => p.step!.index);
    expect(steps[0]).toBe(0);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(new Set(steps)).toEqual(new Set([0, 1, 3]));
    expect(progress.every((p) => p.phase !== 'step' || p.step!.count === 4)).toBe(true);
    const after = progress.slice(progress.findIndex((p) => p.phase === 'write'));
    expect(after.map((p) => p.phase)).toEqual(expect.arrayContaining(['write', 'shapes', 'analysis', 'graph']));
    expect(after.some((p) => p.phase === 'step')).toBe(false);
  });

  it('makes a variant named after the recipe, with every step reported and the file named after it', async () => {
    expect(variant.label).toBe('Deep Compression');
    expect(variant.parentId).toBe(modelId);
    expect(result.summary.fileName).toBe('mnist-cnn.deep-compression.onnx');
    expect(variant.steps.map((s) => [s.index, s.kind, 'skipped' in s])).toEqual([
      [0, 'cleanup', false],
      [1, 'prune', false],
      [2, 'quantize', true],
      [3, 'cluster', false],
    ]);
    expect(variant.recipe.at(-1)).toMatchObject({ kind: 'recipe', recipe: { name: 'Deep Compression' } });
    expect(variant.timings.steps).toHaveLength(4);
    expect(variant.timings.steps[2]).toBe(0);
    expect(await engine.openModels()).toEqual([modelId, result.summary.modelId]);
  });

  it('counts the zeros of every layer in the variant itself, and badges the sparse ones', () => {
    expect(variant.layers.map((l) => l.name)).toEqual(['conv1', 'conv2', 'fc']);
    for (const layer of variant.layers) {
      // Per-layer magnitude pruning at 75 %, kept through clustering (zeros stay zero).
      expect(layer.sparsity).toBeGreaterThanOrEqual(0.74);
      expect(layer.sparsity).toBeLessThan(0.8);
      expect(layer.clusters).toBeGreaterThanOrEqual(2);
      expect(layer.clusters).toBeLessThanOrEqual(8);
      expect(layer.zeros).toBe(Math.round(layer.sparsity * layer.elements));
    }
    const fc = node(result, 'fc');
    expect(fc.badges).toEqual([{ kind: 'zeros', sparsity: variant.layers[2]!.sparsity }]);
    expect(node(result, 'relu1').badges).toBeUndefined();
  });

  it('compares a layer before and after on common bins, with the cluster centroids drawn over', async () => {
    const fc = node(result, 'fc');
    const c = await engine.compareWeights(result.summary.modelId, fc.id, { bins: 32 });
    expect(c).not.toBeNull();
    expect(c!.edges).toHaveLength(33);
    const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(c!.before)).toBe(4000);
    expect(sum(c!.after)).toBe(4000);
    expect(c!.afterSummary.zeros).toBe(variant.layers[2]!.zeros);
    expect(c!.beforeSummary.zeros).toBeLessThan(10);
    expect(c!.markers?.kind).toBe('centroids');
    expect(c!.markers!.values.length).toBeLessThanOrEqual(8);
    // Every non-zero weight of the variant is one of the centroids (plus zero): few distinct values.
    expect(c!.afterSummary.distinct).toBeLessThanOrEqual(9);
    // Nodes without a weight, and the original model, have nothing to compare.
    expect(await engine.compareWeights(result.summary.modelId, node(result, 'relu1').id)).toBeNull();
    expect(await engine.compareWeights(modelId, fc.id)).toBeNull();
  });
});

describe('engine: other recipes', () => {
  let engine: EngineClient;
  let modelId: string;
  beforeAll(async () => {
    engine = await createInProcessClient();
    modelId = (await engine.openModel([mnistSampleFile()])).summary.modelId;
  });

  it('structured pruning removes channels: badges "C→C′ ch", fewer MACs, same inputs and outputs', async () => {
    const before = await engine.openModels();
    const result = await engine.runRecipe(modelId, {
      recipe: recipe('Half the channels', { kind: 'prune', method: 'channels', sparsity: 0.5 }),
    });
    const variant = recipeVariant(result);
    expect(node(result, 'conv1').badges).toContainEqual({ kind: 'channels', before: 8, after: 4 });
    expect(node(result, 'conv2').badges).toContainEqual({ kind: 'channels', before: 16, after: 8 });
    expect(variant.layers.find((l) => l.name === 'conv2')).toMatchObject({ channelsBefore: 16, channelsAfter: 8 });
    expect(result.summary.metrics.macs).toBeLessThan(0.6 * 192064);
    expect(result.summary.outputs.map((o) => o.shapeText)).toEqual(['1×10']);
    expect(await engine.openModels()).toEqual([...before, result.summary.modelId]);
  });

  it('an int8 step calibrates on the data given, and the histogram shows its quantization grid', async () => {
    const progress: Progress[] = [];
    const result = await engine.runRecipe(
      modelId,
      {
        recipe: recipe(
          'Sparse int8',
          { kind: 'prune', method: 'magnitude', sparsity: 0.5 },
          { kind: 'quantize', mode: 'int8', granularity: 'per-tensor' },
        ),
        calibration: mnist(),
      },
      { onProgress: (p) => progress.push(p) },
    );
    const variant = recipeVariant(result);
    expect(variant.calibration).toMatchObject({ data: 'mnist', samples: 40 });
    expect(result.graph.nodes.some((n) => n.op === 'DequantizeLinear')).toBe(true);
    // The zeros survive quantization (0 is exactly representable): the layer still reads as sparse.
    const fc = variant.layers.find((l) => l.name === 'fc')!;
    expect(fc.sparsity).toBeGreaterThanOrEqual(0.49);
    const c = await engine.compareWeights(result.summary.modelId, node(result, 'fc').id);
    expect(c?.markers?.kind).toBe('grid');
    expect(c!.markers!.values.length).toBeGreaterThan(100);
    expect(c!.markers!.values).toContain(0);
    expect(progress.some((p) => p.phase === 'step' && p.step?.index === 1)).toBe(true);
  });

  it('bad recipes, missing data and data that does not fit fail with a message naming what is wrong', async () => {
    const before = await engine.openModels();
    const none = await failureOf(engine.runRecipe(modelId, { recipe: recipe('Nothing') }));
    expect(none.code).toBe('invalid-recipe');
    const off = await failureOf(
      engine.runRecipe(modelId, { recipe: recipe('Off', { kind: 'prune', method: 'magnitude', enabled: false }) }),
    );
    expect(off.message).toMatch(/no enabled step/);
    const data = await failureOf(
      engine.runRecipe(modelId, { recipe: recipe('int8', { kind: 'quantize', mode: 'int8' }) }),
    );
    expect([data.code, data.message]).toEqual(['invalid-options', expect.stringMatching(/step 1 .*calibration data/)]);
    const sparsity = await failureOf(
      engine.runRecipe(modelId, { recipe: recipe('Too much', { kind: 'prune', method: 'magnitude', sparsity: 1.5 }) }),
    );
    expect(sparsity.message).toMatch(/sparsity/);
    expect(await engine.openModels()).toEqual(before);
  });

  it('parses recipe files, naming the file and the step at fault', async () => {
    const good = await engine.parseRecipe(
      JSON.stringify(recipe('Mine', { kind: 'cluster', clusters: 4 })),
      'mine.json',
    );
    expect(good.steps).toEqual([expect.objectContaining({ kind: 'cluster', clusters: 4 })]);
    const bad = await failureOf(
      engine.parseRecipe(JSON.stringify(recipe('Bad', { kind: 'cluster', clusters: 999 })), 'bad.json'),
    );
    expect(bad.message).toContain('bad.json');
    expect(bad.message).toMatch(/clusters/);
    const notJson = await failureOf(engine.parseRecipe('{ nope', 'broken.json'));
    expect(notJson.message).toContain('broken.json');
    const text = await engine.recipeToJson(good);
    expect((await engine.parseRecipe(text, 'again.json')).steps).toEqual(good.steps);
    const presets = await engine.recipePresets();
    expect(presets.map((p) => p.name)).toEqual(expect.arrayContaining(['Deep Compression', 'int8 for TFLM']));
  });

  it('a cancelled run leaves no variant behind', async () => {
    const before = await engine.openModels();
    const controller = new AbortController();
    const run = engine.runRecipe(
      modelId,
      {
        recipe: recipe(
          'Long',
          { kind: 'prune', method: 'magnitude', sparsity: 0.5 },
          { kind: 'quantize', mode: 'int8' },
        ),
        calibration: mnist(2000),
      },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'step' && p.step?.index === 1 && p.fraction > 0) controller.abort();
        },
      },
    );
    const error = await failureOf(run);
    expect(isCancelled(error)).toBe(true);
    // The engine stops at its next checkpoint; give it a moment, then nothing was kept.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await engine.openModels()).toEqual(before);
  });
});
