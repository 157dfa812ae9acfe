// Issue acceptance: structured pruning of 50 % of channels on the MNIST CNNs (the studio's sample and the
// ONNX zoo's MNIST-8) cuts MACs by at least 40 %, and the result runs in onnxruntime-node with the
// original input and output shapes, passes the onnx checker, and equals the original with the removed
// channels zeroed. Top-1 on 300 of the built-in digits is printed for information (no retraining).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { MNIST_DIGITS_FILE, readMnistDigits } from '../../../data/index';
import { readOnnx, writeOnnx } from '../../../formats/onnx/index';
import type { Model } from '../../../ir/types';
import { TransformError } from '../../../errors';
import { seededRandom } from '../../../util/random';
import { CORPUS_DIR, corpusPath, hasCorpus, listFiles, readBytes, REPO_ROOT } from '../../../../test-support/corpus';
import { checkModels } from '../../../../test-support/onnx/conformance';
import type { PruneReport } from '../types';
import { pruneChannels } from './index';
import { zeroChannels, type ZeroSpec } from './test-graphs';

const DIGITS = 300;
const mnist = readMnistDigits(readBytes(join(REPO_ROOT, 'public/samples', MNIST_DIGITS_FILE)), { unit: true });
const dir = mkdtempSync(join(tmpdir(), 'scaledown-prune-channels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Case {
  readonly name: string;
  readonly path: string;
  readonly needsCorpus: boolean;
  /** Pixels are fed as 0..1 × scale. */
  readonly scale: number;
  /** Per-channel constants after each conv besides its own bias (CNTK adds them with Add). */
  readonly followers: Readonly<Record<string, readonly string[]>>;
}

const CASES: readonly Case[] = [
  {
    name: 'mnist-cnn (sample)',
    path: join(REPO_ROOT, 'public/samples/mnist-cnn.onnx'),
    needsCorpus: false,
    scale: 1,
    followers: {},
  },
  {
    name: 'onnxzoo_mnist-8',
    path: corpusPath('models/onnx/onnxzoo_mnist-8.onnx'),
    needsCorpus: true,
    scale: 255,
    followers: { Convolution28: ['Parameter6'], Convolution110: ['Parameter88'] },
  },
];

/** Logits of every digit fed through `bytes` in onnxruntime, with the I/O dims it saw. */
async function logits(bytes: Uint8Array, scale: number): Promise<{ values: Float32Array[]; io: unknown }> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const input = session.inputNames[0]!;
    const x = mnist.x.data as Float32Array;
    const values: Float32Array[] = [];
    let outDims: readonly number[] = [];
    for (let k = 0; k < DIGITS; k++) {
      const i = Math.floor(((k + 0.5) * mnist.count) / DIGITS);
      const feed = new ort.Tensor(
        'float32',
        x.slice(i * 784, (i + 1) * 784).map((v) => v * scale),
        [1, 1, 28, 28],
      );
      const out = (await session.run({ [input]: feed }))[session.outputNames[0]!]!;
      outDims = out.dims;
      values.push(Float32Array.from(out.data as Float32Array));
    }
    return { values, io: { inputs: session.inputNames, outputs: session.outputNames, outDims } };
  } finally {
    await session.release();
  }
}

function top1(values: readonly Float32Array[]): number {
  let right = 0;
  values.forEach((v, k) => {
    const i = Math.floor(((k + 0.5) * mnist.count) / DIGITS);
    const guess = v.indexOf(Math.max(...v));
    if (guess === Number(mnist.y!.data[i])) right++;
  });
  return right / values.length;
}

function zeroSpecs(model: Model, report: PruneReport, followers: Case['followers']): ZeroSpec[] {
  return report.layers.flatMap((l) => {
    const channels = l.removedChannels ?? [];
    if (!channels.length) return [];
    const node = model.graph.nodes.find((n) => n.id === l.nodeId)!;
    const ids = [node.inputs[1]!, node.inputs[2] ?? '', ...(followers[l.nodeId] ?? [])].filter((id) => id !== '');
    return ids.map((tensor) => ({ tensor, axis: 0, channels }));
  });
}

describe('structured pruning acceptance on the MNIST CNNs', () => {
  for (const c of CASES) {
    it.skipIf(c.needsCorpus && !hasCorpus())(`${c.name}: 50 % of channels cuts MACs ≥ 40 % and runs`, async () => {
      const bytes = readBytes(c.path);
      const model = readOnnx([{ name: c.name, bytes }]);
      const { model: pruned, report } = pruneChannels(model, { method: 'channels', sparsity: 0.5 });
      const cut = 1 - report.macsAfter! / report.macsBefore!;
      expect(cut).toBeGreaterThanOrEqual(0.4);
      // Thinner activations: the peak of live activation memory falls too.
      expect(report.peakActivationBytesAfter!).toBeLessThan(report.peakActivationBytesBefore!);
      expect(report.weightBytesAfter!).toBeLessThan(report.weightBytesBefore!);

      const [file] = writeOnnx(pruned);
      const path = join(dir, `${c.name.replace(/\W+/g, '_')}.pruned.onnx`);
      writeFileSync(path, file!.bytes);
      const original = await logits(bytes, c.scale);
      const got = await logits(file!.bytes, c.scale);
      expect(got.io).toEqual(original.io);

      const [zeroedFile] = writeOnnx(zeroChannels(model, zeroSpecs(model, report, c.followers)));
      const zeroed = await logits(zeroedFile!.bytes, c.scale);
      let worst = 0;
      got.values.forEach((v, k) => v.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - zeroed.values[k]![i]!)))));
      expect(worst).toBeLessThan(1e-4 * c.scale);

      const checked = checkModels([path], dir);
      if (!checked.available) console.warn(`[skip] onnx checker: ${checked.reason}`);
      else expect(checked.results[path] ?? null).toBeNull();

      // For information: a gentler cut, as the accuracy-vs-sparsity trade-off.
      const quarter = pruneChannels(model, { method: 'channels', sparsity: 0.25 });
      const quarterTop1 = top1((await logits(writeOnnx(quarter.model)[0]!.bytes, c.scale)).values);
      console.log(
        `${c.name}: 25 % of channels: MACs ${quarter.report.macsAfter}, top-1 ${(100 * quarterTop1).toFixed(1)} %`,
      );
      console.log(
        `${c.name}: MACs ${report.macsBefore} → ${report.macsAfter} (−${(100 * cut).toFixed(1)} %), ` +
          `weights ${report.weightBytesBefore} → ${report.weightBytesAfter} B, ` +
          `top-1 on ${DIGITS} digits ${(100 * top1(original.values)).toFixed(1)} % → ${(100 * top1(got.values)).toFixed(1)} % ` +
          `(max |Δ| vs zeroed original ${worst.toExponential(1)})`,
      );
    });
  }
});

/** Output names and dims of a model in onnxruntime on seeded random inputs (symbolic dims as 1). */
async function runRandom(
  bytes: Uint8Array,
  model: Model,
): Promise<{ names: string[]; dims: unknown[]; finite: boolean }> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const random = seededRandom(5);
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of session.inputNames) {
      const t = model.graph.tensors.find((x) => x.id === name)!;
      const dims = (t.shape ?? []).map((d) => (typeof d === 'number' ? d : 1));
      const n = dims.reduce((a, b) => a * b, 1);
      feeds[name] = new ort.Tensor(
        'float32',
        Float32Array.from({ length: n }, () => random()),
        dims,
      );
    }
    const out = await session.run(feeds);
    const values = session.outputNames.map((n) => out[n]!);
    const finite = values.every((v) => (v.data as Float32Array).every(Number.isFinite));
    return { names: [...session.inputNames, ...session.outputNames], dims: values.map((v) => v.dims), finite };
  } finally {
    await session.release();
  }
}

describe.skipIf(!hasCorpus())('structured pruning of every corpus ONNX model', () => {
  for (const path of listFiles(join(CORPUS_DIR, 'models/onnx'), ['.onnx']).filter((p) => !p.includes('node_tests'))) {
    const name = path.split('/').pop()!;
    it(`${name}: prunes to a model onnxruntime runs with the same I/O, or refuses with a reason`, async () => {
      const bytes = readBytes(path);
      const model = readOnnx([{ name, bytes }]);
      let result;
      try {
        result = pruneChannels(model, { method: 'channels', sparsity: 0.5 });
      } catch (e) {
        expect(e).toBeInstanceOf(TransformError);
        expect((e as TransformError).code).toBe('not-applicable');
        console.log(`${name}: refused: ${(e as Error).message}`);
        return;
      }
      const [file] = writeOnnx(result.model);
      const [before, after] = [await runRandom(bytes, model), await runRandom(file!.bytes, model)];
      expect(after).toEqual(before);
      const r = result.report;
      console.log(
        `${name}: MACs ${r.macsBefore} → ${r.macsAfter}, weights ${r.weightBytesBefore} → ${r.weightBytesAfter} B`,
      );
    });
  }
});
