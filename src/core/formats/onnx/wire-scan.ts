// Shallow walks over the protobuf wire structure with protobufjs's Reader, guided by the schema. They
// do not decode values: `sniffModel` recognises ONNX files by content, and `findDamage` explains, after
// a decode failed, where the file stops making sense (so the error can say "truncated" or name a tensor).
import protobuf from 'protobufjs/light';
import { createReader, ProtoTypes } from './proto';

/** Where a length-delimited field or a value runs past the end of what encloses it. */
export interface Overrun {
  readonly kind: 'overrun';
  /** Field names from ModelProto down, e.g. ['graph', 'initializer', 'raw_data']. */
  readonly path: readonly string[];
  /** Byte where the field's contents start, where they would end, and where the enclosing record ends. */
  readonly start: number;
  readonly end: number;
  readonly limit: number;
  /** Name of the innermost TensorProto being read, when it was seen before the damage. */
  readonly tensorName?: string;
  /** True when the field belongs to a TensorProto's data (raw_data, float_data, …). */
  readonly tensorData: boolean;
}

/** A tag with an impossible field number or wire type. */
export interface BadWire {
  readonly kind: 'bad-wire';
  readonly path: readonly string[];
  readonly at: number;
}

export type Damage = Overrun | BadWire;

// ONNX uses no groups (wire types 3 and 4); 6 and 7 do not exist.
const VALID_WIRE_TYPES = new Set([0, 1, 2, 5]);
const TENSOR_DATA_FIELDS = new Set([4, 5, 6, 7, 9, 10, 11]);
const MAX_DEPTH = 100;

interface Scope {
  readonly path: readonly string[];
  tensorName?: string;
}

/** The first place the wire structure of a ModelProto breaks, or undefined when it is intact. */
export function findDamage(bytes: Uint8Array): Damage | undefined {
  return walk(bytes, ProtoTypes.Model, 0, bytes.length, { path: [] }, 0);
}

function walk(
  bytes: Uint8Array,
  type: protobuf.Type | undefined,
  start: number,
  limit: number,
  scope: Scope,
  depth: number,
): Damage | undefined {
  const reader = createReader(bytes);
  reader.pos = start;
  reader.len = limit;
  const isTensor = type === ProtoTypes.Tensor;
  while (reader.pos < limit) {
    const at = reader.pos;
    const tag = tryRead(() => reader.uint32());
    if (tag === undefined) return overrun(scope, at, limit + 1, limit, false);
    const id = tag >>> 3;
    const wireType = tag & 7;
    const field = type?.fieldsById[id];
    const path = [...scope.path, field?.name ?? `#${id}`];
    if (id === 0 || !VALID_WIRE_TYPES.has(wireType)) return { kind: 'bad-wire', path, at };
    const tensorData = isTensor && TENSOR_DATA_FIELDS.has(id);
    if (wireType !== 2) {
      const valueAt = reader.pos;
      if (tryRead(() => reader.skipType(wireType)) === undefined)
        return overrun({ ...scope, path }, valueAt, limit + 1, limit, tensorData);
      continue;
    }
    const length = tryRead(() => reader.uint32());
    if (length === undefined) return overrun({ ...scope, path }, reader.pos, limit + 1, limit, tensorData);
    const contentStart = reader.pos;
    const contentEnd = contentStart + length;
    if (contentEnd > limit) return overrun({ ...scope, path }, contentStart, contentEnd, limit, tensorData);
    if (isTensor && id === 8) scope.tensorName = protobuf.util.utf8.read(bytes, contentStart, contentEnd);
    const nested = field?.resolvedType;
    if (nested instanceof protobuf.Type && depth < MAX_DEPTH) {
      const damage = walk(bytes, nested, contentStart, contentEnd, { path, tensorName: scope.tensorName }, depth + 1);
      if (damage) return damage;
    }
    reader.pos = contentEnd;
  }
  return undefined;
}

function overrun(scope: Scope, start: number, end: number, limit: number, tensorData: boolean): Overrun {
  const base = { kind: 'overrun' as const, path: scope.path, start, end, limit, tensorData };
  return scope.tensorName === undefined ? base : { ...base, tensorName: scope.tensorName };
}

function tryRead<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

const IR_VERSION_FIELD = 1;
const GRAPH_FIELD = 7;
const MAX_SNIFFED_FIELDS = 64;
// IR versions so far are 1..13; anything far beyond is not an ONNX model.
const MAX_IR_VERSION = 1000;

/**
 * True when the top-level fields of `bytes` look like a ModelProto: every field is a known ModelProto
 * field with its declared wire type, an ir_version is present, and a graph is present whose first
 * field is a known GraphProto field. The graph's length may run past the end of the file (a truncated
 * file is still recognised, so the reader can say precisely what is wrong).
 */
export function sniffModel(bytes: Uint8Array): boolean {
  const reader = createReader(bytes);
  let version = false;
  let graph = false;
  for (let n = 0; n < MAX_SNIFFED_FIELDS && reader.pos < bytes.length; n++) {
    const tag = tryRead(() => reader.uint32());
    if (tag === undefined) return false;
    const field = ProtoTypes.Model.fieldsById[tag >>> 3];
    if (!field || (tag & 7) !== expectedWireType(field)) return false;
    if ((tag & 7) === 0 && field.id === IR_VERSION_FIELD) {
      const value = tryRead(() => reader.uint32());
      version = value !== undefined && value >= 1 && value <= MAX_IR_VERSION;
      if (!version) return false;
      continue;
    }
    if ((tag & 7) !== 2) {
      if (tryRead(() => reader.skipType(tag & 7)) === undefined) return false;
      continue;
    }
    const length = tryRead(() => reader.uint32());
    if (length === undefined) return false;
    if (field.id === GRAPH_FIELD) {
      graph = length === 0 || startsLikeGraph(bytes, reader.pos);
      if (reader.pos + length > bytes.length) return graph && version;
    } else if (reader.pos + length > bytes.length) return false;
    reader.pos += length;
  }
  return graph && version;
}

function startsLikeGraph(bytes: Uint8Array, at: number): boolean {
  const reader = createReader(bytes);
  reader.pos = at;
  const tag = tryRead(() => reader.uint32());
  if (tag === undefined) return at >= bytes.length;
  const field = ProtoTypes.Graph.fieldsById[tag >>> 3];
  return field !== undefined && (tag & 7) === expectedWireType(field);
}

function expectedWireType(field: protobuf.Field): number {
  if (field.repeated || field.resolvedType instanceof protobuf.Type) return 2;
  if (field.resolvedType instanceof protobuf.Enum) return 0;
  return (protobuf.types.basic as Record<string, number | undefined>)[field.type] ?? 2;
}
