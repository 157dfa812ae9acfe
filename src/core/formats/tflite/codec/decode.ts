// A generic flatbuffers table decoder driven by the schema descriptors, with every offset, vtable and
// vector checked against the end of the buffer (the flatbuffers runtime checks nothing: it would read
// `undefined` past the end and carry on). Offsets to tables, vectors and strings are unsigned and point
// forward, so a walk cannot loop; a work budget proportional to the file size stops files whose offsets
// make many fields share one large object.
import { ByteBuffer } from 'flatbuffers';
import { SCALAR_SIZE, tableDef, type ElementType, type FieldDef, type ScalarType, type TableDef } from '../schema';
import { int64Value, type FbScalar, type FbTable, type FbUnion, type FbValue } from './values';

/** Why decoding stopped: something runs past the end, points somewhere impossible, or is absurdly large. */
export type DecodeProblem = 'past-end' | 'bad-pointer' | 'too-much';

/** A decoding failure, with the path of the field (e.g. `subgraphs[0].tensors[3].name`). */
export class FlatbufferError extends Error {
  constructor(
    readonly problem: DecodeProblem,
    readonly path: string,
    /** Byte position of what was being read. */
    readonly at: number,
    /** Byte position it would end at (past-end), when known. */
    readonly end?: number,
  ) {
    super(`${problem} at ${path || 'root'} (byte ${at})`);
  }
}

/** A field path, built only when an error needs it. */
class Path {
  constructor(
    readonly parent: Path | undefined,
    readonly key: string | number,
  ) {}

  render(): string {
    const before = this.parent ? this.parent.render() : '';
    if (typeof this.key === 'number') return `${before}[${this.key}]`;
    return before && this.key ? `${before}.${this.key}` : before || this.key;
  }
}

const ROOT = new Path(undefined, '');

export class FlatbufferReader {
  private readonly bb: ByteBuffer;
  private readonly size: number;
  private work = 0;
  private readonly maxWork: number;

  constructor(private readonly bytes: Uint8Array) {
    this.bb = new ByteBuffer(bytes);
    this.size = bytes.byteLength;
    // A valid file decodes each object once, and every object occupies bytes of its own.
    this.maxWork = 4 * this.size + 65536;
  }

  /** True when bytes 4..8 hold `identifier`. */
  hasIdentifier(identifier: string): boolean {
    if (this.size < 8) return false;
    for (let i = 0; i < 4; i++) if (this.bytes[4 + i] !== identifier.charCodeAt(i)) return false;
    return true;
  }

  /** The root table. */
  root(def: TableDef): FbTable {
    this.need(0, 4, ROOT);
    return this.table(def, this.bb.readUint32(0), ROOT);
  }

  private fail(problem: DecodeProblem, path: Path, at: number, end?: number): never {
    throw new FlatbufferError(problem, path.render(), at, end);
  }

  private need(pos: number, length: number, path: Path): void {
    if (pos + length > this.size) this.fail('past-end', path, pos, pos + length);
  }

  private charge(units: number, path: Path, at: number): void {
    this.work += units;
    if (this.work > this.maxWork) this.fail('too-much', path, at);
  }

  /** The target of the uoffset stored at `pos`. */
  private indirect(pos: number, path: Path): number {
    this.need(pos, 4, path);
    const target = pos + this.bb.readUint32(pos);
    this.need(target, 4, path);
    return target;
  }

  private table(def: TableDef, t: number, path: Path): FbTable {
    this.charge(8, path, t);
    this.need(t, 4, path);
    const vt = t - this.bb.readInt32(t);
    if (vt < 0) this.fail('bad-pointer', path, t);
    this.need(vt, 4, path);
    const vtLength = this.bb.readUint16(vt);
    const tableLength = this.bb.readUint16(vt + 2);
    if (vtLength < 4 || vtLength % 2 !== 0 || tableLength < 4) this.fail('bad-pointer', path, vt);
    this.need(vt, vtLength, path);
    this.need(t, tableLength, path);
    // Position of field `id` inside the table, or 0 when absent; the field must lie inside the table.
    const slot = (id: number, size: number, at: Path): number => {
      const entry = 4 + 2 * id;
      if (entry >= vtLength) return 0;
      const offset = this.bb.readUint16(vt + entry);
      if (offset === 0) return 0;
      if (offset < 4 || offset + size > tableLength) this.fail('bad-pointer', at, t + offset);
      return t + offset;
    };

    const out: Record<string, FbValue> = {};
    for (const field of def.fields) {
      if (field.deprecated) continue;
      const at = new Path(path, field.name);
      const type = field.type;
      if (type.kind === 'union') {
        const typePos = slot(field.id - 1, 1, at);
        const code = typePos ? this.bb.readUint8(typePos) : 0;
        const valuePos = slot(field.id, 4, at);
        if (code === 0 || valuePos === 0) continue;
        const member = type.union.members[code - 1];
        const union: FbUnion = member
          ? { type: member, value: this.table(tableDef(member), this.indirect(valuePos, at), at) }
          : { type: code };
        out[field.name] = union;
        continue;
      }
      const size = type.kind === 'scalar' ? SCALAR_SIZE[type.scalar] : type.kind === 'enum' ? enumSize(type) : 4;
      const pos = slot(field.id, size, at);
      if (pos === 0) continue;
      out[field.name] = this.value(field, pos, at);
    }
    return out;
  }

  private value(field: FieldDef, pos: number, path: Path): FbValue {
    const type = field.type;
    switch (type.kind) {
      case 'scalar':
        return this.scalar(type.scalar, pos);
      case 'enum':
        return this.scalar(type.enumDef.underlying, pos) as number;
      case 'string':
        return this.string(pos, path);
      case 'table':
        return this.table(tableDef(type.table), this.indirect(pos, path), path);
      case 'vector':
        return this.vector(type.element, this.indirect(pos, path), path);
      default:
        throw new Error('unions are read by table()');
    }
  }

  private scalar(type: ScalarType, pos: number): FbScalar {
    const bb = this.bb;
    switch (type) {
      case 'bool':
        return bb.readUint8(pos) !== 0;
      case 'byte':
        return bb.readInt8(pos);
      case 'ubyte':
        return bb.readUint8(pos);
      case 'short':
        return bb.readInt16(pos);
      case 'ushort':
        return bb.readUint16(pos);
      case 'int':
        return bb.readInt32(pos);
      case 'uint':
        return bb.readUint32(pos);
      case 'long':
        return int64Value(bb.readInt64(pos));
      case 'ulong':
        return int64Value(bb.readUint64(pos));
      case 'float':
        return bb.readFloat32(pos);
      case 'double':
        return bb.readFloat64(pos);
    }
  }

  /** The string whose uoffset is stored at `pos`. */
  private string(pos: number, path: Path): string {
    const s = this.indirect(pos, path);
    const length = this.bb.readUint32(s);
    this.need(s + 4, length, path);
    this.charge(length, path, s);
    return this.bb.__string(pos) as string;
  }

  private vector(element: ElementType, v: number, path: Path): FbValue {
    const length = this.bb.readUint32(v);
    const start = v + 4;
    const size =
      element.kind === 'scalar' ? SCALAR_SIZE[element.scalar] : element.kind === 'enum' ? enumSize(element) : 4;
    this.need(start, length * size, path);
    if (element.kind === 'scalar' && (element.scalar === 'ubyte' || element.scalar === 'byte')) {
      this.charge(4, path, v);
      const view = new Uint8Array(this.bytes.buffer, this.bytes.byteOffset + start, length);
      return element.scalar === 'ubyte' ? view : Array.from(new Int8Array(view.buffer, view.byteOffset, length));
    }
    this.charge(4 + length * size, path, v);
    switch (element.kind) {
      case 'scalar':
      case 'enum': {
        const scalar = element.kind === 'scalar' ? element.scalar : element.enumDef.underlying;
        const out: FbScalar[] = new Array<FbScalar>(length);
        for (let i = 0; i < length; i++) out[i] = this.scalar(scalar, start + i * size);
        return out;
      }
      case 'string': {
        const out: string[] = new Array<string>(length);
        for (let i = 0; i < length; i++) out[i] = this.string(start + 4 * i, new Path(path, i));
        return out;
      }
      case 'table': {
        const def = tableDef(element.table);
        const out: FbTable[] = new Array<FbTable>(length);
        for (let i = 0; i < length; i++) {
          const at = new Path(path, i);
          out[i] = this.table(def, this.indirect(start + 4 * i, at), at);
        }
        return out;
      }
    }
  }
}

function enumSize(type: { readonly enumDef: { readonly underlying: ScalarType } }): number {
  return SCALAR_SIZE[type.enumDef.underlying];
}
