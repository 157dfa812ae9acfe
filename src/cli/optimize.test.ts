import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOnnx, recipeToJson, writeOnnx, type Recipe } from '../core/index';
import { GraphBuilder } from '../core/ir/builder';
import { tinyCnn } from '../core/transforms/quantize/onnx/test-models';
import { REPO_ROOT } from '../test-support/corpus';
import type { OptimizeJson } from './commands/optimize';
import { itRefusesEach, type Refusal } from './testing/refusals';
import { outputDims } from './testing/run-onnx';
import { lines, runScaledown } from './testing/spawn-cli';

let dir = '';
const at = (name: string): string => join(dir, name);
const LENET = join(REPO_ROOT, 'public/samples/lenet-300-100.onnx');
const CNN = join(REPO_ROOT, 'public/samples/mnist-cnn.onnx');

const sparseInt8: Recipe = {
  scaledown: 'recipe',
  version: 1,
  name: 'Sparse int8',
  steps: [
    { kind: 'prune', label: 'half', method: 'magnitude', sparsity: 0.5 },
    { kind: 'cluster', clusters: 16, enabled: false },
    { kind: 'quantize', mode: 'int8', granularity: 'per-tensor' },
  ],
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scaledown-optimize-'));
  writeFileSync(at('tiny.onnx'), writeOnnx(tinyCnn())[0]!.bytes);
  writeFileSync(at('sparse-int8.json'), recipeToJson(sparseInt8));
  writeFileSync(
    at('prune-only.json'),
    JSON.stringify({ ...sparseInt8, name: 'Prune', steps: [{ kind: 'prune', method: 'magnitude' }] }),
  );
  const bad = { ...sparseInt8, steps: [{ kind: 'cleanup' }, { kind: 'prune', method: 'magnitude', sparsity: 1.5 }] };
  writeFileSync(at('bad.json'), JSON.stringify(bad));
  writeFileSync(at('newer.json'), JSON.stringify({ ...sparseInt8, version: 99 }));
  const b = new GraphBuilder('weightless');
  const relu = b.op('Relu', [b.input('x', 'float32', [1, 4])], {}, { outputs: ['y'] });
  writeFileSync(at('relu.onnx'), writeOnnx(b.output(relu).model({ opset: 13 }))[0]!.bytes);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('scaledown optimize', () => {
  it.concurrent(
    '--preset "Deep Compression" on the LeNet sample --json: a report per step, ≥ 10× storage',
    async () => {
      const r = await runScaledown(['optimize', LENET, at('dc.onnx'), '--preset', 'deep compression', '--json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as OptimizeJson;
      expect(out.recipeSource).toEqual({ preset: 'Deep Compression' });
      expect(out.steps.map((s) => [s.index, s.kind])).toEqual([
        [0, 'cleanup'],
        [1, 'prune'],
        [2, 'cluster'],
      ]);
      const cluster = out.steps[2]!;
      if (!('report' in cluster) || cluster.kind !== 'cluster') throw new Error('no cluster report');
      expect(cluster.report.totals.compressionRatio).toBeGreaterThanOrEqual(10);
      expect(await outputDims(at('dc.onnx'), [1, 1, 28, 28])).toEqual([1, 10]);
    },
  );

  it.concurrent(
    'a recipe file with a disabled step and static int8 on the built-in digits: progress, then a report',
    async () => {
      const r = await runScaledown([
        'optimize',
        CNN,
        at('si8.onnx'),
        '--recipe',
        at('sparse-int8.json'),
        '--calibration',
        'mnist',
        '--samples',
        '32',
      ]);
      expect(r.code).toBe(0);
      const err = lines(r.stderr);
      // The first step's lines come first and end at 100 % (how many quarters it reports depends on the step).
      expect(err[0]).toMatch(/^step 1 of 3 \(prune\): \d+ %$/);
      expect(err.filter((l) => l.startsWith('step 1')).at(-1)).toBe('step 1 of 3 (prune): 100 %');
      expect(err.at(-1)).toBe('step 3 of 3 (quantize): 100 %');
      expect(err.some((l) => l.startsWith('step 2'))).toBe(false);
      const out = lines(r.stdout);
      expect(out[0]).toMatch(
        /si8\.onnx: ONNX, recipe "Sparse int8", calibrated on 32 samples of mnist, .* \(\d+\.\d % of .*\)$/,
      );
      expect(out).toContain('step 1 of 3: prune "half"');
      expect(out).toContain('step 2 of 3: cluster: skipped (disabled in the recipe)');
      expect(out).toContain('step 3 of 3: quantize');
      expect(out.some((l) => /^ {2}magnitude pruning: \d[\d,]* of 5,224 weights zero \(50\.0 %\)/.test(l))).toBe(true);
      expect(out.some((l) => /^ {2}int8: constants .* weight SQNR/.test(l))).toBe(true);
      const model = readOnnx([{ name: 'si8.onnx', bytes: new Uint8Array(readFileSync(at('si8.onnx'))) }]);
      expect(model.graph.nodes.some((n) => n.op === 'QuantizeLinear')).toBe(true);
    },
  );

  const failures: readonly Refusal[] = [
    {
      what: 'neither a recipe nor a preset',
      args: () => ['optimize', at('tiny.onnx'), at('x.onnx')],
      code: 2,
      says: /needs either --recipe RECIPE\.json or --preset NAME/,
    },
    {
      what: 'both a recipe and a preset',
      args: () => ['optimize', at('tiny.onnx'), at('x.onnx'), '--recipe', at('bad.json'), '--preset', 'Clean up only'],
      code: 2,
      says: /needs either --recipe RECIPE\.json or --preset NAME/,
    },
    {
      what: 'an unknown preset',
      args: () => ['optimize', at('tiny.onnx'), at('x.onnx'), '--preset', 'Make it tiny'],
      code: 2,
      says: /--preset must name a built-in recipe \("int8 for TFLM", "Deep Compression", .*\), not "Make it tiny"/,
    },
    {
      what: 'a missing recipe file',
      args: () => ['optimize', at('tiny.onnx'), at('x.onnx'), '--recipe', at('nope.json')],
      code: 1,
      says: /nope\.json: missing-file: no such file/,
    },
    {
      what: 'a recipe with a bad value, naming the file, the step and the field',
      args: () => ['optimize', at('tiny.onnx'), at('x.onnx'), '--recipe', at('bad.json')],
      code: 1,
      says: /bad\.json: invalid-recipe: step 2 \(prune\): sparsity must be at least 0 and below 1, not 1\.5\n$/,
    },
    {
      what: 'a recipe from a newer version',
      args: () => ['optimize', at('tiny.onnx'), at('x.onnx'), '--recipe', at('newer.json')],
      code: 1,
      says: /newer\.json: invalid-recipe: is a version 99 recipe, written by a newer ScaleDown/,
    },
    {
      what: 'static int8 without data',
      args: () => ['optimize', at('tiny.onnx'), at('x.onnx'), '--recipe', at('sparse-int8.json')],
      code: 2,
      says: /step 3 of recipe "Sparse int8" \(static int8\) needs calibration data: add --calibration DATA/,
    },
    {
      what: 'data the recipe does not need',
      args: () => ['optimize', at('tiny.onnx'), at('x.onnx'), '--preset', 'Clean up only', '--calibration', 'mnist'],
      code: 2,
      says: /--calibration applies to recipes with a static int8 quantize step \("Clean up only" has none\)/,
    },
    {
      what: 'data that does not fit the model',
      args: () => [
        'optimize',
        at('tiny.onnx'),
        at('x.onnx'),
        '--recipe',
        at('sparse-int8.json'),
        '--calibration',
        'mnist',
      ],
      code: 1,
      says: /^mnist: shape-mismatch: /,
    },
    {
      what: 'a step the model cannot take, naming the step',
      args: () => ['optimize', at('relu.onnx'), at('x.onnx'), '--recipe', at('prune-only.json')],
      code: 1,
      says: /relu\.onnx: not-applicable: step 1 \(prune\): .*no prunable weights/,
    },
  ];

  itRefusesEach(failures);
});
