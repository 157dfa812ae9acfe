// Reading ONNX fields the builder cannot make: typed data fields, opaque attributes, and the
// messages the IR keeps as extras. Models are encoded here with the same protobufjs schema.
import Long from 'long';
import { describe, expect, it } from 'vitest';
import { diffIR } from '../../ir/equal';
import { bytesOf } from '../../ir/tensor';
import type { Model, Tensor } from '../../ir/types';
import { readOnnx, readOnnxTensor, writeOnnx } from './index';
import {
  AttributeType,
  decodeMessage,
  encodeMessage,
  ProtoTypes,
  type AttributeProto,
  type GraphProto,
  type ModelProto,
  type TensorProto,
} from './proto';

const long = (n: number | bigint): Long => Long.fromString(String(n));

function encodeModel(graph: GraphProto, extra: Partial<ModelProto> = {}): Uint8Array {
  return encodeMessage(ProtoTypes.Model, {
    ir_version: long(8),
    opset_import: [{ domain: '', version: long(17) }],
    graph,
    ...extra,
  });
}

function readModel(bytes: Uint8Array): Model {
  return readOnnx([{ name: 'm.onnx', bytes }]);
}

function tensorFile(proto: TensorProto): Tensor {
  return readOnnxTensor({ name: 't.pb', bytes: encodeMessage(ProtoTypes.Tensor, proto) });
}

function writtenModel(model: Model): ModelProto {
  return decodeMessage<ModelProto>(ProtoTypes.Model, writeOnnx(model)[0]!.bytes);
}

describe('TensorProto typed data fields', () => {
  const dims = (...d: number[]) => d.map(long);
  it.each<[string, TensorProto, Uint8Array]>([
    ['float_data', { data_type: 1, dims: dims(2), float_data: [1.5, -2] }, bytesOf(new Float32Array([1.5, -2]))],
    [
      'float16 bit patterns in int32_data',
      { data_type: 10, dims: dims(3), int32_data: [0x3c00, 0xc000, 0x7c00] },
      bytesOf(new Uint16Array([0x3c00, 0xc000, 0x7c00])),
    ],
    ['bool in int32_data', { data_type: 9, dims: dims(3), int32_data: [0, 1, 5] }, new Uint8Array([0, 1, 1])],
    [
      'int8 in int32_data',
      { data_type: 3, dims: dims(3), int32_data: [-3, 127, -128] },
      bytesOf(new Int8Array([-3, 127, -128])),
    ],
    ['uint8 in int32_data', { data_type: 2, dims: dims(2), int32_data: [0, 255] }, new Uint8Array([0, 255])],
    [
      'int16 in int32_data',
      { data_type: 5, dims: dims(2), int32_data: [-300, 300] },
      bytesOf(new Int16Array([-300, 300])),
    ],
    [
      'int32_data',
      { data_type: 6, dims: dims(2), int32_data: [-(2 ** 31), 7] },
      bytesOf(new Int32Array([-(2 ** 31), 7])),
    ],
    [
      'int4 packed two per int32_data entry',
      { data_type: 22, dims: dims(3), int32_data: [0x2f, 0x07] },
      new Uint8Array([0x2f, 0x07]),
    ],
    [
      'int64_data including INT64_MAX and INT64_MIN',
      { data_type: 7, dims: dims(3), int64_data: [Long.MAX_VALUE, Long.MIN_VALUE, long(-5)] },
      bytesOf(new BigInt64Array([2n ** 63n - 1n, -(2n ** 63n), -5n])),
    ],
    [
      'uint64_data for uint64',
      { data_type: 13, dims: dims(2), uint64_data: [Long.MAX_UNSIGNED_VALUE, Long.fromNumber(9, true)] },
      bytesOf(new BigUint64Array([2n ** 64n - 1n, 9n])),
    ],
    [
      'uint64_data for uint32',
      { data_type: 12, dims: dims(2), uint64_data: [Long.fromNumber(4294967295, true), Long.fromNumber(1, true)] },
      bytesOf(new Uint32Array([4294967295, 1])),
    ],
    ['double_data', { data_type: 11, dims: dims(1), double_data: [Math.PI] }, bytesOf(new Float64Array([Math.PI]))],
    [
      'complex64 in float_data',
      { data_type: 14, dims: dims(1), float_data: [1, -1] },
      bytesOf(new Float32Array([1, -1])),
    ],
  ])('converts %s to little-endian bytes', (_, proto, expected) => {
    expect(tensorFile(proto).data?.bytes).toEqual(expected);
  });

  it('keeps raw_data as a view over the file buffer (no copy)', () => {
    const bytes = encodeModel({
      name: 'g',
      initializer: [{ name: 'w', data_type: 1, dims: [long(4)], raw_data: bytesOf(new Float32Array([1, 2, 3, 4])) }],
    });
    const w = readModel(bytes).graph.tensors.find((t) => t.id === 'w');
    expect(w?.data?.bytes?.buffer).toBe(bytes.buffer);
    expect(w?.data?.bytes).toEqual(bytesOf(new Float32Array([1, 2, 3, 4])));
  });

  it('writes every numeric tensor back as raw_data', () => {
    const model = readModel(
      encodeModel({ name: 'g', initializer: [{ name: 'h', data_type: 10, dims: [long(1)], int32_data: [0x3c00] }] }),
    );
    const init = writtenModel(model).graph?.initializer?.[0];
    expect(init?.raw_data).toEqual(bytesOf(new Uint16Array([0x3c00])));
    expect(init?.int32_data).toEqual([]);
  });

  it('keeps element types the IR has no dtype for by their code', () => {
    const model = readModel(
      encodeModel({
        name: 'g',
        initializer: [{ name: 'e', data_type: 24, dims: [long(2)], raw_data: new Uint8Array([1, 2]) }],
      }),
    );
    expect(model.graph.tensors[0]?.dtype).toBe('undefined');
    expect(writtenModel(model).graph?.initializer?.[0]?.data_type).toBe(24);
  });
});

describe('attributes the IR keeps opaque', () => {
  const sparse = {
    values: { data_type: 1, dims: [long(1)], float_data: [2] },
    indices: { data_type: 7, dims: [long(1)], int64_data: [long(3)] },
    dims: [long(5)],
  };
  const attributes: AttributeProto[] = [
    { name: 'sp', type: AttributeType.SPARSE_TENSOR, sparse_tensor: sparse },
    { name: 'tp', type: AttributeType.TYPE_PROTO, tp: { tensor_type: { elem_type: 1 } } },
    { name: 'ref', type: AttributeType.FLOAT, ref_attr_name: 'alpha' },
    { name: 'sps', type: AttributeType.SPARSE_TENSORS, sparse_tensors: [sparse, sparse] },
  ];
  const model = readModel(
    encodeModel({
      name: 'g',
      node: [{ op_type: 'Custom', domain: 'x', input: [], output: ['y'], attribute: attributes }],
    }),
  );

  it('reads sparse tensors, type protos and attribute references as opaque encoded messages', () => {
    const attrs = model.graph.nodes[0]!.attributes;
    expect(attrs.sp).toMatchObject({ type: 'opaque', format: 'onnx.SparseTensorProto' });
    expect(attrs.tp).toMatchObject({ type: 'opaque', format: 'onnx.TypeProto' });
    expect(attrs.ref).toMatchObject({ type: 'opaque', format: 'onnx.AttributeProto' });
    expect(attrs.sps).toMatchObject({ type: 'opaque', format: 'onnx.AttributeProto' });
  });

  it('writes them back unchanged', () => {
    const written = writtenModel(model).graph?.node?.[0]?.attribute ?? [];
    const again = written.map((a) => encodeMessage(ProtoTypes.Attribute, a));
    expect(again).toEqual(attributes.map((a) => encodeMessage(ProtoTypes.Attribute, a)));
  });

  it('infers the type of attributes from IR version 1 files, which have none', () => {
    const old = readModel(
      encodeModel({
        name: 'g',
        node: [{ op_type: 'Custom', output: ['y'], attribute: [{ name: 'k', ints: [long(3)] }] }],
      }),
    );
    expect(old.graph.nodes[0]?.attributes.k).toEqual({ type: 'ints', value: [3] });
  });
});

describe('ONNX fields kept in extras', () => {
  const bytes = encodeModel(
    {
      name: 'g',
      node: [
        {
          op_type: 'MyFn',
          domain: 'local',
          overload: 'v2',
          output: ['y'],
          metadata_props: [{ key: 'k', value: 'v' }],
        },
      ],
      output: [{ name: 'y', metadata_props: [{ key: 'vi', value: '1' }] }],
      initializer: [
        {
          name: 'c',
          data_type: 1,
          dims: [],
          raw_data: bytesOf(new Float32Array([1])),
          metadata_props: [{ key: 't', value: '2' }],
        },
      ],
      sparse_initializer: [
        {
          values: { name: 's', data_type: 1, dims: [long(1)], float_data: [1] },
          indices: { data_type: 7, dims: [long(1)], int64_data: [long(0)] },
          dims: [long(4)],
        },
      ],
      quantization_annotation: [
        { tensor_name: 'y', quant_parameter_tensor_names: [{ key: 'SCALE_TENSOR', value: 'c' }] },
      ],
      metadata_props: [{ key: 'graph', value: 'meta' }],
    },
    {
      functions: [
        {
          name: 'MyFn',
          domain: 'local',
          overload: 'v2',
          output: ['y'],
          node: [{ op_type: 'Constant', output: ['y'] }],
        },
      ],
      training_info: [{ update_binding: [{ key: 'a', value: 'b' }] }],
      configuration: [{ name: 'cfg', num_devices: 2, device: ['d0', 'd1'] }],
    },
  );

  it('writes back model-local functions, training info, sparse initializers and metadata unchanged', () => {
    const model = readModel(bytes);
    const written = writeOnnx(model)[0]!.bytes;
    const before = decodeMessage<ModelProto>(ProtoTypes.Model, bytes);
    const after = decodeMessage<ModelProto>(ProtoTypes.Model, written);
    const pick = (m: ModelProto) => ({
      functions: m.functions?.map((f) => encodeMessage(ProtoTypes.Function, f)),
      training: m.training_info?.map((t) => encodeMessage(ProtoTypes.TrainingInfo, t)),
      configuration: m.configuration?.map((c) => encodeMessage(ProtoTypes.DeviceConfiguration, c)),
      sparse: m.graph?.sparse_initializer?.map((s) => encodeMessage(ProtoTypes.SparseTensor, s)),
      annotations: m.graph?.quantization_annotation?.map((q) => encodeMessage(ProtoTypes.TensorAnnotation, q)),
      graphMeta: m.graph?.metadata_props,
      node: m.graph?.node?.map((n) => [n.overload, n.metadata_props]),
      outputMeta: m.graph?.output?.[0]?.metadata_props,
      initMeta: m.graph?.initializer?.[0]?.metadata_props,
    });
    expect(pick(after)).toEqual(pick(before));
    expect(diffIR(model, readModel(written))).toBeUndefined();
  });

  it('keeps fields newer than the schema as raw bytes and writes them back', () => {
    // Field 99 (varint 7) does not exist in ModelProto or GraphProto.
    const unknown = new Uint8Array([0x98, 0x06, 0x07]);
    const withUnknown = new Uint8Array(bytes.length + unknown.length);
    withUnknown.set(bytes);
    withUnknown.set(unknown, bytes.length);
    const model = readModel(withUnknown);
    const written = writeOnnx(model)[0]!.bytes;
    expect([...written.subarray(written.length - 3)]).toEqual([...unknown]);
  });
});
