// A generic flatbuffers table encoder driven by the schema descriptors: children first (the builder
// cannot nest), then the table with its scalars, widest first so padding stays small. Vectors marked
// force_align in the schema (Buffer.data: 16 bytes) start on that alignment in the finished file.
import { Builder } from 'flatbuffers';
import { SCALAR_SIZE, tableDef, type ElementType, type FieldDef, type ScalarType, type TableDef } from '../schema';
import type { FbScalar, FbTable, FbUnion, FbValue } from './values';

/** A value the schema says a field cannot hold (a bug in the caller, reported with the field's name). */
export class EncodeError extends Error {
  override readonly name = 'EncodeError';
}

const byWidth = new WeakMap<TableDef, FieldDef[]>();

// Fields in the order they are added to the table: 8-byte scalars, 4-byte (incl. offsets), 2, then 1.
function fieldsByWidth(def: TableDef): FieldDef[] {
  let fields = byWidth.get(def);
  if (!fields) {
    const width = (f: FieldDef): number =>
      f.type.kind === 'scalar'
        ? SCALAR_SIZE[f.type.scalar]
        : f.type.kind === 'enum'
          ? SCALAR_SIZE[f.type.enumDef.underlying]
          : 4;
    fields = def.fields.filter((f) => !f.deprecated).sort((a, b) => width(b) - width(a) || a.id - b.id);
    byWidth.set(def, fields);
  }
  return fields;
}

function toBigInt(value: FbScalar): bigint {
  if (typeof value === 'bigint') return BigInt.asIntN(64, value);
  if (typeof value === 'boolean') return value ? 1n : 0n;
  return BigInt.asIntN(64, BigInt(Math.trunc(value)));
}

function toNumber(value: FbScalar): number {
  return typeof value === 'boolean' ? (value ? 1 : 0) : Number(value);
}

export class FlatbufferWriter {
  readonly builder: Builder;

  constructor(sizeHint = 1024) {
    this.builder = new Builder(Math.max(1024, Math.min(sizeHint, 0x7fff0000)));
  }

  /** Finishes the buffer with `root` as root table and the 4-character file identifier. */
  finish(def: TableDef, root: FbTable, identifier: string): Uint8Array {
    const offset = this.table(def, root);
    this.builder.finish(offset, identifier);
    return this.builder.asUint8Array();
  }

  /** Encodes a table (and everything under it); returns its offset. */
  table(def: TableDef, value: FbTable): number {
    const children = new Map<FieldDef, number>();
    for (const field of def.fields) {
      const v = value[field.name];
      if (v === undefined || field.deprecated) continue;
      const kind = field.type.kind;
      if (kind === 'string' || kind === 'table' || kind === 'vector' || kind === 'union')
        children.set(field, this.child(field, v, def));
    }
    const b = this.builder;
    b.startObject(def.slots);
    for (const field of fieldsByWidth(def)) {
      const v = value[field.name];
      if (v === undefined) continue;
      const type = field.type;
      if (type.kind === 'scalar') this.scalarField(field.id, type.scalar, v as FbScalar, field.defaultValue);
      else if (type.kind === 'enum')
        this.scalarField(field.id, type.enumDef.underlying, v as FbScalar, field.defaultValue);
      else if (type.kind === 'union') {
        const code = this.unionCode(field, v as FbUnion, def);
        b.addFieldInt8(field.id - 1, code, 0);
        b.addFieldOffset(field.id, children.get(field)!, 0);
      } else b.addFieldOffset(field.id, children.get(field)!, 0);
    }
    return b.endObject();
  }

  private unionCode(field: FieldDef, union: FbUnion, owner: TableDef): number {
    if (field.type.kind !== 'union') throw new EncodeError(`${owner.name}.${field.name} is not a union`);
    const code = typeof union.type === 'number' ? union.type : field.type.union.members.indexOf(union.type) + 1;
    if (code <= 0 || typeof union.type === 'number' || union.value === undefined)
      throw new EncodeError(`${owner.name}.${field.name}: cannot write union member ${String(union.type)}`);
    return code;
  }

  private child(field: FieldDef, value: FbValue, owner: TableDef): number {
    const type = field.type;
    switch (type.kind) {
      case 'string':
        if (typeof value !== 'string') throw new EncodeError(`${owner.name}.${field.name} must be a string`);
        return this.builder.createString(value);
      case 'table':
        return this.table(tableDef(type.table), value as FbTable);
      case 'union': {
        const union = value as FbUnion;
        this.unionCode(field, union, owner);
        return this.table(tableDef(union.type as string), union.value!);
      }
      case 'vector':
        return this.vector(type.element, type.forceAlign, value, `${owner.name}.${field.name}`);
      default:
        throw new EncodeError(`${owner.name}.${field.name} is a scalar`);
    }
  }

  private scalarField(slot: number, type: ScalarType, value: FbScalar, fallback: number | boolean): void {
    const b = this.builder;
    const d = toNumber(fallback);
    switch (type) {
      case 'bool':
      case 'byte':
      case 'ubyte':
        return b.addFieldInt8(slot, toNumber(value), d);
      case 'short':
      case 'ushort':
        return b.addFieldInt16(slot, toNumber(value), d);
      case 'int':
      case 'uint':
        return b.addFieldInt32(slot, toNumber(value), d);
      case 'long':
      case 'ulong':
        return b.addFieldInt64(slot, toBigInt(value), BigInt(d));
      case 'float':
        return b.addFieldFloat32(slot, toNumber(value), d);
      case 'double':
        return b.addFieldFloat64(slot, toNumber(value), d);
    }
  }

  private addScalar(type: ScalarType, value: FbScalar): void {
    const b = this.builder;
    switch (type) {
      case 'bool':
      case 'byte':
      case 'ubyte':
        return b.addInt8(toNumber(value));
      case 'short':
      case 'ushort':
        return b.addInt16(toNumber(value));
      case 'int':
      case 'uint':
        return b.addInt32(toNumber(value));
      case 'long':
      case 'ulong':
        return b.addInt64(toBigInt(value));
      case 'float':
        return b.addFloat32(toNumber(value));
      case 'double':
        return b.addFloat64(toNumber(value));
    }
  }

  /** A `[ubyte]` vector whose first byte lands on a multiple of `alignment` in the finished buffer. */
  bytes(data: Uint8Array, alignment = 1): number {
    // prep() pads so that after `data.length` more bytes the position is aligned; the length prefix
    // then needs no padding of its own, so the data starts aligned (positions count from the end, and
    // finish() pads the whole buffer to the largest alignment used).
    if (alignment > 1) this.builder.prep(alignment, data.byteLength);
    return this.builder.createByteVector(data);
  }

  private vector(element: ElementType, forceAlign: number, value: FbValue, where: string): number {
    const b = this.builder;
    if (element.kind === 'scalar' && element.scalar === 'ubyte') {
      const data = value instanceof Uint8Array ? value : Uint8Array.from(value as readonly number[]);
      return this.bytes(data, forceAlign);
    }
    if (!Array.isArray(value)) throw new EncodeError(`${where} must be a list`);
    if (element.kind === 'string' || element.kind === 'table') {
      const offsets =
        element.kind === 'string'
          ? (value as readonly string[]).map((s) => b.createString(s))
          : (value as readonly FbTable[]).map((t) => this.table(tableDef(element.table), t));
      b.startVector(4, offsets.length, 4);
      for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]!);
      return b.endVector();
    }
    const scalar = element.kind === 'scalar' ? element.scalar : element.enumDef.underlying;
    const size = SCALAR_SIZE[scalar];
    const items = value as readonly FbScalar[];
    b.startVector(size, items.length, Math.max(size, forceAlign));
    for (let i = items.length - 1; i >= 0; i--) this.addScalar(scalar, items[i]!);
    return b.endVector();
  }
}
