// Issue 9's acceptance, checked by onnxruntime-node on the files the ONNX writer makes from edited models:
// bypassing every Identity/Dropout, fixing a symbolic batch to 1 and exposing an intermediate keep the
// original outputs; an extracted subgraph computes the original's intermediate; breaking edits are named;
// restoring the previous model (undo) exports byte for byte what it did before.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { readOnnx, writeOnnx } from '../../formats/onnx/index';
import type { Model } from '../../ir/types';
import { seededRandom } from '../../util/random';
import { corpusPath, hasCorpus, readBytes, REPO_ROOT } from '../../../test-support/corpus';
import { deepFreeze } from '../../../test-support/deep-freeze';
import { checkModels } from '../../../test-support/onnx/conformance';
import { applyEdit, applyEdits } from './apply';
import { onnxChain } from './test-models';
import type { EditOp } from './types';
import { assertExportable, validateModel } from './validate-model';

type Outputs = Record<string, { dims: readonly number[]; data: Float32Array }>;

const load = (path: string): Model => deepFreeze(readOnnx([{ name: path, bytes: readBytes(path) }]));
const bytesOf = (model: Model): Uint8Array => writeOnnx(model)[0]!.bytes;
const SAMPLE = join(REPO_ROOT, 'public/samples/mnist-cnn.onnx');
const MNIST8 = corpusPath('models/onnx/onnxzoo_mnist-8.onnx');

function input(dims: readonly number[], seed: number, scale = 1): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => scale * random());
}

/** Runs the file in onnxruntime (graph optimizations off: the graph as written) on `feeds`. */
async function run(model: Model, feeds: Record<string, { dims: number[]; data: Float32Array }>): Promise<Outputs> {
  const session = await ort.InferenceSession.create(bytesOf(model), { graphOptimizationLevel: 'disabled' });
  try {
    const tensors = Object.fromEntries(
      Object.entries(feeds).map(([k, f]) => [k, new ort.Tensor('float32', f.data, f.dims)]),
    );
    const result = await session.run(tensors);
    return Object.fromEntries(
      session.outputNames.map((name) => [
        name,
        { dims: result[name]!.dims, data: Float32Array.from(result[name]!.data as Float32Array) },
      ]),
    );
  } finally {
    await session.release();
  }
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(b.length).toBe(a.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

/** One bypass per Identity / Dropout of the model, by node id. */
function bypassAll(model: Model): EditOp[] {
  return model.graph.nodes
    .filter((n) => n.op === 'Identity' || n.op === 'Dropout')
    .map((n) => ({ kind: 'bypassNode', node: n.id }));
}

describe('edited ONNX models in onnxruntime', () => {
  it('bypassing every Identity and Dropout keeps the outputs (graph output name included)', async () => {
    const model = deepFreeze(onnxChain());
    const ops = bypassAll(model);
    expect(ops).toHaveLength(3);
    const edited = applyEdits(model, ops).model;
    expect(edited.graph.nodes.map((n) => n.op)).toEqual(['Conv', 'Relu', 'Flatten', 'Gemm']);
    expect(validateModel(edited)).toEqual([]);
    const feeds = { x: { dims: [2, 1, 6, 6], data: input([2, 1, 6, 6], 1) } };
    const [before, after] = [await run(model, feeds), await run(edited, feeds)];
    expect(Object.keys(after)).toEqual(['y']);
    expect(maxDiff(before['y']!.data, after['y']!.data)).toBe(0);
  });

  it('fixing the symbolic batch to 1 gives a file declaring batch 1 with the same outputs', async () => {
    const model = deepFreeze(onnxChain());
    const fixed = applyEdit(model, { kind: 'fixSymbolicDims', dims: { N: 1 } }).model;
    const reread = readOnnx([{ name: 'fixed.onnx', bytes: bytesOf(fixed) }]);
    expect(reread.graph.tensors.find((t) => t.id === 'x')!.shape).toEqual([1, 1, 6, 6]);
    expect(reread.graph.tensors.find((t) => t.id === 'y')!.shape).toEqual([1, 4]);
    const feeds = { x: { dims: [1, 1, 6, 6], data: input([1, 1, 6, 6], 2) } };
    expect(maxDiff((await run(model, feeds))['y']!.data, (await run(fixed, feeds))['y']!.data)).toBe(0);
  });

  it('exposing an intermediate adds an output and leaves the original one unchanged', async () => {
    const model = load(SAMPLE);
    const exposed = applyEdit(model, { kind: 'addGraphOutput', tensor: 'relu1_out' }).model;
    const feeds = { input: { dims: [1, 1, 28, 28], data: input([1, 1, 28, 28], 3) } };
    const [before, after] = [await run(model, feeds), await run(exposed, feeds)];
    expect(Object.keys(after)).toEqual(['logits', 'relu1_out']);
    expect(after['relu1_out']!.dims).toEqual([1, 8, 26, 26]);
    expect(maxDiff(before['logits']!.data, after['logits']!.data)).toBe(0);
  });

  it('an extracted subgraph (the first three layers) computes the original intermediate', async () => {
    const model = load(SAMPLE);
    const extracted = applyEdit(model, { kind: 'extractSubgraph', inputs: ['input'], outputs: ['pool1_out'] }).model;
    expect(extracted.graph.nodes.map((n) => n.id)).toEqual(['conv1', 'relu1', 'pool1']);
    expect(extracted.graph.tensors.filter((t) => t.data).map((t) => t.id)).toEqual(['conv1.weight', 'conv1.bias']);
    const feeds = { input: { dims: [1, 1, 28, 28], data: input([1, 1, 28, 28], 4) } };
    const reference = await run(applyEdit(model, { kind: 'addGraphOutput', tensor: 'pool1_out' }).model, feeds);
    const out = await run(extracted, feeds);
    expect(out['pool1_out']!.dims).toEqual([1, 8, 13, 13]);
    expect(maxDiff(reference['pool1_out']!.data, out['pool1_out']!.data)).toBe(0);
  });

  it('reports breaking edits precisely and export refuses them', () => {
    const model = load(SAMPLE);
    const deleted = applyEdit(model, { kind: 'deleteNode', node: 'fc' }).model;
    expect(validateModel(deleted).filter((p) => p.severity === 'error')).toEqual([
      {
        code: 'missing-output',
        severity: 'error',
        tensorId: 'logits',
        message: 'graph output "logits" is never produced',
      },
    ]);
    expect(() => assertExportable(deleted)).toThrow('(1) graph output "logits" is never produced');
    const cyclic = applyEdit(model, { kind: 'rewireInput', node: 'conv1', input: 0, tensor: 'relu1_out' }).model;
    const cycle = validateModel(cyclic).filter((p) => p.code === 'cycle');
    expect(cycle).toEqual([
      {
        code: 'cycle',
        severity: 'error',
        nodeId: 'conv1',
        tensorId: 'relu1_out',
        message: 'node "conv1" is part of a cycle through "relu1_out"',
      },
    ]);
  });

  it('the onnx checker accepts the edited files', () => {
    const chain = deepFreeze(onnxChain());
    const sample = load(SAMPLE);
    const edited: Record<string, Model> = {
      bypassed: applyEdits(chain, bypassAll(chain)).model,
      fixed: applyEdit(chain, { kind: 'fixSymbolicDims', dims: { N: 1 } }).model,
      exposed: applyEdit(sample, { kind: 'addGraphOutput', tensor: 'relu1_out' }).model,
      extracted: applyEdit(sample, { kind: 'extractSubgraph', inputs: ['input'], outputs: ['pool1_out'] }).model,
      inserted: applyEdit(sample, { kind: 'addNode', op: 'Clip', inputs: ['pool1_out'], rewireConsumers: true }).model,
    };
    const dir = mkdtempSync(join(tmpdir(), 'scaledown-edit-'));
    try {
      const paths = Object.entries(edited).map(([name, model]) => {
        const path = join(dir, `${name}.onnx`);
        writeFileSync(path, bytesOf(model));
        return path;
      });
      const checked = checkModels(paths, dir);
      if (!checked.available) {
        console.warn(`[skip] onnx checker: ${checked.reason}`);
        return;
      }
      for (const path of paths) expect(checked.results[path] ?? null, path).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('undo (restoring the previous model) exports byte-identical files', () => {
    const m0 = load(SAMPLE);
    const first = bytesOf(m0);
    const m1 = applyEdit(m0, { kind: 'bypassNode', node: 'relu1' }).model;
    const afterOne = bytesOf(m1);
    const m2 = applyEdit(m1, { kind: 'renameTensor', tensor: 'logits', name: 'scores' }).model;
    const m3 = applyEdit(m2, { kind: 'editInitializer', tensor: 'fc.weight', change: { kind: 'zero' } }).model;
    expect(bytesOf(m3)).not.toEqual(afterOne);
    expect(bytesOf(m1)).toEqual(afterOne);
    expect(bytesOf(m0)).toEqual(first);
    expect(first).toEqual(readBytes(SAMPLE));
  });
});

describe.skipIf(!hasCorpus())('edited corpus models in onnxruntime', () => {
  it('squeezenet without its Dropout, and mnist-8 with a layer exposed, keep their outputs', async () => {
    const squeeze = load(corpusPath('models/onnx/onnx_light_squeezenet.onnx'));
    const ops = bypassAll(squeeze);
    expect(ops.length).toBe(1);
    const dims = [1, 3, 224, 224];
    const feeds = { data_0: { dims, data: input(dims, 5) } };
    const [name] = squeeze.graph.outputs;
    const bypassed = applyEdits(squeeze, ops).model;
    expect(maxDiff((await run(squeeze, feeds))[name!]!.data, (await run(bypassed, feeds))[name!]!.data)).toBe(0);

    const mnist = load(MNIST8);
    const exposed = applyEdit(mnist, { kind: 'addGraphOutput', tensor: 'ReLU32_Output_0' }).model;
    const digits = { Input3: { dims: [1, 1, 28, 28], data: input([1, 1, 28, 28], 6, 255) } };
    const [before, after] = [await run(mnist, digits), await run(exposed, digits)];
    expect(maxDiff(before['Plus214_Output_0']!.data, after['Plus214_Output_0']!.data)).toBe(0);
  }, 60_000);

  it('mnist-8: the first three layers extracted equal the original intermediate', async () => {
    const mnist = load(MNIST8);
    const { model, notes } = applyEdit(mnist, {
      kind: 'extractSubgraph',
      inputs: ['Input3'],
      outputs: ['ReLU32_Output_0'],
    });
    expect(model.graph.nodes.map((n) => n.op)).toEqual(['Conv', 'Add', 'Relu']);
    expect(model.graph.inputs).toEqual(['Input3']);
    expect(notes).toEqual([]);
    const digits = { Input3: { dims: [1, 1, 28, 28], data: input([1, 1, 28, 28], 7, 255) } };
    const reference = await run(applyEdit(mnist, { kind: 'addGraphOutput', tensor: 'ReLU32_Output_0' }).model, digits);
    const out = await run(model, digits);
    const d = maxDiff(reference['ReLU32_Output_0']!.data, out['ReLU32_Output_0']!.data);
    console.log(`[edit] mnist-8 first three layers: max|Δ| ${d} over ${out['ReLU32_Output_0']!.data.length} values`);
    expect(d).toBe(0);
  });

  it('the sine model: batch N fixed to 1 loads in onnxruntime and computes the same', async () => {
    const sine = load(corpusPath('models/onnx/onnx2c_tflm_hello_world_sine.onnx'));
    const fixed = applyEdit(sine, { kind: 'fixSymbolicDims', dims: { N: 1 } }).model;
    expect(fixed.graph.tensors.find((t) => t.id === 'dense_2_input')!.shape).toEqual([1, 1]);
    const feeds = { dense_2_input: { dims: [1, 1], data: Float32Array.of(Math.PI / 2) } };
    const [before, after] = [await run(sine, feeds), await run(fixed, feeds)];
    expect(after['dense_4']!.dims).toEqual([1, 1]);
    expect(after['dense_4']!.data[0]).toBe(before['dense_4']!.data[0]);
    expect(after['dense_4']!.data[0]).toBeCloseTo(1.058, 3);
  });
});
