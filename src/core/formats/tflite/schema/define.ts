// Turns compact field declarations into descriptors. A declaration reads like the schema language:
//   'stride_w:int'                      scalar
//   'dilation_w_factor:int=1'           with a default
//   'padding:Padding'                   enum (default 0), 'weights_format:X=DEFAULT' names its default
//   'shape:[int]', 'data:[ubyte]@16'    vector, '@n' = force_align
//   'builtin_options:BuiltinOptions'    union (takes two ids)
//   'new_height:int!'                   deprecated (keeps its id, never read or written)
// Anything not a scalar, enum or union is a table name, resolved when the codec meets it.
import { ENUMS } from './enums';
import { SCALAR_SIZE, type ElementType, type FieldDef, type FieldType, type ScalarType, type TableDef } from './types';
import { UNIONS } from './unions';

function isScalar(name: string): name is ScalarType {
  return Object.prototype.hasOwnProperty.call(SCALAR_SIZE, name);
}

function elementType(name: string): ElementType {
  if (isScalar(name)) return { kind: 'scalar', scalar: name };
  if (name === 'string') return { kind: 'string' };
  const enumDef = ENUMS.get(name);
  if (enumDef) return { kind: 'enum', enumDef };
  return { kind: 'table', table: name };
}

function fieldType(text: string): FieldType {
  const vector = /^\[(\w+)\](?:@(\d+))?$/.exec(text);
  if (vector) return { kind: 'vector', element: elementType(vector[1]!), forceAlign: Number(vector[2] ?? 0) };
  const union = UNIONS.get(text);
  if (union) return { kind: 'union', union };
  return elementType(text);
}

function defaultOf(type: FieldType, text: string | undefined, where: string): number | boolean {
  if (type.kind === 'scalar' && type.scalar === 'bool') return text === 'true';
  if (text === undefined) return 0;
  if (type.kind === 'enum') {
    const value = type.enumDef.names.indexOf(text);
    if (value < 0) throw new Error(`schema: ${where} defaults to unknown ${type.enumDef.name} ${text}`);
    return value;
  }
  return Number(text);
}

/** A table descriptor from its field declarations, in id order. */
export function table(name: string, ...declarations: readonly string[]): TableDef {
  const fields: FieldDef[] = [];
  let id = 0;
  for (const declaration of declarations) {
    const match = /^(\w+):([^=!]+?)(?:=([\w.-]+))?(!)?$/.exec(declaration);
    if (!match) throw new Error(`schema: cannot read field "${declaration}" of ${name}`);
    const [, fieldName, typeText, defaultText, deprecated] = match;
    const type = fieldType(typeText!);
    if (type.kind === 'union') id++; // the `<name>_type` byte comes first
    fields.push({
      name: fieldName!,
      type,
      id,
      defaultValue: defaultOf(type, defaultText, `${name}.${fieldName}`),
      deprecated: deprecated === '!',
    });
    id++;
  }
  return { name, fields, slots: id };
}
