// Builder-made TFLite models and every feature the reader keeps survive write → read as an equal IR,
// and the bytes say what the schema says (checked with the generic decoder).
import { describe, expect, it } from 'vitest';
import { attr, GraphBuilder } from '../../ir/builder';
import { diffIR } from '../../ir/equal';
import type { Attribute, Model, Node } from '../../ir/types';
import { FlatbufferReader } from './codec/decode';
import { tablesOf, type FbTable } from './codec/values';
import { readTflite, tfliteFormat, tfliteOptionAttributes, writeTflite } from './index';
import { tableDef } from './schema';
import { controlFlowModel, patchTensors, tfliteModel, tinyConvModel } from './test-models';

function bytesOfModel(model: Model, externalBuffers = false): Uint8Array {
  const files = writeTflite(model, { externalBuffers });
  expect(files).toHaveLength(1);
  return files[0]!.bytes;
}

function roundTrip(model: Model, externalBuffers = false): Model {
  return readTflite([{ name: 'm.tflite', bytes: bytesOfModel(model, externalBuffers) }]);
}

function decoded(model: Model): FbTable {
  return new FlatbufferReader(bytesOfModel(model)).root(tableDef('Model'));
}

/** A one-node model around `node`'s op (inputs/outputs float32 [4]). */
function oneOp(op: string, attributes: Record<string, Attribute>, extras?: Node['extras']): Model {
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [4]);
  b.output(b.op(op, [x], {}, { outputs: ['y'], dtype: 'float32', shape: [4] }));
  const model = tfliteModel(b);
  const node: Node = { ...model.graph.nodes[0]!, attributes, ...(extras ? { extras } : {}) };
  return { ...model, graph: { ...model.graph, nodes: [node] } };
}

describe('TFLite round trip of builder-made models', () => {
  it('reads back exactly what the builder made', () => {
    const model = tinyConvModel();
    const back = roundTrip(model);
    expect(diffIR(model, back)).toBeUndefined();
    expect(back.graph.tensors.map((t) => t.id)).toEqual(model.graph.tensors.map((t) => t.id));
  });

  it('writes through the format object, with the TFL3 identifier and a stable second write', () => {
    const files = tfliteFormat.write(tinyConvModel());
    expect(files[0]!.name).toBe('tiny_conv.tflite');
    expect(String.fromCharCode(...files[0]!.bytes.subarray(4, 8))).toBe('TFL3');
    expect(tfliteFormat.match(files[0]!)).toBe(true);
    const again = writeTflite(tfliteFormat.read(files))[0]!.bytes;
    expect(again).toEqual(files[0]!.bytes);
  });

  it('keeps per-axis quantization with its axis, and min/max', () => {
    const back = roundTrip(tinyConvModel());
    const w = back.graph.tensors.find((t) => t.id === 'conv/weights')!;
    expect(w.dtype).toBe('int8');
    expect(w.quant).toEqual({ scale: [0.01, 0.02, 0.03, 0.04].map(Math.fround), zeroPoint: [0, 0, 0, 0], axis: 0 });
    expect(back.graph.tensors.find((t) => t.id === 'conv')!.quant).toMatchObject({ min: [0], max: [6] });
  });

  it('aligns every buffer to 16 bytes and writes deprecated and new builtin codes', () => {
    const model = tinyConvModel();
    const bytes = bytesOfModel(model);
    const root = new FlatbufferReader(bytes).root(tableDef('Model'));
    for (const b of tablesOf(root['buffers'])) {
      const data = b['data'];
      if (data instanceof Uint8Array && data.byteLength) expect((data.byteOffset - bytes.byteOffset) % 16).toBe(0);
    }
    expect(tablesOf(root['buffers'])[0]).toEqual({});
    const codes = tablesOf(root['operator_codes']);
    expect(codes.map((c) => c['builtin_code'] ?? 0)).toEqual([114, 3, 22, 9, 25]);
    expect(codes.map((c) => c['deprecated_builtin_code'] ?? 0)).toEqual([114, 3, 22, 9, 25]);
  });

  it('writes ops past code 127 with the placeholder in the byte field', () => {
    const model = oneOp('CUMSUM', tfliteOptionAttributes('CUMSUM', { exclusive: 1 }));
    const code = tablesOf(decoded(model)['operator_codes'])[0]!;
    expect(code).toMatchObject({ deprecated_builtin_code: 127, builtin_code: 128 });
    expect(diffIR(model, roundTrip(model))).toBeUndefined();
  });

  it('keeps several subgraphs and the WHILE / IF indices that refer to them', () => {
    const model = controlFlowModel();
    const back = roundTrip(model);
    expect(diffIR(model, back)).toBeUndefined();
    expect(back.subgraphs?.map((g) => g.name)).toEqual(['cond', 'body', 'then', 'else']);
    expect(back.graph.nodes[0]!.attributes).toEqual({
      cond_subgraph_index: attr.int(1),
      body_subgraph_index: attr.int(2),
    });
  });

  it('keeps options that the op would not get by default, or their absence', () => {
    const quantize = oneOp('QUANTIZE', {}, { tflite: { options: null } });
    const odd = oneOp('RELU', tfliteOptionAttributes('ADD'), { tflite: { options: 'AddOptions' } });
    for (const model of [quantize, odd]) expect(diffIR(model, roundTrip(model))).toBeUndefined();
    const ops = (m: Model) => tablesOf(tablesOf(decoded(m)['subgraphs'])[0]!['operators']);
    expect(ops(quantize)[0]!['builtin_options']).toBeUndefined();
    expect(ops(oneOp('QUANTIZE', {}))[0]!['builtin_options']).toEqual({ type: 'QuantizeOptions', value: {} });
  });

  it('keeps variable tensors, shape signatures, has_rank and intermediates', () => {
    const base = oneOp('RELU', {});
    const node: Node = {
      ...base.graph.nodes[0]!,
      inputs: ['x', 'state'],
      extras: { tflite: { intermediates: ['scratch'], mutatingVariableInputs: [false, true] } },
    };
    const graph = patchTensors(base.graph, {
      x: { shape: [1, 4], extras: { tflite: { shapeSignature: [-1, 4], hasRank: true } } },
    });
    const model: Model = {
      ...base,
      graph: {
        ...graph,
        nodes: [node],
        tensors: [
          ...graph.tensors,
          { id: 'state', name: 'state', dtype: 'float32', shape: [4], extras: { tflite: { isVariable: true } } },
          { id: 'scratch', name: 'scratch', dtype: 'int16', shape: [] },
        ],
      },
    };
    expect(diffIR(model, roundTrip(model))).toBeUndefined();
  });

  it('keeps sparsity, custom and blockwise quantization details, and the schema version', () => {
    const base = tinyConvModel();
    const sparsity = {
      traversal_order: [0, 1],
      dim_metadata: [
        { dense_size: 10 },
        {
          format: 1,
          array_segments: { type: 'Int32Vector', value: { values: [0, 3, 6] } },
          array_indices: { type: 'Uint8Vector', value: { values: new Uint8Array([1, 4, 9]) } },
        },
      ],
    };
    const custom = { type: 'CustomQuantization', custom: new Uint8Array([5, 6, 7, 8]) };
    const blockwise = { type: 'BlockwiseQuantization', scales: 'conv/bias', zeroPoints: '', blockSize: 32 };
    const graph = patchTensors(base.graph, {
      'fc/weights': { extras: { tflite: { sparsity } } },
      logits: { quant: { scale: [], zeroPoint: [], extras: { tflite: { details: custom } } } },
      'conv/weights': { quant: { scale: [], zeroPoint: [], extras: { tflite: { details: blockwise } } } },
    });
    const model: Model = { ...base, graph, extras: { tflite: { version: 2 } } };
    const back = roundTrip(model);
    expect(diffIR(model, back)).toBeUndefined();
    const root = decoded(model);
    expect(root['version']).toBe(2);
    const tensors = tablesOf(tablesOf(root['subgraphs'])[0]!['tensors']);
    const quantization = tensors[2]!['quantization'] as FbTable;
    // The scales tensor is named by id in the IR and by index in the file.
    expect(quantization['details']).toEqual({
      type: 'BlockwiseQuantization',
      value: { scales: 3, zero_points: -1, block_size: 32 },
    });
  });

  it('keeps metadata: text as key/value, binary in extras, and new key/value pairs', () => {
    const blob = new Uint8Array([1, 0, 0, 0, 0xff, 7]);
    const version = new Uint8Array(16);
    version.set([49, 46, 49, 52, 46, 48]);
    const base = tinyConvModel();
    const model: Model = {
      ...base,
      metadata: [{ key: 'min_runtime_version', value: '1.14.0' }],
      extras: {
        tflite: {
          metadata: [
            { name: 'min_runtime_version', bytes: version },
            { name: 'OfflineMemoryAllocation', bytes: blob },
          ],
        },
      },
    };
    const back = roundTrip(model);
    expect(diffIR(model, back)).toBeUndefined();
    const added = roundTrip({ ...back, metadata: [...back.metadata, { key: 'author', value: 'tests' }] });
    expect(added.metadata).toEqual([
      { key: 'min_runtime_version', value: '1.14.0' },
      { key: 'author', value: 'tests' },
    ]);
  });

  it('keeps signature defs with their tensors remapped by id', () => {
    const base = tinyConvModel();
    const model: Model = {
      ...base,
      extras: {
        tflite: {
          signatureDefs: [
            {
              key: 'serving_default',
              subgraph: 0,
              inputs: [{ name: 'in', tensor: 'input' }],
              outputs: [{ name: 'out', tensor: 'probs' }],
            },
          ],
        },
      },
    };
    expect(diffIR(model, roundTrip(model))).toBeUndefined();
    const sig = tablesOf(decoded(model)['signature_defs'])[0]!;
    expect(tablesOf(sig['outputs'])[0]).toEqual({
      name: 'out',
      tensor_index: base.graph.tensors.findIndex((t) => t.id === 'probs'),
    });
  });

  it('keeps the model version, description and the file order of operator codes', () => {
    const base = tinyConvModel();
    const reordered: Model = {
      ...base,
      docString: undefined,
      extras: { tflite: { operatorCodes: [25, 9, 22, 3, 114].map((code) => ({ code, version: 1 })) } },
    };
    const back = roundTrip(reordered);
    expect(diffIR(reordered, back)).toBeUndefined();
    expect(back.producer).toEqual({ name: 'scaledown tests' });
  });

  it('stores buffers and custom options after the flatbuffer when asked, and reads them back', () => {
    const base = tinyConvModel();
    const custom = oneOp('MyCustomOp', {
      custom_options: { type: 'opaque', format: 'flexbuffers', value: new Uint8Array([9, 8, 7]) },
    });
    for (const model of [base, custom]) {
      const bytes = bytesOfModel(model, true);
      const root = new FlatbufferReader(bytes).root(tableDef('Model'));
      const data = tablesOf(root['buffers']).filter((b) => b['offset'] !== undefined);
      for (const b of data) expect(b['data']).toBeUndefined();
      expect(diffIR(model, readTflite([{ name: 'big.tflite', bytes }]))).toBeUndefined();
    }
    const op = tablesOf(
      tablesOf(new FlatbufferReader(bytesOfModel(custom, true)).root(tableDef('Model'))['subgraphs'])[0]!['operators'],
    )[0]!;
    expect(op['custom_options']).toBeUndefined();
    expect(op['large_custom_options_size']).toBe(3);
  });

  it('shares one buffer between tensors that view the same bytes', () => {
    const base = tinyConvModel();
    const bias = base.graph.tensors.find((t) => t.id === 'conv/bias')!;
    const twin = { ...bias, id: 'bias2', name: 'bias2' };
    const model: Model = { ...base, graph: { ...base.graph, tensors: [...base.graph.tensors, twin] } };
    const root = decoded(model);
    const tensors = tablesOf(tablesOf(root['subgraphs'])[0]!['tensors']);
    expect(tensors.at(-1)!['buffer']).toBe(tensors.find((t) => t['name'] === 'conv/bias')!['buffer']);
    expect(diffIR(model, roundTrip(model))).toBeUndefined();
  });

  it('keeps string constants in the TFLite string layout', () => {
    const enc = new TextEncoder();
    const base = oneOp('RELU', {});
    const labels = {
      id: 'labels',
      name: 'labels',
      dtype: 'string' as const,
      shape: [3],
      data: { strings: ['cat', '', 'dög'].map((s) => enc.encode(s)) },
    };
    const model: Model = { ...base, graph: { ...base.graph, tensors: [...base.graph.tensors, labels] } };
    expect(diffIR(model, roundTrip(model))).toBeUndefined();
  });

  it('keeps sub-byte and half-precision constants byte for byte', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', 'float32', [4]);
    b.constant('packed', new Uint8Array([0x1f, 0x80]), [4], 'int4');
    b.constant('half', new Uint16Array([0x3c00, 0xc000]), [2], 'float16');
    b.output(b.op('RELU', [x], {}, { outputs: ['y'], dtype: 'float32', shape: [4] }));
    const model = tfliteModel(b);
    const back = roundTrip(model);
    expect(diffIR(model, back)).toBeUndefined();
    expect(back.graph.tensors.find((t) => t.id === 'packed')?.data?.bytes).toEqual(new Uint8Array([0x1f, 0x80]));
  });

  it('writes a symbolic batch as 1 with -1 in the shape signature', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', 'float32', ['N', 4]);
    b.output(b.op('RELU', [x], {}, { outputs: ['y'], dtype: 'float32', shape: ['N', 4] }));
    const back = roundTrip(tfliteModel(b));
    expect(back.graph.tensors[0]).toMatchObject({ shape: [1, 4], extras: { tflite: { shapeSignature: [-1, 4] } } });
  });

  it('names tensors with repeated or empty names by index', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', 'float32', [4]);
    b.output(b.op('RELU', [x], {}, { outputs: ['y'], dtype: 'float32', shape: [4] }));
    const model = tfliteModel(b);
    const renamed: Model = {
      ...model,
      graph: {
        ...model.graph,
        tensors: model.graph.tensors.map((t) => ({ ...t, name: t.id === 'x' ? 'same' : 'same' })),
      },
    };
    const back = roundTrip(renamed);
    expect(back.graph.tensors.map((t) => [t.id, t.name])).toEqual([
      ['same#0', 'same'],
      ['same#1', 'same'],
    ]);
    expect(back.graph.nodes[0]).toMatchObject({ inputs: ['same#0'], outputs: ['same#1'] });
    const unnamed = roundTrip({
      ...model,
      graph: { ...model.graph, tensors: model.graph.tensors.map((t) => ({ ...t, name: '' })) },
    });
    expect(unnamed.graph.tensors.map((t) => t.id)).toEqual(['#0', '#1']);
  });

  it('writes optional inputs as -1 and reads them back as empty ids', () => {
    const root = decoded(tinyConvModel());
    const fc = tablesOf(tablesOf(root['subgraphs'])[0]!['operators'])[3]!;
    expect(fc['inputs']).toEqual([6, 7, -1]);
    expect(roundTrip(tinyConvModel()).graph.nodes[3]!.inputs).toEqual(['flat', 'fc/weights', '']);
  });

  it('explains what it cannot write, naming the node or tensor', () => {
    const noType = oneOp('RELU', {});
    const untyped: Model = { ...noType, graph: patchTensors(noType.graph, { y: { dtype: 'undefined' } }) };
    expect(() => writeTflite(untyped)).toThrow(/tensor "y" has no element type/);
    expect(() => writeTflite(oneOp('CONV_2D', { padding: attr.string('DIAGONAL') }))).toThrow(
      /node "CONV_2D_0" \(CONV_2D\).*padding" must be one of SAME, VALID, not "DIAGONAL"/,
    );
    expect(() => writeTflite(oneOp('RELU', { alpha: attr.float(0.1) }))).toThrow(/TFLite has no option "alpha"/);
    const onnx = new GraphBuilder('g').model();
    expect(() => writeTflite(onnx)).toThrow(/converting ONNX to TFLite is not supported yet/);
  });

  it('leaves the model it writes untouched', () => {
    const model = tinyConvModel();
    const before = structuredClone(model);
    writeTflite(model);
    expect(diffIR(before, model)).toBeUndefined();
  });
});
