// Descriptors of the TFLite flatbuffer schema, declared as data (see index.ts beside this file).
// A table lists its fields in field-id order; a union field takes two ids (its `_type` byte, then the
// offset), exactly as flatbuffers numbers them. The codec in ../codec reads and writes any table from
// these descriptors, so adding a field is one line here.

/** Flatbuffers scalar types, by their schema-language names. */
export type ScalarType =
  | 'bool'
  | 'byte'
  | 'ubyte'
  | 'short'
  | 'ushort'
  | 'int'
  | 'uint'
  | 'long'
  | 'ulong'
  | 'float'
  | 'double';

/** Bytes one scalar occupies. */
export const SCALAR_SIZE: Readonly<Record<ScalarType, number>> = {
  bool: 1,
  byte: 1,
  ubyte: 1,
  short: 2,
  ushort: 2,
  int: 4,
  uint: 4,
  long: 8,
  ulong: 8,
  float: 4,
  double: 8,
};

/** An enum: `names[value]` (every TFLite enum is dense from 0). */
export interface EnumDef {
  readonly name: string;
  readonly underlying: ScalarType;
  readonly names: readonly string[];
}

/** A union: member `i` has type code `i + 1` (0 is NONE). */
export interface UnionDef {
  readonly name: string;
  readonly members: readonly string[];
}

/** What a field (or a vector's element) holds. */
export type FieldType =
  | { readonly kind: 'scalar'; readonly scalar: ScalarType }
  | { readonly kind: 'enum'; readonly enumDef: EnumDef }
  | { readonly kind: 'string' }
  | { readonly kind: 'table'; readonly table: string }
  | { readonly kind: 'union'; readonly union: UnionDef }
  | { readonly kind: 'vector'; readonly element: ElementType; readonly forceAlign: number };

/** Vector elements: scalars, enums, strings or tables (TFLite has no vectors of unions or structs). */
export type ElementType = Exclude<FieldType, { kind: 'vector' } | { kind: 'union' }>;

export interface FieldDef {
  readonly name: string;
  readonly type: FieldType;
  /** The field's slot id; a union's `_type` byte is at `id - 1`. */
  readonly id: number;
  /** Default of a scalar or enum field (flatbuffers omits fields equal to it). */
  readonly defaultValue: number | boolean;
  /** Deprecated fields keep their id but are neither read nor written. */
  readonly deprecated: boolean;
}

export interface TableDef {
  readonly name: string;
  readonly fields: readonly FieldDef[];
  /** Number of slots (ids) the table uses. */
  readonly slots: number;
}
