import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNpz } from '../core/data/index';
import { writeTfjs } from '../core/index';
import { GraphBuilder } from '../core/ir/builder';
import { corpusPath, hasCorpus, REPO_ROOT } from '../test-support/corpus';
import type { EvalJson } from './commands/eval';
import { itRefusesEach } from './testing/refusals';
import { runScaledown } from './testing/spawn-cli';

let dir = '';
const at = (name: string): string => join(dir, name);
const LENET = join(REPO_ROOT, 'public/samples/lenet-300-100.onnx');
const json = (stdout: string): EvalJson => JSON.parse(stdout) as EvalJson;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scaledown-eval-'));
  const digits = (n: number, w: number) => ({
    dtype: 'float32' as const,
    shape: [n, 28, w],
    data: new Float32Array(n * 28 * w),
  });
  writeFileSync(at('wrong.npz'), writeNpz({ x: digits(4, 27) }));
  writeFileSync(
    at('bad-labels.npz'),
    writeNpz({ x: digits(2, 28), y: { dtype: 'int32', shape: [2], data: Int32Array.from([1, 12]) } }),
  );
  writeFileSync(at('sines.npy'), new Uint8Array(0));
  const b = new GraphBuilder();
  const m = b.output(b.op('Relu', [b.input('x', 'float32', [1, 2])])).model({ format: 'tfjs' });
  for (const f of writeTfjs(m)) writeFileSync(at(f.name), f.bytes);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('scaledown eval', () => {
  it.concurrent('--reference: a model against itself agrees fully, SQNR exact (null in JSON)', async () => {
    const r = await runScaledown([
      'eval',
      LENET,
      '--data',
      'mnist',
      '--samples',
      '300',
      '--reference',
      LENET,
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out).toMatchObject({ samples: 300, reference: LENET, agreement: 1, mse: 0, sqnr: null, cosine: 1 });
    expect(out.confusion!.flat().reduce((a, b) => a + b, 0)).toBe(300);
    // A seeded subset of the class-sorted digits holds every class.
    expect(out.perClass!.every((p) => p.samples > 0)).toBe(true);
  });

  it.concurrent('prints a summary and the confusion matrix, progress on stderr', async () => {
    const r = await runScaledown(['eval', LENET, '--data', 'mnist', '--samples', '200', '--reference', LENET]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ONNX in onnxruntime-node, 200 samples of mnist/);
    expect(r.stdout).toMatch(/top-1 \d+\.\d\d % \(\d+ \/ 200\), top-5/);
    expect(r.stdout).toMatch(/confusion matrix/);
    expect(r.stdout).toMatch(/agreement 100\.00 %, SQNR exact/);
    expect(r.stderr).toMatch(/evaluating on 200 samples: 100 %/);
  });

  itRefusesEach([
    { what: 'a missing --data', args: () => ['eval', LENET], code: 2, says: /needs --data/ },
    {
      what: 'data that does not fit the input, naming the dimension',
      args: () => ['eval', LENET, '--data', at('wrong.npz')],
      code: 1,
      says: /^.*wrong\.npz: shape-mismatch: .*\[28, 27\].*the data has 27 where the model wants 28/,
    },
    {
      what: 'a label the model has no class for',
      args: () => ['eval', LENET, '--data', at('bad-labels.npz')],
      code: 1,
      says: /bad-labels\.npz: shape-mismatch: y holds the label 12, but the model gives 10 class scores/,
    },
    {
      what: 'an empty data file',
      args: () => ['eval', LENET, '--data', at('sines.npy')],
      code: 1,
      says: /sines\.npy: /,
    },
    {
      what: 'a TF.js model',
      args: () => ['eval', at('model.json'), '--data', 'mnist'],
      code: 1,
      says: /model\.json: unsupported: evaluating TF\.js models .* not supported yet/,
    },
    {
      what: 'a bad --samples',
      args: () => ['eval', LENET, '--data', 'mnist', '--samples', '0'],
      code: 2,
      says: /--samples must be a positive whole number/,
    },
  ]);
});

describe.skipIf(!hasCorpus())('scaledown eval on the corpus', () => {
  it('acceptance: ONNX Zoo MNIST-8 scores 99.34 % ± 0.05 on all 10,000 built-in digits (0..255)', async () => {
    const model = corpusPath('models/onnx/onnxzoo_mnist-8.onnx');
    const r = await runScaledown(['eval', model, '--data', 'mnist', '--scale', '255', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out.samples).toBe(10_000);
    expect(Math.abs(out.top1! - 0.9934)).toBeLessThanOrEqual(0.0005);
    expect(out.classes).toBe(10);
    expect(out.top5).toBeGreaterThan(out.top1!);
    expect(out.confusion!.flat().reduce((a, b) => a + b, 0)).toBe(10_000);
  });

  it('TFLite runs in the reference executor; the int8 model against the float one', async () => {
    const float = corpusPath('models/tflite/tflm_hello_world_float.tflite');
    const int8 = corpusPath('models/tflite/tflm_hello_world_int8.tflite');
    const x = Float32Array.from({ length: 64 }, (_, i) => (i / 63) * 2 * Math.PI);
    writeFileSync(at('angles.npy'), writeNpzX(x));
    const r = await runScaledown(['eval', int8, '--data', at('angles.npy'), '--reference', float, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out).toMatchObject({ runtime: 'reference executor', samples: 64, valuesPerSample: 1 });
    expect(out.top1).toBeUndefined();
    // Both approximate sin(x): the int8 model stays close to the float one.
    expect(out.sqnr).toBeGreaterThan(10);
    expect(out.statistics.min).toBeLessThan(-0.5);
    expect(out.statistics.max).toBeGreaterThan(0.5);
  });
});

function writeNpzX(x: Float32Array): Uint8Array {
  return writeNpz({ x: { dtype: 'float32', shape: [x.length, 1], data: x } });
}
