// Edited models through their own format's writer and reader: what was edited is what the file holds,
// and the file reads back to the same model (ONNX: the same IR; TFLite: the same bytes once more, node ids
// being positional). The reference executor checks that TFLite edits which should not change the outputs
// do not (tfjs-tflite runs only in a browser).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runModel } from '../../execute/index';
import { readOnnx, writeOnnx } from '../../formats/onnx/index';
import { readModel, writeModel } from '../../formats/registry';
import { readTflite, writeTflite } from '../../formats/tflite/index';
import { tfliteExtras, type TfliteModelExtras } from '../../formats/tflite/extras';
import { diffIR } from '../../ir/equal';
import { toFloat64 } from '../../ir/tensor';
import type { Model } from '../../ir/types';
import { corpusPath, hasCorpus, readBytes } from '../../../test-support/corpus';
import { deepFreeze } from '../../../test-support/deep-freeze';
import { applyEdit, applyEdits } from './apply';
import { onnxChain, tfliteSmall } from './test-models';
import type { EditOp } from './types';
import { validateModel } from './validate-model';

const tflite = (m: Model): Uint8Array => writeTflite(m)[0]!.bytes;
const reread = (m: Model): Model => readTflite([{ name: 'edited.tflite', bytes: tflite(m) }]);
const valuesOf = (m: Model, id: string): number[] => {
  const t = m.graph.tensors.find((x) => x.id === id)!;
  return Array.from(toFloat64(t.dtype, t.data!.bytes!)!);
};

function feed(m: Model, value = 0.5): Record<string, { data: Float32Array; shape: number[] }> {
  const id = m.graph.inputs[0]!;
  const shape = m.graph.tensors.find((t) => t.id === id)!.shape as number[];
  return { [id]: { data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(value), shape } };
}

describe('an ONNX edit round trip', () => {
  it('writes the edited model and reads back the same IR', () => {
    const ops: EditOp[] = [
      { kind: 'bypassNode', node: 'id1' },
      { kind: 'renameTensor', tensor: 'relu_out', name: 'features' },
      { kind: 'setAttribute', node: 'fc', name: 'alpha', value: 0.5 },
      { kind: 'addNode', op: 'Clip', name: 'clip', inputs: ['features'], rewireConsumers: true },
      { kind: 'addGraphOutput', tensor: 'features' },
      { kind: 'fixSymbolicDims', dims: { N: 1 } },
    ];
    const edited = applyEdits(deepFreeze(onnxChain()), ops).model;
    expect(validateModel(edited)).toEqual([]);
    const back = readOnnx([{ name: 'edited.onnx', bytes: writeOnnx(edited)[0]!.bytes }]);
    expect(diffIR(back, edited)).toBeUndefined();
    expect(back.graph.nodes.map((n) => n.id)).toEqual(['conv', 'relu', 'clip', 'drop', 'flat', 'fc', 'id_out']);
  });
});

describe('a TFLite edit round trip', () => {
  it('writes every kind of edit the file can hold, and the file reads back to the same bytes', async () => {
    const original = deepFreeze(reread(tfliteSmall()));
    const ops: EditOp[] = [
      { kind: 'renameTensor', tensor: 'conv_out', name: 'features' },
      { kind: 'setAttribute', node: 'CONV_2D_0', name: 'fused_activation_function', value: 'RELU' },
      { kind: 'bypassNode', node: 'RELU_1' },
      { kind: 'addGraphOutput', tensor: 'features' },
      { kind: 'editInitializer', tensor: 'conv_bias', change: { kind: 'scale', factor: 2 } },
    ];
    const edited = applyEdits(original, ops).model;
    expect(validateModel(edited)).toEqual([]);
    const bytes = tflite(edited);
    const back = readTflite([{ name: 'edited.tflite', bytes }]);
    expect(back.graph.nodes.map((n) => n.op)).toEqual(['CONV_2D', 'RESHAPE', 'FULLY_CONNECTED']);
    expect(back.graph.nodes[0]!.attributes['fused_activation_function']).toEqual({ type: 'string', value: 'RELU' });
    expect(back.graph.outputs).toEqual(['out', 'features']);
    valuesOf(back, 'conv_bias').forEach((v, i) => expect(v).toBeCloseTo(2 * valuesOf(original, 'conv_bias')[i]!, 6));
    expect(tflite(back)).toEqual(bytes);
    // Fusing the RELU into the conv and bypassing it computes the same, bias aside: compare at bias × 2 both ways.
    const same = applyEdit(original, {
      kind: 'editInitializer',
      tensor: 'conv_bias',
      change: { kind: 'scale', factor: 2 },
    }).model;
    const [a, b] = [await runModel(same, feed(same)), await runModel(back, feed(back))];
    expect(Array.from(b['out']!)).toEqual(Array.from(a['out']!));
  });

  it('adds a node that the writer encodes with its options', () => {
    const original = reread(tfliteSmall());
    const { model } = applyEdit(original, {
      kind: 'addNode',
      op: 'SOFTMAX',
      inputs: ['out'],
      outputs: ['probs'],
      attributes: { beta: 1 },
    });
    const withOutput = applyEdits(model, [
      { kind: 'removeGraphOutput', tensor: 'out' },
      { kind: 'addGraphOutput', tensor: 'probs' },
    ]).model;
    const back = reread(withOutput);
    expect(back.graph.nodes.at(-1)).toMatchObject({ op: 'SOFTMAX', attributes: { beta: { type: 'float', value: 1 } } });
    expect(back.graph.tensors.find((t) => t.id === 'probs')).toMatchObject({ dtype: 'float32', shape: [1, 3] });
  });
});

describe.skipIf(!hasCorpus())('a TF.js graph model edit round trip', () => {
  it('bypasses the output Identity and fixes the batch: names, Placeholder shapes and signature follow', () => {
    const dir = corpusPath('models/tfjs/tfjs_examples_prefetch_graph');
    const files = ['model.json', 'group1-shard1of1.bin'].map((name) => ({ name, bytes: readBytes(join(dir, name)) }));
    const model = deepFreeze(readModel(files));
    const ops: EditOp[] = [
      { kind: 'bypassNode', node: 'Identity' },
      { kind: 'fixSymbolicDims', dims: { batch: 1 } },
    ];
    const edited = applyEdits(model, ops).model;
    expect(validateModel(edited)).toEqual([]);
    const back = readModel(writeModel(edited));
    expect(back.graph.nodes).toHaveLength(model.graph.nodes.length - 1);
    expect(back.graph.outputs).toEqual(['Identity']);
    expect(back.graph.nodes.find((n) => n.name === 'Identity')!.op).toBe('Softmax');
    expect(back.graph.inputs.map((id) => back.graph.tensors.find((t) => t.id === id)!.shape)).toEqual([[1], [1]]);
    expect(back.graph.tensors.find((t) => t.id === 'Identity')!.shape).toEqual([1, 101]);
  });
});

describe.skipIf(!hasCorpus())('TFLite corpus edits', () => {
  const load = (file: string): Model =>
    deepFreeze(readModel([{ name: file, bytes: readBytes(corpusPath(`models/tflite/${file}`)) }]));

  it('hello_world: an exposed intermediate joins the signature def; the output stays', async () => {
    const model = load('tflm_hello_world_float.tflite');
    const hidden = model.graph.nodes[0]!.outputs[0]!;
    const back = reread(applyEdit(model, { kind: 'addGraphOutput', tensor: hidden }).model);
    const sig = tfliteExtras<TfliteModelExtras>(back.extras).signatureDefs![0]!;
    expect(sig.outputs.map((o) => o.tensor)).toEqual(['StatefulPartitionedCall:0', hidden]);
    const [a, b] = [await runModel(model, feed(model, 1.5)), await runModel(back, feed(back, 1.5))];
    expect(b['StatefulPartitionedCall:0']).toEqual(a['StatefulPartitionedCall:0']);
    expect(b[hidden]!.length).toBe(16);
  });

  it('test_conv_model: the first four layers extracted equal the original intermediate', async () => {
    const model = load('tflm_test_conv_model.tflite');
    const cut = model.graph.nodes[3]!.outputs[0]!;
    const extracted = reread(
      applyEdit(model, { kind: 'extractSubgraph', inputs: ['conv2d_input'], outputs: [cut] }).model,
    );
    expect(extracted.graph.nodes.map((n) => n.op)).toEqual(['QUANTIZE', 'CONV_2D', 'CONV_2D', 'MAX_POOL_2D']);
    let reference: number[] = [];
    await runModel(model, feed(model), { observe: new Set([cut]), onTensor: (_, v) => (reference = Array.from(v)) });
    const out = await runModel(extracted, feed(extracted));
    expect(reference.length).toBeGreaterThan(0);
    expect(Array.from(out[cut]!)).toEqual(reference);
  });
});
