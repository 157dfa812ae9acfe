// AttributeProto ↔ IR Attribute. What the IR cannot hold exactly (sparse tensors, type protos,
// references to function attributes, non-UTF-8 string lists) is kept as an opaque encoded message.
import { ModelFormatError } from '../../errors';
import type { Attribute, Graph, Tensor } from '../../ir/types';
import type { AttributeProto, GraphProto, TensorProto, TypeProto } from './proto';
import {
  AttributeType as T,
  decodeMessage,
  encodeMessage,
  has,
  ProtoTypes,
  toInt64,
  toNumber,
  utf8Bytes,
  utf8Strict,
} from './proto';

/** How attribute reading reaches back into the model reader (tensors and nested graphs). */
export interface AttributeReadContext {
  tensor(proto: TensorProto): Tensor;
  graph(proto: GraphProto): Graph;
}

/** `format` of opaque attributes: what their bytes encode. */
export const OPAQUE_ATTRIBUTE = 'onnx.AttributeProto';
export const OPAQUE_SPARSE_TENSOR = 'onnx.SparseTensorProto';
export const OPAQUE_TYPE_PROTO = 'onnx.TypeProto';

// IR version 1 files carry no `type`; the ONNX spec says to tell the type by which field is set.
function inferType(a: AttributeProto): number {
  if (has(a, 'f')) return T.FLOAT;
  if (has(a, 'i')) return T.INT;
  if (has(a, 's')) return T.STRING;
  if (has(a, 't')) return T.TENSOR;
  if (has(a, 'g')) return T.GRAPH;
  if (a.floats?.length) return T.FLOATS;
  if (a.ints?.length) return T.INTS;
  if (a.strings?.length) return T.STRINGS;
  if (a.tensors?.length) return T.TENSORS;
  if (a.graphs?.length) return T.GRAPHS;
  return T.UNDEFINED;
}

/** The IR attribute for an AttributeProto. */
export function readAttribute(a: AttributeProto, ctx: AttributeReadContext): Attribute {
  if (a.ref_attr_name) return opaqueAttribute(a);
  const type = has(a, 'type') && a.type !== T.UNDEFINED ? (a.type ?? T.UNDEFINED) : inferType(a);
  switch (type) {
    case T.FLOAT:
      return { type: 'float', value: a.f ?? 0 };
    case T.INT:
      return { type: 'int', value: toNumber(a.i) };
    case T.STRING: {
      const bytes = a.s ?? new Uint8Array(0);
      const text = utf8Strict(bytes);
      return text === undefined ? { type: 'bytes', value: bytes } : { type: 'string', value: text };
    }
    case T.TENSOR:
      return a.t ? { type: 'tensor', value: ctx.tensor(a.t) } : opaqueAttribute(a);
    case T.GRAPH:
      return a.g ? { type: 'graph', value: ctx.graph(a.g) } : opaqueAttribute(a);
    case T.FLOATS:
      return { type: 'floats', value: [...(a.floats ?? [])] };
    case T.INTS:
      return { type: 'ints', value: (a.ints ?? []).map((v) => toNumber(v)) };
    case T.STRINGS: {
      const texts = (a.strings ?? []).map(utf8Strict);
      if (texts.some((t) => t === undefined)) return opaqueAttribute(a);
      return { type: 'strings', value: texts as string[] };
    }
    case T.TENSORS:
      return { type: 'tensors', value: (a.tensors ?? []).map((t) => ctx.tensor(t)) };
    case T.GRAPHS:
      return { type: 'graphs', value: (a.graphs ?? []).map((g) => ctx.graph(g)) };
    case T.SPARSE_TENSOR:
      return a.sparse_tensor
        ? {
            type: 'opaque',
            format: OPAQUE_SPARSE_TENSOR,
            value: encodeMessage(ProtoTypes.SparseTensor, a.sparse_tensor),
          }
        : opaqueAttribute(a);
    case T.TYPE_PROTO:
      return a.tp
        ? { type: 'opaque', format: OPAQUE_TYPE_PROTO, value: encodeMessage(ProtoTypes.TypeProto, a.tp) }
        : opaqueAttribute(a);
    default:
      return opaqueAttribute(a);
  }
}

function opaqueAttribute(a: AttributeProto): Attribute {
  return { type: 'opaque', format: OPAQUE_ATTRIBUTE, value: encodeMessage(ProtoTypes.Attribute, a) };
}

/** How attribute writing reaches back into the model writer. */
export interface AttributeWriteContext {
  readonly file: string;
  tensor(tensor: Tensor): TensorProto;
  graph(graph: Graph): GraphProto;
}

/** The AttributeProto for an IR attribute named `name`. */
export function writeAttribute(name: string, attr: Attribute, ctx: AttributeWriteContext): AttributeProto {
  switch (attr.type) {
    case 'float':
      return { name, type: T.FLOAT, f: attr.value };
    case 'int':
      return { name, type: T.INT, i: toInt64(attr.value) };
    case 'string':
      return { name, type: T.STRING, s: utf8Bytes(attr.value) };
    case 'bytes':
      return { name, type: T.STRING, s: attr.value };
    case 'tensor':
      return { name, type: T.TENSOR, t: ctx.tensor(attr.value) };
    case 'graph':
      return { name, type: T.GRAPH, g: ctx.graph(attr.value) };
    case 'floats':
      return { name, type: T.FLOATS, floats: [...attr.value] };
    case 'ints':
      return { name, type: T.INTS, ints: attr.value.map(toInt64) };
    case 'strings':
      return { name, type: T.STRINGS, strings: attr.value.map(utf8Bytes) };
    case 'tensors':
      return { name, type: T.TENSORS, tensors: attr.value.map((t) => ctx.tensor(t)) };
    case 'graphs':
      return { name, type: T.GRAPHS, graphs: attr.value.map((g) => ctx.graph(g)) };
    case 'opaque':
      return writeOpaque(name, attr.format, attr.value, ctx.file);
    case 'json':
      throw new ModelFormatError(
        'unsupported',
        `${ctx.file}: attribute "${name}" holds a structured (JSON) value, which ONNX attributes cannot express`,
        name,
      );
  }
}

function writeOpaque(name: string, format: string, value: Uint8Array, file: string): AttributeProto {
  if (format === OPAQUE_ATTRIBUTE) {
    const proto = decodeMessage<AttributeProto>(ProtoTypes.Attribute, value);
    proto.name = name;
    return proto;
  }
  if (format === OPAQUE_SPARSE_TENSOR)
    return { name, type: T.SPARSE_TENSOR, sparse_tensor: decodeMessage(ProtoTypes.SparseTensor, value) };
  if (format === OPAQUE_TYPE_PROTO)
    return { name, type: T.TYPE_PROTO, tp: decodeMessage<TypeProto>(ProtoTypes.TypeProto, value) };
  throw new ModelFormatError(
    'unsupported',
    `${file}: attribute "${name}" holds ${format} data, which cannot be written as ONNX`,
    name,
  );
}
