// Clean-up of the corpus ONNX models (and the MNIST sample), checked by independent consumers:
// onnxruntime-node runs the original and every rewritten model (the whole clean-up, and each pass that
// changed something on its own) on the same seeded inputs, and the Python onnx checker accepts the files.
// onnxruntime runs with graph optimizations disabled, so it computes the graphs as written.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { readOnnx, writeOnnx } from '../../formats/onnx/index';
import type { Model } from '../../ir/types';
import { seededRandom } from '../../util/random';
import { corpusPath, hasCorpus, listFiles, readBytes, REPO_ROOT } from '../../../test-support/corpus';
import { deepFreeze } from '../../../test-support/deep-freeze';
import { checkModels } from '../../../test-support/onnx/conformance';
import { cleanupModel } from './index';
import { convBnModel, denseBnModel } from './test-graphs';
import { CLEANUP_PASSES } from './types';

interface Case {
  readonly name: string;
  readonly path: string;
  readonly lo: number;
  readonly hi: number;
  /** Inputs per comparison (DenseNet-121 at 2.8 GMACs gets one). */
  readonly inputs: number;
  /** Node counts after the whole clean-up. */
  readonly nodesAfter: number;
}

const onnx = (file: string): string => corpusPath(`models/onnx/${file}`);

const CASES: readonly Case[] = [
  // 2 BatchNormalization after MatMul (parameters in Constant nodes): both folded, the MatMuls become Gemms.
  {
    name: 'onnx2c_mnist_mlp_bn_pytorch',
    path: onnx('onnx2c_mnist_mlp_bn_pytorch.onnx'),
    lo: 0,
    hi: 1,
    inputs: 4,
    nodesAfter: 3,
  },
  // MatMul + Add + Relu: nothing to clean.
  {
    name: 'onnx2c_tflm_hello_world_sine',
    path: onnx('onnx2c_tflm_hello_world_sine.onnx'),
    lo: -3,
    hi: 3,
    inputs: 4,
    nodesAfter: 8,
  },
  // The Reshape of the MatMul weight folds.
  { name: 'onnxzoo_mnist-8', path: onnx('onnxzoo_mnist-8.onnx'), lo: 0, hi: 255, inputs: 4, nodesAfter: 11 },
  // The Dropout goes; the 39 weight generators stay generators.
  { name: 'onnx_light_squeezenet', path: onnx('onnx_light_squeezenet.onnx'), lo: 0, hi: 1, inputs: 2, nodesAfter: 104 },
  // 59 BatchNormalization after Conv folded (generated weights stay generated), 4 Unsqueeze of constants.
  {
    name: 'onnx_light_densenet121',
    path: onnx('onnx_light_densenet121.onnx'),
    lo: 0,
    hi: 1,
    inputs: 1,
    nodesAfter: 1509,
  },
];

const SAMPLE: Case = {
  name: 'mnist-cnn (sample)',
  path: join(REPO_ROOT, 'public/samples/mnist-cnn.onnx'),
  lo: 0,
  hi: 1,
  inputs: 4,
  nodesAfter: -1,
};

function feedsFor(model: Model, c: Case): Record<string, ort.Tensor>[] {
  const random = seededRandom(5);
  const constants = new Set(model.graph.tensors.filter((t) => t.data).map((t) => t.id));
  const inputs = model.graph.inputs.filter((id) => !constants.has(id));
  return Array.from({ length: c.inputs }, () =>
    Object.fromEntries(
      inputs.map((id) => {
        const t = model.graph.tensors.find((x) => x.id === id)!;
        const dims = (t.shape ?? []).map((d) => (typeof d === 'number' ? d : 1));
        const data = Float32Array.from(
          { length: dims.reduce((a, b) => a * b, 1) },
          () => c.lo + (c.hi - c.lo) * random(),
        );
        return [id, new ort.Tensor('float32', data, dims)];
      }),
    ),
  );
}

async function run(bytes: Uint8Array, feeds: readonly Record<string, ort.Tensor>[]): Promise<Float32Array[]> {
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'disabled' });
  try {
    const out: Float32Array[] = [];
    for (const feed of feeds) {
      const result = await session.run(feed);
      for (const name of session.outputNames) out.push(Float32Array.from(result[name]!.data as Float32Array));
    }
    return out;
  } finally {
    await session.release();
  }
}

/** Largest |a − b| and the largest |a| (the outputs' scale), over every output of every run. */
function difference(a: readonly Float32Array[], b: readonly Float32Array[]): { abs: number; scale: number } {
  let abs = 0;
  let scale = 0;
  a.forEach((x, k) => {
    const y = b[k]!;
    expect(y.length).toBe(x.length);
    for (let i = 0; i < x.length; i++) {
      abs = Math.max(abs, Math.abs(x[i]! - y[i]!));
      scale = Math.max(scale, Math.abs(x[i]!));
    }
  });
  return { abs, scale };
}

let dir = '';
const written: string[] = [];
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function check(c: Case): Promise<void> {
  dir ||= mkdtempSync(join(tmpdir(), 'scaledown-cleanup-'));
  const bytes = readBytes(c.path);
  const model = deepFreeze(readOnnx([{ name: c.name, bytes }]));
  const feeds = feedsFor(model, c);
  const reference = await run(bytes, feeds);
  const variants: { label: string; model: Model; nodes: number }[] = [];
  const all = cleanupModel(model);
  variants.push({ label: 'all passes', model: all.model, nodes: all.report.nodesAfter });
  for (const pass of CLEANUP_PASSES) {
    const one = cleanupModel(model, { passes: [pass] });
    if (one.report.passes[0]!.changed > 0)
      variants.push({ label: pass, model: one.model, nodes: one.report.nodesAfter });
  }
  const lines: string[] = [];
  for (const v of variants) {
    const [file] = writeOnnx(v.model);
    const path = join(dir, `${c.name.replace(/\W+/g, '_')}.${v.label.replace(/\W+/g, '_')}.onnx`);
    writeFileSync(path, file!.bytes);
    written.push(path);
    const d = difference(reference, await run(file!.bytes, feeds));
    lines.push(
      `${v.label}: ${model.graph.nodes.length} → ${v.nodes} nodes, ${bytes.byteLength} → ${file!.bytes.byteLength} bytes, ` +
        `max|Δ| ${d.abs.toExponential(2)} (outputs up to ${d.scale.toExponential(2)})`,
    );
    // Float rounding only: reordered products differ in the last bits, relative to the outputs' scale.
    expect(d.abs, `${c.name} ${v.label}`).toBeLessThanOrEqual(1e-5 * Math.max(1, d.scale));
  }
  console.log(`[cleanup] ${c.name}\n  ${lines.join('\n  ')}`);
  if (c.nodesAfter >= 0) expect(all.report.nodesAfter).toBe(c.nodesAfter);
}

/** The built BatchNormalization graphs of the unit tests, folded, in onnxruntime. */
const BUILT: readonly [string, Model][] = [
  ['Conv + bias', convBnModel({ bias: true })],
  ['grouped Conv, parameters in Constant nodes', convBnModel({ group: 2, constantNodes: true })],
  ['grouped ConvTranspose', convBnModel({ op: 'ConvTranspose', group: 2, bias: true })],
  ['generated Conv weight (Expand)', convBnModel({ uniformWeight: true })],
  ['generated weight and parameters', convBnModel({ uniformWeight: true, uniform: true })],
  ['Gemm transB, row C', denseBnModel({ op: 'Gemm', transB: true, c: 'row' })],
  ['Gemm, scalar C', denseBnModel({ op: 'Gemm', c: 'scalar' })],
  ['MatMul', denseBnModel({ op: 'MatMul' })],
];

describe('clean-up keeps the outputs in onnxruntime', () => {
  it(SAMPLE.name, () => check(SAMPLE));

  it('built graphs with BatchNormalization', async () => {
    const c = { ...SAMPLE, lo: -1, hi: 1 };
    for (const [label, model] of BUILT) {
      const [original] = writeOnnx(model);
      const { model: clean, report } = cleanupModel(model);
      expect(report.passes.find((p) => p.pass === 'fold-batchnorm')!.changed, label).toBe(1);
      const [folded] = writeOnnx(clean);
      const feeds = feedsFor(model, c);
      const d = difference(await run(original!.bytes, feeds), await run(folded!.bytes, feeds));
      expect(d.abs, label).toBeLessThanOrEqual(1e-5 * Math.max(1, d.scale));
    }
  });

  describe.skipIf(!hasCorpus())('corpus models', () => {
    for (const c of CASES) it(c.name, () => check(c), 60_000);

    it('the quantized-operator node tests stay as they are', () => {
      const files = listFiles(corpusPath('models/onnx/node_tests_quant'), ['model.onnx']);
      expect(files.length).toBeGreaterThan(0);
      for (const path of files) {
        const model = readOnnx([{ name: path, bytes: readBytes(path) }]);
        expect(cleanupModel(model).model, path).toBe(model);
      }
    });

    it('the onnx checker accepts every rewritten file', () => {
      expect(written.length).toBeGreaterThan(0);
      const checked = checkModels(written, dir);
      if (!checked.available) {
        console.warn(`[skip] onnx checker: ${checked.reason}`);
        return;
      }
      for (const f of written) expect(checked.results[f] ?? null, f).toBeNull();
    });
  });
});
