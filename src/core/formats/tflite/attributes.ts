// Builtin option tables ↔ node attributes, by field name: every field of the op's option table becomes
// an attribute (defaults filled in), enums by their names (padding: 'SAME', fused_activation_function:
// 'RELU6'), booleans as 0/1 ints, [ubyte] as bytes, other vectors as ints/floats/strings.
import type { Attribute } from '../../ir/types';
import { int64Value, type FbScalar, type FbTable, type FbValue } from './codec/values';
import type { ElementType, FieldDef, TableDef } from './schema';

/** An attribute that does not fit its option field; the writer names the node. */
export class AttributeError extends Error {
  override readonly name = 'AttributeError';
}

const FLOATS = new Set(['float', 'double']);

function scalarAttribute(type: ElementType, value: FbScalar): Attribute {
  if (type.kind === 'enum') {
    const name = type.enumDef.names[Number(value)];
    return name === undefined ? { type: 'int', value: Number(value) } : { type: 'string', value: name };
  }
  if (typeof value === 'boolean') return { type: 'int', value: value ? 1 : 0 };
  if (typeof value === 'bigint') return { type: 'string', value: value.toString() };
  if (type.kind === 'scalar' && FLOATS.has(type.scalar)) return { type: 'float', value };
  return { type: 'int', value };
}

function vectorAttribute(element: ElementType, value: FbValue): Attribute | undefined {
  if (value instanceof Uint8Array) return { type: 'bytes', value };
  if (!Array.isArray(value)) return undefined;
  if (element.kind === 'string') return { type: 'strings', value: value as string[] };
  const items = value as readonly FbScalar[];
  if (element.kind === 'enum') {
    const names = items.map((v) => element.enumDef.names[Number(v)]);
    if (names.every((n) => n !== undefined)) return { type: 'strings', value: names as string[] };
    return { type: 'ints', value: items.map(Number) };
  }
  if (element.kind === 'scalar' && FLOATS.has(element.scalar)) return { type: 'floats', value: items.map(Number) };
  return { type: 'ints', value: items.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : Number(v))) };
}

/** The attributes of a decoded option table: every field, defaults filled in. */
export function optionsToAttributes(def: TableDef, table: FbTable): Record<string, Attribute> {
  const attributes: Record<string, Attribute> = {};
  for (const field of def.fields) {
    if (field.deprecated) continue;
    const type = field.type;
    const value = table[field.name];
    if (type.kind === 'vector') {
      const a = value === undefined ? undefined : vectorAttribute(type.element, value);
      if (a) attributes[field.name] = a;
    } else if (type.kind === 'scalar' || type.kind === 'enum') {
      attributes[field.name] = scalarAttribute(type, (value ?? field.defaultValue) as FbScalar);
    } else if (type.kind === 'string' && typeof value === 'string') {
      attributes[field.name] = { type: 'string', value };
    }
  }
  return attributes;
}

function integer(a: Attribute, field: FieldDef): number | bigint {
  if ((a.type === 'int' || a.type === 'float') && Number.isInteger(a.value)) return a.value;
  if (a.type === 'string' && /^-?\d+$/.test(a.value)) return int64Value(BigInt(a.value));
  throw new AttributeError(`option "${field.name}" must be an integer, not ${describe(a)}`);
}

function describe(a: Attribute): string {
  return a.type === 'string' ? `"${a.value}"` : `a ${a.type} attribute`;
}

function enumCode(field: FieldDef, names: readonly string[], value: string | number): number {
  if (typeof value === 'number') return value;
  const code = names.indexOf(value);
  if (code < 0) throw new AttributeError(`option "${field.name}" must be one of ${names.join(', ')}, not "${value}"`);
  return code;
}

function fieldValue(field: FieldDef, a: Attribute): FbValue {
  const type = field.type;
  switch (type.kind) {
    case 'scalar':
      if (type.scalar === 'bool') return Number(integer(a, field)) !== 0;
      if (FLOATS.has(type.scalar)) {
        if (a.type === 'float' || a.type === 'int') return a.value;
        throw new AttributeError(`option "${field.name}" must be a number, not ${describe(a)}`);
      }
      return integer(a, field);
    case 'enum':
      if (a.type === 'string' || a.type === 'int') return enumCode(field, type.enumDef.names, a.value);
      throw new AttributeError(`option "${field.name}" must be a ${type.enumDef.name} name, not ${describe(a)}`);
    case 'string':
      if (a.type === 'string') return a.value;
      throw new AttributeError(`option "${field.name}" must be a string, not ${describe(a)}`);
    case 'vector':
      return vectorValue(field, type.element, a);
    default:
      throw new AttributeError(`option "${field.name}" cannot be set from an attribute`);
  }
}

function vectorValue(field: FieldDef, element: ElementType, a: Attribute): FbValue {
  if (element.kind === 'scalar' && element.scalar === 'ubyte') {
    if (a.type === 'bytes') return a.value;
    if (a.type === 'ints') return Uint8Array.from(a.value);
  }
  if (element.kind === 'string' && a.type === 'strings') return a.value;
  if (element.kind === 'enum') {
    if (a.type === 'strings' || a.type === 'ints')
      return (a.value as readonly (string | number)[]).map((v) => enumCode(field, element.enumDef.names, v));
  }
  if (element.kind === 'scalar' && element.scalar !== 'ubyte') {
    if (FLOATS.has(element.scalar) && (a.type === 'floats' || a.type === 'ints')) return a.value;
    if (a.type === 'ints') return element.scalar === 'bool' ? a.value.map((v) => v !== 0) : a.value;
  }
  throw new AttributeError(`option "${field.name}" must be a list (${elementName(element)}), not ${describe(a)}`);
}

function elementName(element: ElementType): string {
  if (element.kind === 'scalar') return element.scalar;
  if (element.kind === 'enum') return element.enumDef.name;
  return element.kind === 'string' ? 'string' : element.table;
}

/** True when `name` is a (non-deprecated) field of the option table. */
export function hasOption(def: TableDef, name: string): boolean {
  return def.fields.some((f) => f.name === name && !f.deprecated);
}

/** The option table holding the given attributes (only those that are fields of `def`). */
export function attributesToOptions(def: TableDef, attributes: Readonly<Record<string, Attribute>>): FbTable {
  const table: Record<string, FbValue> = {};
  for (const field of def.fields) {
    const a = attributes[field.name];
    if (a === undefined || field.deprecated) continue;
    table[field.name] = fieldValue(field, a);
  }
  return table;
}

/**
 * The attributes a builtin op has once written and read back: every field of its option table with
 * its default, overridden by `given` converted to the field's own kind (e.g. an int 1 given for a
 * float field becomes a float). Throws AttributeError for a value the field cannot hold.
 */
export function optionAttributes(
  table: TableDef | undefined,
  given: Readonly<Record<string, Attribute>> = {},
): Record<string, Attribute> {
  if (!table) return { ...given };
  return { ...given, ...optionsToAttributes(table, attributesToOptions(table, given)) };
}
