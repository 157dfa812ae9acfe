import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { readTflite, tfliteOptionAttributes as options, writeTflite } from '../src/core/formats/tflite';
import { GraphBuilder } from '../src/core/ir/builder';
import type { Model } from '../src/core/ir/types';
import { cleanupModel } from '../src/core/transforms/cleanup';
import { messyTflite } from '../src/core/transforms/cleanup/test-models';
import { values } from '../src/core/transforms/cleanup/test-graphs';
import { CORPUS_DIR, corpusFile, corpusTfliteModels, expect, test } from './helpers';
import { compareModels, compareOnSamples, corpusModelUrl, useTfliteHarness } from './harness/session';

// The TFLite clean-ups in the TFLite interpreter of @tensorflow/tfjs-tflite (Chromium). Each corpus model
// gets a messy twin (fused activations split into RELU / RELU6 ops, a RESHAPE that changes nothing, a dead
// branch; src/core/transforms/cleanup/test-models.ts); its clean-up runs bit-identically to the original
// on seeded random inputs and the corpus data that fits (and so does the twin, where the interpreter can
// run it). Builder-made models check constant folding, and that the interpreter ignores a fused TANH (why
// fuse-activations leaves TANH alone).

const modelsDir = corpusFile('models/tflite');
const models = corpusTfliteModels();
const RANDOM_SETS = 3;
/** Models whose messy twin (its dead op) the interpreter cannot run. */
const CRASHING_TWINS = ['mlperf_vww_mobilenetv1_96_float.tflite'];

const read = (path: string): Model =>
  readTflite([{ name: path.split('/').pop()!, bytes: new Uint8Array(readFileSync(path)) }]);

const harness = useTfliteHarness('cleanup');

/** Runs both files in the interpreter; returns the input sets whose outputs differ (empty: bit-identical). */
async function differing(page: Page, model: string, original: string, rewritten: string): Promise<string[]> {
  const report = await compareModels(page, { model, original, rewritten, randomSets: RANDOM_SETS });
  expect(report.signatureDifference, `${rewritten}: inputs and outputs`).toBeUndefined();
  expect(report.runs.length).toBeGreaterThanOrEqual(RANDOM_SETS);
  return report.runs.filter((r) => !r.identical).map((r) => `${r.label}: ${r.difference}`);
}

const save = (name: string, model: Model): string => harness.save(name, writeTflite(model)[0]!.bytes);

test.describe('TFLite clean-ups run bit-identically in tfjs-tflite', () => {
  test.skip(!modelsDir, `the shared corpus is absent (${CORPUS_DIR}/models/tflite); set CORPUS_DIR to run`);

  for (const model of models) {
    test(model, async ({ page, request }) => {
      const original = read(join(modelsDir!, model));
      const messy = messyTflite(original);
      const { model: cleaned, report } = cleanupModel(messy);
      console.log(
        `[cleanup] ${model}: messy ${report.nodesBefore} nodes → cleaned ${report.nodesAfter} (original ` +
          `${original.graph.nodes.length}); ${report.passes.map((p) => `${p.pass} ${p.changed}`).join(', ')}`,
      );
      expect(report.nodesAfter).toBe(original.graph.nodes.length);
      const base = model.replace('.tflite', '');
      const [messyUrl, cleanedUrl] = [save(`${base}-messy.tflite`, messy), save(`${base}-cleaned.tflite`, cleaned)];
      await harness.open(page, request);
      const originalUrl = corpusModelUrl(model);
      expect(await differing(page, model, originalUrl, cleanedUrl), 'the clean-up vs the original').toEqual([]);
      // The twin itself: on the float MobileNet the interpreter crashes on any op whose output nobody
      // reads ("memory access out of bounds"), which the clean-up removes. Elsewhere it runs identically.
      const twin = await differing(page, model, originalUrl, messyUrl).catch((error: unknown) => {
        console.log(`[cleanup] ${model}: the interpreter fails on the messy twin: ${String(error).split('\n')[0]}`);
        return undefined;
      });
      if (twin !== undefined) expect(twin, 'the messy twin vs the original').toEqual([]);
      else expect(CRASHING_TWINS).toContain(model);
    });
  }
});

/** x [1, 6, 6, 2] → CONV_2D with `fused` → `after` op (or none) → y. */
function convModel(fused: string, after?: string): Model {
  const b = new GraphBuilder('conv');
  const x = b.input('x', 'float32', [1, 6, 6, 2]);
  const w = b.constant('w', values(3 * 3 * 3 * 2, 1), [3, 3, 3, 2]);
  const bias = b.constant('b', values(3, 2, 0.1), [3]);
  const conv = b.op(
    'CONV_2D',
    [x, w, bias],
    options('CONV_2D', { padding: 'SAME', stride_w: 1, stride_h: 1, fused_activation_function: fused }),
    { outputs: [after ? 'conv' : 'y'], dtype: 'float32', shape: [1, 6, 6, 3] },
  );
  if (after) b.op(after, [conv], {}, { outputs: ['y'], dtype: 'float32', shape: [1, 6, 6, 3] });
  b.output('y');
  return b.model({ format: 'tflite' });
}

test('constant folding and fusion of a builder-made model keep its outputs', async ({ page, request }) => {
  const b = new GraphBuilder('fold');
  const x = b.input('x', 'float32', [1, 4]);
  const w = b.constant('w', values(12, 3), [4, 3]);
  const perm = b.constant('perm', Int32Array.of(1, 0), [2]);
  const wt = b.op('TRANSPOSE', [w, perm], {}, { outputs: ['wt'], dtype: 'float32', shape: [3, 4] });
  const b1 = b.constant('b1', values(3, 4), [3]);
  const b2 = b.constant('b2', values(3, 5), [3]);
  const bias = b.op('ADD', [b1, b2], options('ADD'), { outputs: ['bias'], dtype: 'float32', shape: [3] });
  const fc = b.node('FULLY_CONNECTED', [x, wt, bias], options('FULLY_CONNECTED'), {
    outputs: ['fc'],
    dtype: 'float32',
    shape: [1, 3],
  })[0]!;
  b.output(b.op('RELU6', [fc], {}, { outputs: ['y'], dtype: 'float32', shape: [1, 3] }));
  const model = b.model({ format: 'tflite' });
  const { model: cleaned, report } = cleanupModel(model);
  expect(cleaned.graph.nodes.map((n) => n.op)).toEqual(['FULLY_CONNECTED']);
  expect(report.passes.filter((p) => p.changed).map((p) => p.pass)).toEqual(['fold-constants', 'fuse-activations']);
  const samples = values(4 * 50, 8, 4);
  const job = {
    float: save('fold-original.tflite', model),
    quantized: save('fold-cleaned.tflite', cleaned),
    inputs: harness.save('fold-inputs.bin', new Uint8Array(samples.buffer)),
  };
  await harness.open(page, request);
  // Not bit-identical: with constant weights the interpreter takes its pre-packed fully-connected path,
  // which sums in another order (1 ulp here and there).
  const r = await compareOnSamples(page, job);
  console.log(
    `[cleanup] folded TRANSPOSE / ADD and fused RELU6: max |Δ| ${r.maxAbsError.toExponential(1)} over ${r.samples} inputs`,
  );
  expect(r.samples).toBe(50);
  expect(r.maxAbsError).toBeLessThan(1e-5);
});

test('the interpreter ignores a fused TANH, so TANH stays an op of its own', async ({ page, request }) => {
  // A fused RELU6 clamps as a RELU6 op does; a fused TANH changes nothing (CalculateActivationRange has
  // no TANH case), so a TANH op cannot become a fused one.
  const relu6 = [save('relu6-op.tflite', convModel('NONE', 'RELU6')), save('relu6-fused.tflite', convModel('RELU6'))];
  const tanhOp = save('tanh-op.tflite', convModel('NONE', 'TANH'));
  const tanhFused = save('tanh-fused.tflite', convModel('TANH'));
  const plain = save('plain.tflite', convModel('NONE'));
  expect(cleanupModel(convModel('NONE', 'TANH')).report.nodesAfter).toBe(2);
  const inputs = harness.save('conv-inputs.bin', new Uint8Array(values(72 * 20, 9, 3).buffer));
  await harness.open(page, request);
  expect(await differing(page, 'conv.tflite', relu6[0]!, relu6[1]!)).toEqual([]);
  const compare = (a: string, b: string) => compareOnSamples(page, { float: a, quantized: b, inputs });
  const [asOp, asPlain] = [await compare(tanhOp, tanhFused), await compare(plain, tanhFused)];
  console.log(
    `[cleanup] fused TANH vs TANH op: max |Δ| ${asOp.maxAbsError.toFixed(3)}; vs no activation: ${asPlain.maxAbsError.toExponential(1)}`,
  );
  expect(asOp.maxAbsError).toBeGreaterThan(1);
  expect(asPlain.maxAbsError).toBeLessThan(1e-5);
});
