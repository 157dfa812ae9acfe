// The ONNX protobuf schema (schema/onnx.json, written from onnx.proto) loaded into protobufjs, plus the
// shapes of the decoded messages this folder uses. Field names are the snake_case names of onnx.proto.
import Long from 'long';
import protobuf from 'protobufjs/light';
import descriptor from './schema/onnx.json';

// int64 fields decode to Long in Node and in browsers alike (without this, protobufjs picks numbers or
// Longs depending on whether it can find the `long` package at run time).
protobuf.util.Long = Long;
protobuf.configure();

const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
// Resolve every field's type now, so the schema-guided scans in wire-scan.ts see message types.
root.resolveAll();

/** Message types by their onnx.proto name. */
export const ProtoTypes = {
  Model: root.lookupType('onnx.ModelProto'),
  Graph: root.lookupType('onnx.GraphProto'),
  Node: root.lookupType('onnx.NodeProto'),
  Attribute: root.lookupType('onnx.AttributeProto'),
  Tensor: root.lookupType('onnx.TensorProto'),
  SparseTensor: root.lookupType('onnx.SparseTensorProto'),
  TypeProto: root.lookupType('onnx.TypeProto'),
  ValueInfo: root.lookupType('onnx.ValueInfoProto'),
  Function: root.lookupType('onnx.FunctionProto'),
  TrainingInfo: root.lookupType('onnx.TrainingInfoProto'),
  TensorAnnotation: root.lookupType('onnx.TensorAnnotation'),
  DeviceConfiguration: root.lookupType('onnx.DeviceConfigurationProto'),
  NodeDeviceConfiguration: root.lookupType('onnx.NodeDeviceConfigurationProto'),
} as const;

export type ProtoType = protobuf.Type;

/** A 64-bit integer as decoded (Long) or as handed to the encoder. */
export type Int64 = Long;

/**
 * Decoded messages. protobufjs gives every field its default on the prototype (so reads never see
 * `undefined` for scalars); presence of optional fields is an own property (see `has`). Messages
 * built for encoding are plain objects of the same shape with absent fields left out.
 */
interface Unknowns {
  /** Fields this schema does not know, kept raw (tag included) so they can be written back. */
  $unknowns?: Uint8Array[];
}

export interface StringStringEntryProto {
  key?: string;
  value?: string;
}

export interface OperatorSetIdProto {
  domain?: string;
  version?: Int64;
}

export interface DimensionProto {
  dim_value?: Int64;
  dim_param?: string;
  denotation?: string;
}

export interface TensorShapeProto {
  dim?: DimensionProto[];
}

export interface TypeProto {
  tensor_type?: { elem_type?: number; shape?: TensorShapeProto | null } | null;
  sparse_tensor_type?: { elem_type?: number; shape?: TensorShapeProto | null } | null;
  sequence_type?: { elem_type?: TypeProto | null } | null;
  optional_type?: { elem_type?: TypeProto | null } | null;
  map_type?: { key_type?: number; value_type?: TypeProto | null } | null;
  opaque_type?: { domain?: string; name?: string } | null;
  denotation?: string;
}

export interface ValueInfoProto {
  name?: string;
  type?: TypeProto | null;
  doc_string?: string;
  metadata_props?: StringStringEntryProto[];
}

export interface TensorProto extends Unknowns {
  dims?: Int64[];
  data_type?: number;
  segment?: { begin?: Int64; end?: Int64 } | null;
  float_data?: number[];
  int32_data?: number[];
  string_data?: Uint8Array[];
  int64_data?: Int64[];
  name?: string;
  doc_string?: string;
  raw_data?: Uint8Array;
  external_data?: StringStringEntryProto[];
  data_location?: number;
  double_data?: number[];
  uint64_data?: Int64[];
  metadata_props?: StringStringEntryProto[];
}

export interface SparseTensorProto {
  values?: TensorProto | null;
  indices?: TensorProto | null;
  dims?: Int64[];
}

export interface AttributeProto {
  name?: string;
  ref_attr_name?: string;
  doc_string?: string;
  type?: number;
  f?: number;
  i?: Int64;
  s?: Uint8Array;
  t?: TensorProto | null;
  g?: GraphProto | null;
  sparse_tensor?: SparseTensorProto | null;
  tp?: TypeProto | null;
  floats?: number[];
  ints?: Int64[];
  strings?: Uint8Array[];
  tensors?: TensorProto[];
  graphs?: GraphProto[];
  sparse_tensors?: SparseTensorProto[];
  type_protos?: TypeProto[];
}

export interface NodeProto extends Unknowns {
  input?: string[];
  output?: string[];
  name?: string;
  op_type?: string;
  domain?: string;
  overload?: string;
  attribute?: AttributeProto[];
  doc_string?: string;
  metadata_props?: StringStringEntryProto[];
  device_configurations?: object[];
}

export interface GraphProto extends Unknowns {
  node?: NodeProto[];
  name?: string;
  initializer?: TensorProto[];
  sparse_initializer?: SparseTensorProto[];
  doc_string?: string;
  input?: ValueInfoProto[];
  output?: ValueInfoProto[];
  value_info?: ValueInfoProto[];
  quantization_annotation?: object[];
  metadata_props?: StringStringEntryProto[];
}

export interface ModelProto extends Unknowns {
  ir_version?: Int64;
  opset_import?: OperatorSetIdProto[];
  producer_name?: string;
  producer_version?: string;
  domain?: string;
  model_version?: Int64;
  doc_string?: string;
  graph?: GraphProto | null;
  metadata_props?: StringStringEntryProto[];
  training_info?: object[];
  functions?: object[];
  configuration?: object[];
}

/** AttributeProto.AttributeType (onnx.proto). */
export const AttributeType = {
  UNDEFINED: 0,
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
  TENSORS: 9,
  GRAPHS: 10,
  SPARSE_TENSOR: 11,
  SPARSE_TENSORS: 12,
  TYPE_PROTO: 13,
  TYPE_PROTOS: 14,
} as const;

/** TensorProto.DataLocation: EXTERNAL means the bytes live in another file (external_data says where). */
export const DATA_LOCATION_EXTERNAL = 1;

/** True when an optional field was present on the wire (protobufjs sets own properties only then). */
export function has<T extends object>(message: T, field: keyof T & string): boolean {
  return Object.prototype.hasOwnProperty.call(message, field);
}

/** Decodes `bytes` as `type`, keeping unknown fields so they can be written back. Throws protobufjs errors. */
export function decodeMessage<T>(type: ProtoType, bytes: Uint8Array): T {
  const reader = protobuf.Reader.create(bytes);
  reader.discardUnknown = false;
  return type.decode(reader) as unknown as T;
}

/**
 * Encodes a plain message object. `sizeHint` (bytes) presizes the writer for large models: protobufjs
 * grows its buffer by doubling and copies the result once more at the end, which for a 100 MB model
 * means several needless copies of every weight. With a good hint the buffer is allocated once and
 * handed out without the final copy.
 */
export function encodeMessage(type: ProtoType, message: object, sizeHint = 0): Uint8Array {
  const initial = protobuf.Writer.initialBufferSize;
  let out: Uint8Array;
  if (sizeHint > initial) {
    protobuf.Writer.initialBufferSize = sizeHint;
    try {
      const writer = type.encode(message as Record<string, unknown>);
      const shared = writer.finish(true);
      // Share the writer's buffer unless the hint was far too large (then copy, to free the rest).
      out = shared.byteLength >= shared.buffer.byteLength * 0.75 ? shared : new Uint8Array(shared);
    } finally {
      protobuf.Writer.initialBufferSize = initial;
    }
  } else out = type.encode(message as Record<string, unknown>).finish();
  // In Node protobufjs hands back a Buffer; callers get a plain Uint8Array over the same memory.
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Re-encodes decoded sub-messages (functions, training info, …) the IR keeps as opaque bytes. */
export function encodeAll(type: ProtoType, messages: readonly object[] | undefined): Uint8Array[] {
  return (messages ?? []).map((m) => encodeMessage(type, m));
}

/** Decodes opaque bytes kept by `encodeAll` back into message objects for the encoder. */
export function decodeAll(type: ProtoType, encoded: readonly Uint8Array[] | undefined): object[] {
  return (encoded ?? []).map((b) => decodeMessage<object>(type, b));
}

const INT64_MAX = Long.MAX_VALUE;
const INT64_MIN = Long.MIN_VALUE;
const TWO_63 = 2 ** 63;

/** int64 → number (values beyond 2^53 lose precision; INT64_MAX becomes 2^63, which `toInt64` maps back). */
export function toNumber(value: Int64 | number | undefined): number {
  if (value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/** number → int64, clamping at the int64 range so INT64_MAX and INT64_MIN survive a round trip. */
export function toInt64(value: number): Int64 {
  if (value >= TWO_63) return INT64_MAX;
  if (value <= -TWO_63) return INT64_MIN;
  if (Number.isNaN(value)) return Long.ZERO;
  return Long.fromNumber(Math.trunc(value));
}

/** Strict UTF-8 decoding; undefined when the bytes are not valid UTF-8. */
export function utf8Strict(bytes: Uint8Array): string | undefined {
  try {
    return protobuf.util.utf8.readStrict(bytes, 0, bytes.length);
  } catch {
    return undefined;
  }
}

/** UTF-8 encoding of a string. */
export function utf8Bytes(text: string): Uint8Array {
  const out = new Uint8Array(protobuf.util.utf8.length(text));
  protobuf.util.utf8.write(text, out, 0);
  return out;
}

/** The protobufjs reader over `bytes`, for the shallow scans of `wire-scan.ts`. */
export function createReader(bytes: Uint8Array): protobuf.Reader {
  return protobuf.Reader.create(bytes);
}
