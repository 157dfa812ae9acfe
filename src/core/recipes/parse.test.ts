import { describe, expect, it } from 'vitest';
import { TransformError } from '../errors';
import { parseRecipe, recipeToJson } from './parse';
import { DEEP_COMPRESSION, RECIPE_PRESETS } from './presets';
import { RECIPE_VERSION, type Recipe } from './types';

const recipe = (steps: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  scaledown: 'recipe',
  version: 1,
  name: 'Mine',
  steps,
  ...extra,
});

function failure(json: unknown, file = 'deep.json'): TransformError {
  try {
    parseRecipe(json, file);
  } catch (error) {
    expect(error).toBeInstanceOf(TransformError);
    return error as TransformError;
  }
  throw new Error('expected parseRecipe to refuse');
}

describe('parseRecipe', () => {
  it('reads the text of a file and the parsed value alike, keeping only known fields in a fixed order', () => {
    const value = recipe([
      { sparsity: 0.8, method: 'magnitude', kind: 'prune', scope: 'global' },
      { kind: 'cluster', clusters: 16, label: 'k = 16', enabled: false },
    ]);
    const fromText = parseRecipe(JSON.stringify(value), 'mine.json');
    expect(fromText).toEqual(parseRecipe(value));
    expect(Object.keys(fromText.steps[0]!)).toEqual(['kind', 'method', 'sparsity', 'scope']);
    expect(fromText.steps[1]).toEqual({ kind: 'cluster', label: 'k = 16', enabled: false, clusters: 16 });
  });

  it('accepts every option of every step kind', () => {
    const all = recipe([
      { kind: 'cleanup', passes: ['fold-batchnorm', 'dead-nodes'] },
      {
        kind: 'prune',
        method: 'channels',
        sparsity: 0.25,
        norm: 'l2',
        channelMultiple: 4,
        excludeFirstLast: true,
        minElements: 8,
        overrides: { conv2: { sparsity: 0.5 }, fc: { exclude: true } },
      },
      { kind: 'prune', method: 'n-m', n: 1, m: 4 },
      {
        kind: 'cluster',
        clusters: 8,
        init: 'random',
        iterations: 5,
        seed: 3,
        keepZeros: false,
        storage: 'codebook',
        overrides: { fc: { clusters: 4 } },
      },
      {
        kind: 'quantize',
        mode: 'int8',
        granularity: 'per-tensor',
        symmetric: true,
        calibration: { method: 'percentile', percentile: 99.9, bins: 1024 },
        activationDType: 'uint8',
        onnxFormat: 'qoperator',
        ioType: 'float',
        perChannelFullyConnected: true,
        allowFloatFallback: true,
        compactNames: true,
        overrides: { fc: { keepFloat: true } },
      },
      { kind: 'quantize', mode: 'int4-weights', blockSize: 32 },
    ]);
    const parsed = parseRecipe(all);
    expect(parsed.steps).toHaveLength(6);
    expect(parseRecipe(recipeToJson(parsed))).toEqual(parsed);
  });

  const refusals: readonly { what: string; json: unknown; says: string }[] = [
    { what: 'text that is not JSON', json: '{ "scaledown": ', says: 'deep.json: is not valid JSON' },
    { what: 'a list', json: [], says: 'deep.json: is not a recipe: expected a JSON object, not a list' },
    { what: 'another file', json: { version: 1 }, says: 'deep.json: is not a ScaleDown recipe' },
    {
      what: 'a newer version',
      json: recipe([], { version: RECIPE_VERSION + 1 }),
      says: `deep.json: is a version ${RECIPE_VERSION + 1} recipe, written by a newer ScaleDown; this one reads versions up to ${RECIPE_VERSION}`,
    },
    {
      what: 'a version as text',
      json: recipe([], { version: '1' }),
      says: 'version must be a whole number from 1, not "1"',
    },
    { what: 'an unknown field', json: recipe([], { stpes: [] }), says: 'deep.json: unknown field "stpes"' },
    { what: 'no name', json: recipe([], { name: 3 }), says: 'deep.json: name must be a string, not 3' },
    { what: 'no steps', json: recipe([], { steps: {} }), says: 'steps must be a list of steps, not an object' },
    { what: 'a step that is not an object', json: recipe([1]), says: 'deep.json: step 1 must be an object' },
    {
      what: 'an unknown kind',
      json: recipe([{ kind: 'prune', method: 'magnitude' }, { kind: 'distill' }]),
      says: 'deep.json: step 2: unknown kind "distill" (cleanup, prune, cluster, quantize, edit)',
    },
    { what: 'a step without kind', json: recipe([{ sparsity: 0.5 }]), says: 'deep.json: step 1: has no "kind"' },
    {
      what: 'a sparsity out of range',
      json: recipe([{ kind: 'cleanup' }, { kind: 'prune', method: 'magnitude', sparsity: 1.5 }]),
      says: 'deep.json: step 2 (prune): sparsity must be at least 0 and below 1, not 1.5',
    },
    {
      what: 'a sparsity given as text',
      json: recipe([{ kind: 'prune', method: 'magnitude', sparsity: '0.5' }]),
      says: 'deep.json: step 1 (prune): sparsity must be a number, not "0.5"',
    },
    {
      what: 'a misspelt option',
      json: recipe([{ kind: 'prune', method: 'magnitude', sparsty: 0.5 }]),
      says: 'deep.json: step 1 (prune): unknown field "sparsty" (a prune step has label, enabled, method, sparsity',
    },
    {
      what: 'a prune step without method',
      json: recipe([{ kind: 'prune', sparsity: 0.5 }]),
      says: 'deep.json: step 1 (prune): needs "method"',
    },
    {
      what: 'an unknown pruning method',
      json: recipe([{ kind: 'prune', method: 'random' }]),
      says: 'step 1 (prune): unknown pruning method "random"',
    },
    {
      what: 'too many clusters',
      json: recipe([{ kind: 'cluster', clusters: 999 }]),
      says: 'deep.json: step 1 (cluster): clusters must be a whole number from 2 to 256, not 999',
    },
    {
      what: 'an unknown clean-up pass',
      json: recipe([{ kind: 'cleanup', passes: ['fold-batchnorm', 'inline'] }]),
      says: 'deep.json: step 1 (cleanup): passes: unknown value "inline"',
    },
    {
      what: 'an unknown quantization mode',
      json: recipe([{ kind: 'quantize', mode: 'int3' }]),
      says: 'step 1 (quantize): unknown quantization mode "int3"',
    },
    {
      what: 'calibrated ranges, which only a run supplies',
      json: recipe([{ kind: 'quantize', mode: 'int8', activationRanges: {} }]),
      says: 'step 1 (quantize): unknown field "activationRanges"',
    },
    {
      what: 'a calibration method of the wrong type',
      json: recipe([{ kind: 'quantize', mode: 'int8', calibration: { method: 1 } }]),
      says: 'step 1 (quantize): calibration.method must be a string, not 1',
    },
    {
      what: 'an override of the wrong type',
      json: recipe([{ kind: 'prune', method: 'magnitude', overrides: { fc: { sparsity: 'most' } } }]),
      says: 'step 1 (prune): overrides["fc"].sparsity must be a number, not "most"',
    },
    {
      what: 'an override out of range',
      json: recipe([{ kind: 'cluster', overrides: { fc: { clusters: 1 } } }]),
      says: 'step 1 (cluster): layer "fc": clusters must be a whole number from 2 to 256, not 1',
    },
    {
      what: 'enabled as text',
      json: recipe([{ kind: 'cleanup', enabled: 'yes' }]),
      says: 'deep.json: step 1 (cleanup): enabled must be true or false, not "yes"',
    },
  ];

  for (const r of refusals)
    it(`refuses ${r.what}, naming the file, the step and the field`, () => {
      const error = failure(r.json);
      expect(error.code).toBe('invalid-recipe');
      expect(error.subject).toBe('deep.json');
      expect(error.message).toContain(r.says);
    });

  it('names a recipe without a file as "recipe"', () => {
    expect(() => parseRecipe({ version: 1 })).toThrow(/^recipe: is not a ScaleDown recipe/);
  });
});

describe('recipeToJson', () => {
  it('writes stable, pretty JSON that reads back the same', () => {
    const shuffled = {
      steps: DEEP_COMPRESSION.steps.map((step) => Object.fromEntries(Object.entries(step).reverse())),
      description: DEEP_COMPRESSION.description,
      name: DEEP_COMPRESSION.name,
      version: 1,
      scaledown: 'recipe',
    } as unknown as Recipe;
    const text = recipeToJson(DEEP_COMPRESSION);
    expect(recipeToJson(shuffled)).toBe(text);
    expect(text.startsWith('{\n  "scaledown": "recipe",\n  "version": 1,\n  "name": "Deep Compression",')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseRecipe(text)).toEqual(DEEP_COMPRESSION);
  });

  it('refuses to write a recipe that would not read back', () => {
    const bad = { ...DEEP_COMPRESSION, steps: [{ kind: 'cluster', clusters: 1 }] } as unknown as Recipe;
    expect(() => recipeToJson(bad)).toThrow(/recipe "Deep Compression": step 1 \(cluster\): clusters/);
  });
});

describe('RECIPE_PRESETS', () => {
  it('holds the four built-in recipes, each valid, explained and round-tripping through JSON', () => {
    expect(RECIPE_PRESETS.map((p) => p.name)).toEqual([
      'int8 for TFLM',
      'Deep Compression',
      'Clean up only',
      '2:4 sparse + int8',
    ]);
    for (const preset of RECIPE_PRESETS) {
      expect(parseRecipe(recipeToJson(preset))).toEqual(preset);
      expect(preset.description?.length).toBeGreaterThan(100);
      expect(preset.steps.every((s) => s.label)).toBe(true);
    }
  });

  it('Deep Compression prunes with one global threshold, then clusters keeping the zeros', () => {
    expect(DEEP_COMPRESSION.steps.map((s) => s.kind)).toEqual(['cleanup', 'prune', 'cluster']);
    expect(DEEP_COMPRESSION.steps[1]).toMatchObject({ method: 'magnitude', scope: 'global' });
    expect(DEEP_COMPRESSION.steps[2]).toMatchObject({ keepZeros: true });
  });
});
