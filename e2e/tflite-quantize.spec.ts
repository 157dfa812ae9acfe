import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuantizeJson } from '../src/cli/commands/quantize';
import { writeNpz } from '../src/core/data';
import { readTflite, writeTflite } from '../src/core/formats/tflite';
import type { Model, Node } from '../src/core/ir/types';
import type { QuantizeOptions } from '../src/core/transforms/quantize/types';
import { calibrate, quantizeModel } from '../src/core/transforms/quantize';
import { floatOpZoo, randomFeeds } from '../src/core/transforms/quantize/tflite/test-models';
import { CORPUS_DIR, corpusFile, expect, test } from './helpers';
import { corpusInputs } from './harness/inputs';
import type { QuantizedReport } from './harness/quantized';
import { compareOnSamples, corpusModelUrl, useTfliteHarness, writtenUrl } from './harness/session';
import { smoothImages, spreadScalars } from './harness/synthetic';

// Full-integer int8 quantization of the corpus's float TFLite models, checked in the TFLite interpreter
// of @tensorflow/tfjs-tflite (Chromium) against the float models and against the int8 files the TFLite
// converter made from the same float models. Calibration and quantization run in Node: the calibration
// set is written as .npz and `scaledown quantize IN OUT --mode int8 --calibration DATA.npz` makes the
// file; the page only runs the interpreter. Calibration and evaluation use different inputs except for
// the anomaly-detection clip, which is both (the acceptance figure is the reconstruction error on it).

const modelsDir = corpusFile('models/tflite');
// MANIFEST.md: the clip scores 9.70710781 through the float autoencoder.
const AD_FLOAT_MSE = 9.70710781;

/** Real-valued samples for a model's one input, concatenated. */
type Samples = (read: (relative: string) => Promise<Uint8Array | undefined>) => Promise<Float32Array>;

interface Case {
  readonly model: string;
  readonly reference: string;
  readonly calibration: Samples;
  readonly evaluation: Samples;
}

const corpusReader = async (relative: string): Promise<Uint8Array | undefined> => {
  const path = corpusFile(relative);
  return path ? new Uint8Array(readFileSync(path)) : undefined;
};

/** The corpus data the harness feeds the float model (the person images, the AD clip windows). */
async function corpusSamples(model: string, size: number): Promise<Float32Array> {
  const sets = await corpusInputs(model, [{ name: 'input', dtype: 'float32', shape: [], size }], corpusReader);
  return concat(sets.map((s) => s.values[0] as Float32Array));
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const VWW_IMAGE = { height: 96, width: 96, channels: 3, lo: 0, hi: 1 };
// MANIFEST.md: the int8 ResNet-8 takes raw pixels (scale 1, zero point -128), so the float one takes 0..255.
const CIFAR_IMAGE = { height: 32, width: 32, channels: 3, lo: 0, hi: 255 };
const VWW = 'mlperf_vww_mobilenetv1_96_float.tflite';
const AD = 'mlperf_ad_autoencoder_float.tflite';

const CASES: readonly Case[] = [
  {
    model: 'tflm_hello_world_float.tflite',
    reference: 'tflm_hello_world_int8.tflite',
    // The sine model's domain.
    calibration: async () => spreadScalars(0, 2 * Math.PI, 200, 1),
    evaluation: async () => spreadScalars(0, 2 * Math.PI, 120, 2),
  },
  {
    model: 'mlperf_ic_resnet8_float.tflite',
    reference: 'mlperf_ic_resnet8_int8.tflite',
    calibration: async () => smoothImages(CIFAR_IMAGE, 100, 11),
    evaluation: async () => smoothImages(CIFAR_IMAGE, 120, 12),
  },
  {
    model: VWW,
    reference: 'mlperf_vww_mobilenetv1_96_int8.tflite',
    calibration: async () => concat([smoothImages(VWW_IMAGE, 100, 21), await corpusSamples(VWW, 96 * 96 * 3)]),
    evaluation: async () => concat([smoothImages(VWW_IMAGE, 120, 22), await corpusSamples(VWW, 96 * 96 * 3)]),
  },
  {
    model: AD,
    reference: 'mlperf_ad_autoencoder_int8.tflite',
    calibration: async () => corpusSamples(AD, 640),
    evaluation: async () => corpusSamples(AD, 640),
  },
];

const read = (path: string): Model =>
  readTflite([{ name: path.split('/').pop()!, bytes: new Uint8Array(readFileSync(path)) }]);
const versionOf = (n: Node): number => (n.extras?.['tflite'] as { version?: number } | undefined)?.version ?? 1;
const opVersions = (m: Model): string[] => m.graph.nodes.map((n) => `${n.op} v${versionOf(n)}`);

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Dims of one sample of the model's input (its shape without the batch dim). */
function sampleDims(model: Model): number[] {
  const input = model.graph.tensors.find((t) => t.id === model.graph.inputs[0])!;
  return input.shape!.slice(1).map((d) => (typeof d === 'number' ? d : 1));
}

const inputSize = (model: Model): number => sampleDims(model).reduce((a, b) => a * b, 1);

/** The calibration samples as an .npz file: array x, one sample per row. */
function calibrationNpz(model: Model, samples: Float32Array): Uint8Array {
  const shape = [samples.length / inputSize(model), ...sampleDims(model)];
  return writeNpz({ x: { dtype: 'float32', shape, data: samples } });
}

/** Runs `scaledown quantize IN OUT ARGS… --json`; resolves to its JSON report. */
function scaledownQuantize(input: string, output: string, options: readonly string[]): Promise<QuantizeJson> {
  const args = ['quantize', input, output, ...options, '--json'];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(root, 'bin/scaledown.js'), ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) =>
      code === 0
        ? done(JSON.parse(stdout) as QuantizeJson)
        : fail(new Error(`scaledown quantize: ${stderr.trim() || `exit ${code}`}`)),
    );
  });
}

test.describe('full-int8 TFLite from the corpus float models runs in tfjs-tflite', () => {
  test.skip(!modelsDir, `the shared corpus is absent (${CORPUS_DIR}/models/tflite); set CORPUS_DIR to run`);

  const harness = useTfliteHarness('tflite-quantize');
  /** Raw float32 samples written into the harness folder; returns their URL. */
  const saveSamples = (name: string, samples: Float32Array): string =>
    harness.save(name, new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));

  for (const c of CASES) {
    test(c.model, async ({ page, request }) => {
      test.setTimeout(240_000);
      const floatPath = join(modelsDir!, c.model);
      const referencePath = join(modelsDir!, c.reference);
      test.skip(!existsSync(floatPath) || !existsSync(referencePath), `needs ${c.model} and ${c.reference}`);
      const out = c.model.replace('_float.tflite', '_scaledown_int8.tflite');
      const inputs = c.model.replace('.tflite', '-eval.bin');

      // Node: the calibration set as .npz, `scaledown quantize` makes the file, the page's inputs.
      const float = read(floatPath);
      const [samples, evaluation] = await Promise.all([c.calibration(corpusReader), c.evaluation(corpusReader)]);
      const npz = join(harness.dir, c.model.replace('.tflite', '-calibration.npz'));
      writeFileSync(npz, calibrationNpz(float, samples));
      // --samples above every set's size: calibrate on all of it.
      const cli = await scaledownQuantize(floatPath, join(harness.dir, out), [
        ...['--mode', 'int8', '--calibration', npz, '--samples', '100000'],
      ]);
      const report = cli.report;
      const inputsUrl = saveSamples(inputs, evaluation);

      // The file mirrors the converter's: same ops and versions, int8 in and out, about the same size.
      const ours = read(join(harness.dir, out));
      const reference = read(referencePath);
      const size = cli.bytes / readFileSync(referencePath).byteLength;
      expect(cli.calibration?.samples, 'every calibration sample was used').toBe(samples.length / inputSize(float));
      expect(opVersions(ours), 'ops and versions vs the converter’s int8 file').toEqual(opVersions(reference));
      for (const id of [...ours.graph.inputs, ...ours.graph.outputs])
        expect(ours.graph.tensors.find((t) => t.id === id)!.dtype).toBe('int8');

      // Chromium: both files against the float model on the same inputs.
      await harness.open(page, request);
      const job = (quantized: string) => ({ float: corpusModelUrl(c.model), quantized, inputs: inputsUrl });
      const result = await compareOnSamples(page, job(writtenUrl(out)));
      const baseline = await compareOnSamples(page, job(corpusModelUrl(c.reference)));
      log(c, result, baseline, size, report);

      expect(result.samples).toBeGreaterThanOrEqual(100);
      // One-value outputs (hello_world) have no direction per sample: their vector is all samples' outputs.
      const cosine = result.quantizedOutput.size === 1 ? result.overallCosine : result.cosine.mean;
      expect(cosine, 'cosine of the de-quantized outputs to the float model’s').toBeGreaterThanOrEqual(0.98);
      expect(Math.abs(size - 1), 'file size vs the converter’s int8 file').toBeLessThanOrEqual(0.05);
      if (c.model === AD) {
        const mse = result.reconstructionMse!;
        expect(Math.abs(mse.float - AD_FLOAT_MSE)).toBeLessThan(1e-4);
        expect(
          Math.abs(mse.quantized / mse.float - 1),
          'reconstruction error vs the float model’s',
        ).toBeLessThanOrEqual(0.1);
      }
    });
  }

  // The weight-only modes need no data: hybrid int8 weights (read by the hybrid kernels, per channel and
  // per tensor) and float16 weights (DEQUANTIZE ops) load in the interpreter and stay close to float.
  test('hybrid int8 and float16 weights run in tfjs-tflite', async ({ page, request }) => {
    test.setTimeout(180_000);
    await harness.open(page, request);
    const modes = {
      'int8-weights': ['--mode', 'int8-weights'],
      'int8-weights per-tensor': ['--mode', 'int8-weights', '--granularity', 'per-tensor'],
      float16: ['--mode', 'float16'],
    };
    for (const c of CASES.slice(1)) {
      const floatPath = join(modelsDir!, c.model);
      if (!existsSync(floatPath)) continue;
      const inputs = saveSamples(c.model.replace('.tflite', '-weights-eval.bin'), await c.evaluation(corpusReader));
      for (const [label, args] of Object.entries(modes)) {
        const out = c.model.replace('_float.tflite', `_${label.replace(/\W+/g, '_')}.tflite`);
        const cli = await scaledownQuantize(floatPath, join(harness.dir, out), args);
        const r = await compareOnSamples(page, { float: corpusModelUrl(c.model), quantized: writtenUrl(out), inputs });
        const ops = [...new Set(read(join(harness.dir, out)).graph.nodes.map((n) => `${n.op} v${versionOf(n)}`))].join(
          ', ',
        );
        console.log(
          `[tflite-quantize] ${c.model} ${label}: ${(100 * cli.ratio).toFixed(1)}% of the float file, ` +
            `cosine min ${r.cosine.min.toFixed(5)} mean ${r.cosine.mean.toFixed(5)}; ${ops}`,
        );
        expect(r.cosine.mean, `${c.model} ${label}`).toBeGreaterThan(label === 'float16' ? 0.9999 : 0.99);
        expect(cli.ratio).toBeLessThan(label === 'float16' ? 0.55 : 0.4);
      }
    }
  });

  // A builder-made model holding most ops of the int8 spec (PAD, MAX_POOL_2D, SUB, LOGISTIC, TANH, MUL,
  // CONCATENATION, MEAN, RESHAPE, SQUEEZE, …): with int8 I/O, with float I/O (QUANTIZE / DEQUANTIZE at
  // the edges) and with MEAN kept in float (DEQUANTIZE / QUANTIZE around it), the interpreter's int8
  // outputs stay within two output steps (2/256) of the float model's.
  test('every int8 op rule, float I/O and a layer kept in float', async ({ page, request }) => {
    const model = floatOpZoo();
    const float = harness.save('zoo_float.tflite', writeTflite(model)[0]!.bytes);
    const { ranges } = await calibrate(model, randomFeeds(model, 64, 0, 1, 3));
    const evaluation = concat(randomFeeds(model, 100, 0, 1, 4).map((f) => Object.values(f)[0]!));
    const inputs = saveSamples('zoo-eval.bin', evaluation);
    const mean = model.graph.nodes.find((n) => n.op === 'MEAN')!.id;
    const variants: Record<string, Partial<QuantizeOptions>> = {
      'int8 I/O': {},
      'float I/O': { ioType: 'float' },
      'MEAN in float': { overrides: { [mean]: { keepFloat: true } } },
    };
    await harness.open(page, request);
    for (const [label, options] of Object.entries(variants)) {
      const name = `zoo_${label.replace(/\W+/g, '_')}.tflite`;
      const q = quantizeModel(model, { mode: 'int8', activationRanges: ranges, ...options });
      const quantized = harness.save(name, writeTflite(q.model)[0]!.bytes);
      const r = await compareOnSamples(page, { float, quantized, inputs });
      const ops = q.model.graph.nodes.map((n) => `${n.op} v${versionOf(n)}`).join(', ');
      console.log(
        `[tflite-quantize] op zoo, ${label}: max error ${r.maxAbsError.toFixed(4)}, cosine min ${r.cosine.min.toFixed(6)}; ${ops}`,
      );
      expect(r.quantizedInput.dtype).toBe(label === 'float I/O' ? 'float32' : 'int8');
      expect(r.maxAbsError, label).toBeLessThanOrEqual(2 / 256);
      expect(r.cosine.min, label).toBeGreaterThan(0.999);
    }
  });
});

// --json prints an error-free (infinite) SQNR as null.
const dB = (v: number | null): string => (v === null ? 'exact' : `${v.toFixed(1)} dB`);

function log(
  c: Case,
  r: QuantizedReport,
  baseline: QuantizedReport,
  size: number,
  report: QuantizeJson['report'],
): void {
  const figures = (q: QuantizedReport) =>
    `cosine min ${q.cosine.min.toFixed(4)} mean ${q.cosine.mean.toFixed(4)} overall ${q.overallCosine.toFixed(4)}` +
    (q.argmaxAgreement !== undefined ? `, top-1 agreement ${(100 * q.argmaxAgreement).toFixed(1)}%` : '') +
    (q.reconstructionMse
      ? `, reconstruction MSE ${q.reconstructionMse.quantized.toFixed(4)} vs float ${q.reconstructionMse.float.toFixed(4)} ` +
        `(${(100 * (q.reconstructionMse.quantized / q.reconstructionMse.float - 1)).toFixed(2)}%)`
      : '');
  console.log(
    `[tflite-quantize] ${c.model} (${r.samples} inputs): ${figures(r)}; ` +
      `size ${(100 * size).toFixed(2)}% of ${c.reference}; weight SQNR ${dB(report.totals.weightSqnrDb)} ` +
      `(worst layer ${dB(report.totals.minWeightSqnrDb)})`,
  );
  console.log(`[tflite-quantize]   converter's ${c.reference} on the same inputs: ${figures(baseline)}`);
  for (const w of report.warnings) console.log(`[tflite-quantize]   note: ${w}`);
}
