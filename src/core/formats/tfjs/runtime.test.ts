// The acceptance, checked by TF.js itself (the pure-JS cpu backend in Node): corpus models, and
// models TF.js builds and saves here, compute exactly the same outputs before and after read → write.
// Models are handed to TF.js through an IOHandler over the file bytes: no file:// or http.
import * as tf from '@tensorflow/tfjs';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusPath, hasCorpus, listFiles, readBytes } from '../../../test-support/corpus';
import { loadTfjs as load, runTfjs as run, savedTfjsFiles, tfjsArtifacts } from '../../../test-support/tfjs';
import { seededRandom as random } from '../../util/random';
import { analyzeModel } from '../../analysis/analyze';
import { GraphBuilder } from '../../ir/builder';
import { diffIR } from '../../ir/equal';
import type { Attribute, Model, ModelFile, Shape } from '../../ir/types';
import { inferShapes } from '../../shape/infer';
import { readTfjs, writeTfjs } from './index';

function folderFiles(modelJson: string): ModelFile[] {
  const folder = dirname(modelJson);
  const names = ['model.json', ...readdirSync(folder).filter((f) => f !== 'model.json')];
  return names.map((n) => ({ name: n, bytes: readBytes(join(folder, n)) }));
}

/** Original and rewritten give bit-identical outputs; returns the rewritten files. */
async function expectSameOutputs(files: readonly ModelFile[], inputs: tf.NamedTensorMap): Promise<ModelFile[]> {
  const rewritten = writeTfjs(readTfjs(files));
  const before = run(await load(files), inputs);
  const after = run(await load(rewritten), inputs);
  expect(after.map((o) => o.shape)).toEqual(before.map((o) => o.shape));
  after.forEach((o, i) =>
    expect(
      Buffer.from(new Float64Array(o.values).buffer).equals(Buffer.from(new Float64Array(before[i]!.values).buffer)),
    ).toBe(true),
  );
  return rewritten;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.skipIf(!hasCorpus())('corpus TF.js models in TF.js', () => {
  const dir = corpusPath('models/tfjs');

  it('abalone computes the same ages after a round trip', async () => {
    const next = random(1);
    const x = tf.tensor2d(
      Array.from({ length: 16 * 8 }, () => next()),
      [16, 8],
    );
    await expectSameOutputs(folderFiles(join(dir, 'tfjs_examples_abalone_layers/model.json')), {
      dense_Dense1_input: x,
    });
  });

  it('prefetch computes the same page probabilities after a round trip', async () => {
    const next = random(2);
    const pages = tf.tensor1d(
      Array.from({ length: 12 }, () => Math.floor(next() * 101)),
      'int32',
    );
    const sessions = tf.tensor1d(
      Array.from({ length: 12 }, () => Math.floor(next() * 50)),
      'int32',
    );
    await expectSameOutputs(folderFiles(join(dir, 'tfjs_examples_prefetch_graph/model.json')), {
      'cur_page:0': pages,
      'session_index:0': sessions,
    });
  });

  it('every corpus model is covered above', () => {
    expect(
      listFiles(dir, ['model.json'])
        .map((p) => basename(dirname(p)))
        .sort(),
    ).toEqual(['tfjs_examples_abalone_layers', 'tfjs_examples_prefetch_graph']);
  });
});

/** Our inferred shape of every layer output equals TF.js's own outputShape (null batch ↔ 'batch'). */
function expectLayerShapes(model: tf.LayersModel, ir: Model): void {
  const inference = inferShapes(ir);
  expect(inference.problems).toEqual([]);
  for (const layer of model.layers) {
    const expected = (Array.isArray(layer.outputShape[0]) ? layer.outputShape : [layer.outputShape]) as (
      number | null
    )[][];
    const node = ir.graph.nodes.find((n) => n.name === layer.name)!;
    const ours = node.outputs.map((id) => inference.types.get(id)?.shape);
    expect([layer.name, ours]).toEqual([
      layer.name,
      expected.map((s) => s.map((d, i): Shape[number] => (d === null && i === 0 ? 'batch' : d))),
    ]);
  }
}

describe('layers models built and saved by TF.js', () => {
  it('a CNN with every conv and pooling layer kind: same outputs, TF.js shapes, MACs', async () => {
    const input = tf.input({ shape: [12, 12, 3], name: 'image' });
    let x = tf.layers
      .conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', name: 'conv' })
      .apply(input) as tf.SymbolicTensor;
    x = tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, name: 'dw' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ name: 'bn' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers
      .zeroPadding2d({
        padding: [
          [1, 0],
          [0, 2],
        ],
        name: 'pad',
      })
      .apply(x) as tf.SymbolicTensor;
    x = tf.layers
      .separableConv2d({ filters: 6, kernelSize: 2, useBias: false, name: 'sep' })
      .apply(x) as tf.SymbolicTensor;
    const a = tf.layers.maxPooling2d({ poolSize: 2, name: 'max' }).apply(x) as tf.SymbolicTensor;
    const b = tf.layers
      .averagePooling2d({ poolSize: 2, strides: 1, padding: 'same', name: 'avg' })
      .apply(x) as tf.SymbolicTensor;
    const c = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(b) as tf.SymbolicTensor;
    const f = tf.layers.flatten({ name: 'flat' }).apply(a) as tf.SymbolicTensor;
    const joined = tf.layers.concatenate({ name: 'cat' }).apply([f, c]) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 4, activation: 'softmax', name: 'head' }).apply(joined) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out, name: 'cnn' });
    const files = await savedTfjsFiles(model);
    const next = random(3);
    await expectSameOutputs(files, {
      image: tf.tensor4d(
        Array.from({ length: 2 * 12 * 12 * 3 }, () => next() - 0.5),
        [2, 12, 12, 3],
      ),
    });

    const ir = readTfjs(files);
    expect(diffIR(ir, readTfjs(writeTfjs(ir)))).toBeUndefined();
    expectLayerShapes(model, ir);
    const macs = Object.fromEntries(analyzeModel(ir).layers.map((l) => [l.name, l.macs]));
    // conv: 6·6·8 outputs × 3·3·3; dw: 4·4·16 × 3·3; padded to 5×6, sep gives 4·5·6 outputs: depthwise
    // 4·5·16 × 2·2 + pointwise 4·5·6 × 16; head: 4 units × (2·2·6 flattened + 6 pooled).
    expect(macs).toMatchObject({
      conv: 6 * 6 * 8 * 27,
      dw: 4 * 4 * 16 * 9,
      sep: 4 * 5 * 16 * 4 + 4 * 5 * 6 * 16,
      head: 4 * 30,
    });
  });

  it('a functional text model with shared layers, merges and recurrent layers', async () => {
    const tokens = tf.input({ shape: [5], name: 'tokens', dtype: 'int32' });
    const extra = tf.input({ shape: [5, 4], name: 'extra' });
    const embedded = tf.layers
      .embedding({ inputDim: 20, outputDim: 4, name: 'embed' })
      .apply(tokens) as tf.SymbolicTensor;
    const shared = tf.layers.dense({ units: 4, name: 'shared' });
    const s1 = shared.apply(embedded) as tf.SymbolicTensor;
    const s2 = shared.apply(extra) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: 'sum' }).apply([s1, s2]) as tf.SymbolicTensor;
    const prod = tf.layers.multiply({ name: 'prod' }).apply([s1, extra]) as tf.SymbolicTensor;
    const conv = tf.layers
      .conv1d({ filters: 3, kernelSize: 2, padding: 'same', name: 'conv1d' })
      .apply(prod) as tf.SymbolicTensor;
    const lstm = tf.layers.lstm({ units: 6, returnSequences: true, name: 'lstm' }).apply(sum) as tf.SymbolicTensor;
    const gru = tf.layers.gru({ units: 5, name: 'gru' }).apply(lstm) as tf.SymbolicTensor;
    const rnn = tf.layers.simpleRNN({ units: 2, name: 'rnn' }).apply(conv) as tf.SymbolicTensor;
    const permuted = tf.layers.permute({ dims: [2, 1], name: 'perm' }).apply(conv) as tf.SymbolicTensor;
    const reshaped = tf.layers.reshape({ targetShape: [15], name: 'reshape' }).apply(permuted) as tf.SymbolicTensor;
    const joined = tf.layers.concatenate({ name: 'join' }).apply([gru, rnn, reshaped]) as tf.SymbolicTensor;
    const dropped = tf.layers.dropout({ rate: 0.5, name: 'drop' }).apply(joined) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 3, name: 'out' }).apply(dropped) as tf.SymbolicTensor;
    const model = tf.model({ inputs: [tokens, extra], outputs: [out, sum], name: 'text' });
    const files = await savedTfjsFiles(model);
    const next = random(4);
    await expectSameOutputs(files, {
      tokens: tf.tensor2d(
        Array.from({ length: 15 }, () => Math.floor(next() * 20)),
        [3, 5],
        'int32',
      ),
      extra: tf.tensor3d(
        Array.from({ length: 60 }, () => next() - 0.5),
        [3, 5, 4],
      ),
    });

    const ir = readTfjs(files);
    expect(diffIR(ir, readTfjs(writeTfjs(ir)))).toBeUndefined();
    expect(ir.graph.nodes.filter((n) => n.name === 'shared').map((n) => n.id)).toEqual(['shared', 'shared@1']);
    expect(ir.graph.inputs).toEqual(['tokens', 'extra']);
    expect(ir.graph.outputs).toEqual(['out', 'sum']);
    expectLayerShapes(model, ir);
    const macs = Object.fromEntries(analyzeModel(ir).layers.map((l) => [l.nodeId, l.macs]));
    expect(macs).toMatchObject({
      embed: 0,
      shared: 5 * 4 * 4,
      'shared@1': 5 * 4 * 4,
      conv1d: 5 * 3 * 2 * 4,
      lstm: 5 * 4 * 6 * (4 + 6),
      gru: 5 * 3 * 5 * (6 + 5),
      rnn: 5 * 1 * 2 * (3 + 2),
      out: 3 * (5 + 2 + 15),
    });
  });

  it('a Sequential model with an explicit input layer', async () => {
    const model = tf.sequential({ name: 'seq' });
    model.add(tf.layers.inputLayer({ inputShape: [6], name: 'features' }));
    model.add(tf.layers.dense({ units: 5, activation: 'relu', name: 'd1' }));
    model.add(tf.layers.repeatVector({ n: 3, name: 'repeat' }));
    model.add(tf.layers.simpleRNN({ units: 2, name: 'rnn' }));
    const files = await savedTfjsFiles(model);
    const next = random(5);
    await expectSameOutputs(files, {
      features: tf.tensor2d(
        Array.from({ length: 12 }, () => next()),
        [2, 6],
      ),
    });
    const ir = readTfjs(files);
    expect(ir.graph.nodes.map((n) => n.op)).toEqual(['InputLayer', 'Dense', 'RepeatVector', 'SimpleRNN']);
    expect(ir.graph.inputs).toEqual(['features']);
    expectLayerShapes(model, ir);
  });
});

describe('graph models with quantized weights in TF.js', () => {
  /** A small graph model written by our writer from a builder graph. */
  function graphModel(): ModelFile[] {
    const b = new GraphBuilder('g');
    const next = random(6);
    const values = (n: number) => Float32Array.from({ length: n }, () => next() * 2 - 1);
    b.input('x', 'float32', [2, 6, 6, 3]);
    const filter = b.constant('filter', values(3 * 3 * 3 * 4), [3, 3, 3, 4]);
    const conv = b.op(
      'Conv2D',
      ['x', filter],
      { strides: [1, 1, 1, 1], padding: 'SAME', dilations: [1, 1, 1, 1], data_format: 'NHWC' },
      { name: 'conv' },
    );
    const relu = b.op('Relu', [conv], {}, { name: 'relu' });
    const shape = b.constant('shape', Int32Array.from([2, 144]), [2]);
    const flat = b.op('Reshape', [relu, shape], {}, { name: 'flat' });
    const w = b.constant('w', values(144 * 5), [144, 5]);
    const no: Attribute = { type: 'json', value: false };
    const y = b.op('MatMul', [flat, w], { transpose_a: no, transpose_b: no }, { name: 'y' });
    b.output(y);
    return writeTfjs(b.model({ format: 'tfjs' }));
  }

  /** The same files with the float32 weights `names` stored as `dtype` (uint8/uint16 affine or float16). */
  function quantize(files: ModelFile[], names: readonly string[], dtype: 'uint8' | 'uint16' | 'float16'): ModelFile[] {
    const artifacts = tfjsArtifacts(files);
    const json = JSON.parse(new TextDecoder().decode(files[0]!.bytes)) as Record<string, unknown>;
    const specs = artifacts.weightSpecs!;
    const decoded = tf.io.decodeWeights(artifacts.weightData as ArrayBuffer, specs);
    const chunks: Uint8Array[] = [];
    const entries = specs.map((spec) => {
      const values = decoded[spec.name]!.dataSync();
      if (!names.includes(spec.name)) {
        chunks.push(new Uint8Array(values.slice().buffer));
        return spec;
      }
      if (dtype === 'float16') {
        chunks.push(
          new Uint8Array(Uint16Array.from(values, (v) => new Uint16Array(new Float32Array([v]).buffer)[1]!).buffer),
        );
        return { ...spec, quantization: { dtype } };
      }
      const levels = dtype === 'uint8' ? 255 : 65535;
      const [min, max] = [Math.min(...values), Math.max(...values)];
      const scale = (max - min) / levels;
      const q = Array.from(values, (v) => Math.round((v - min) / scale));
      chunks.push(new Uint8Array((dtype === 'uint8' ? Uint8Array.from(q) : Uint16Array.from(q)).buffer));
      return { ...spec, quantization: { dtype, scale, min } };
    });
    const data = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
    let at = 0;
    for (const c of chunks) {
      data.set(c, at);
      at += c.byteLength;
    }
    const out = { ...json, weightsManifest: [{ paths: ['weights.bin'], weights: entries }] };
    return [
      { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(out)) },
      { name: 'weights.bin', bytes: data },
    ];
  }

  it.each(['uint8', 'uint16', 'float16'] as const)('%s weights stay quantized and compute the same', async (dtype) => {
    const files = quantize(graphModel(), ['filter', 'w'], dtype);
    const next = random(7);
    const x = tf.tensor4d(
      Array.from({ length: 2 * 6 * 6 * 3 }, () => next()),
      [2, 6, 6, 3],
    );
    const rewritten = await expectSameOutputs(files, { x });
    const ir = readTfjs(rewritten);
    expect(ir.graph.tensors.filter((t) => t.data).map((t) => [t.name, t.dtype])).toEqual([
      ['filter', dtype],
      ['shape', 'int32'],
      ['w', dtype],
    ]);
    const bytesPer = dtype === 'uint8' ? 1 : 2;
    expect(analyzeModel(ir).weightBytes).toBe((108 + 720) * bytesPer + 8);
    expect(rewritten[1]!.bytes.byteLength).toBe((108 + 720) * bytesPer + 8);
  });

  it('a builder graph written as a graph model runs in TF.js and reads back stable', async () => {
    const files = graphModel();
    const loaded = await load(files);
    const next = random(8);
    const x = tf.tensor4d(
      Array.from({ length: 2 * 6 * 6 * 3 }, () => next()),
      [2, 6, 6, 3],
    );
    expect(run(loaded, { x })[0]!.shape).toEqual([2, 5]);
    const ir = readTfjs(files);
    expect(ir.graph.nodes.map((n) => n.op)).toEqual([
      'Placeholder',
      'Const',
      'Const',
      'Const',
      'Conv2D',
      'Relu',
      'Reshape',
      'MatMul',
    ]);
    expect(diffIR(ir, readTfjs(writeTfjs(ir)))).toBeUndefined();
    expect(analyzeModel(ir).macs).toBe(2 * 6 * 6 * 4 * 27 + 2 * 144 * 5);
  });
});
