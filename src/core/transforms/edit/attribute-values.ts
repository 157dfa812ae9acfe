// Attribute values of edits ↔ IR attributes, typed by the catalogue: the typed editors send plain JSON
// (numbers, strings, lists), and the spec says what the format stores (an int, a float, an enum name, an
// ONNX dtype code). The same rules check attributes already in a model (validation).
import { ALL_DTYPES, type DType } from '../../ir/dtype';
import type { Attribute } from '../../ir/types';
import { dtypeFromOnnx, onnxFromDtype } from '../../formats/onnx/dtypes';
import type { AttributeSpec } from './catalogue-types';
import { refuse } from './edit-error';
import type { EditAttributeValue } from './types';

const isNumberList = (v: unknown): v is readonly number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));
const isStringList = (v: unknown): v is readonly string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** An attribute from a plain value, typed as the builder types them (integers → int, others → float). */
function untyped(value: EditAttributeValue): Attribute | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? { type: 'int', value } : { type: 'float', value };
  if (typeof value === 'string') return { type: 'string', value };
  if (isStringList(value) && value.length > 0) return { type: 'strings', value: [...value] };
  if (isNumberList(value))
    return value.every(Number.isInteger) ? { type: 'ints', value: [...value] } : { type: 'floats', value: [...value] };
  if (typeof value === 'object' && !Array.isArray(value) && 'type' in value) return value as Attribute;
  return undefined;
}

/** The plain value inside a typed or untyped edit value. */
function plain(value: EditAttributeValue): unknown {
  return typeof value === 'object' && !Array.isArray(value) && 'type' in value ? value.value : value;
}

function dtypeCode(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && dtypeFromOnnx(value) !== 'undefined') return value;
  if (typeof value === 'string' && (ALL_DTYPES as readonly string[]).includes(value))
    return onnxFromDtype(value as DType);
  return undefined;
}

/** The attribute `spec` describes, from an edit's value; undefined when the value does not fit. */
function typed(value: EditAttributeValue, spec: AttributeSpec): Attribute | undefined {
  const v = plain(value);
  switch (spec.kind) {
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) ? { type: 'int', value: v } : undefined;
    case 'bool':
      return v === 0 || v === 1 ? { type: 'int', value: v } : undefined;
    case 'float':
      return typeof v === 'number' && Number.isFinite(v) ? { type: 'float', value: v } : undefined;
    case 'string':
      return typeof v === 'string' ? { type: 'string', value: v } : undefined;
    case 'enum':
      return typeof v === 'string' && spec.values?.includes(v) ? { type: 'string', value: v } : undefined;
    case 'ints':
      return isNumberList(v) && v.every(Number.isInteger) ? { type: 'ints', value: [...v] } : undefined;
    case 'floats':
      return isNumberList(v) ? { type: 'floats', value: [...v] } : undefined;
    case 'strings':
      return isStringList(v) ? { type: 'strings', value: [...v] } : undefined;
    case 'dtype': {
      const code = dtypeCode(v);
      return code === undefined ? undefined : { type: 'int', value: code };
    }
  }
}

/** What a value of this spec must be, for messages. */
export function expected(spec: AttributeSpec): string {
  switch (spec.kind) {
    case 'int':
      return 'a whole number';
    case 'bool':
      return '0 or 1';
    case 'float':
      return 'a number';
    case 'string':
      return 'a string';
    case 'enum':
      return `one of ${(spec.values ?? []).join(', ')}`;
    case 'ints':
      return 'a list of whole numbers';
    case 'floats':
      return 'a list of numbers';
    case 'strings':
      return 'a list of strings';
    case 'dtype':
      return 'an element type (float32, int8, …)';
  }
}

function shown(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/**
 * The IR attribute for an edit's value: typed by `spec` when the catalogue knows the attribute, else as
 * given. Refuses (EditError 'bad-attribute', naming `where` and the attribute) a value that does not fit.
 */
export function toIrAttribute(
  value: EditAttributeValue,
  spec: AttributeSpec | undefined,
  name: string,
  where: string,
): Attribute {
  const result = spec ? typed(value, spec) : untyped(value);
  if (result) return result;
  const must = spec ? expected(spec) : 'a number, a string or a list of them';
  return refuse('bad-attribute', `${where}: attribute "${name}" must be ${must}, not ${shown(plain(value))}`, name);
}

/** Why an attribute already on a node does not fit its spec (undefined when it fits). */
export function attributeProblem(attribute: Attribute, spec: AttributeSpec): string | undefined {
  const plainTypes: Readonly<Record<string, boolean>> = {
    int: true,
    float: true,
    string: true,
    ints: true,
    floats: true,
    strings: true,
  };
  // TF.js keeps AttrValue `b` bools as json booleans.
  if (spec.kind === 'bool' && attribute.type === 'json' && typeof attribute.value === 'boolean') return undefined;
  if (!plainTypes[attribute.type]) return `attribute "${spec.name}" must be ${expected(spec)}, not a ${attribute.type}`;
  const value = attribute.value as EditAttributeValue;
  // Stored ints for a float attribute are fine (writers emit what the type says); the reverse is not.
  if (spec.kind === 'float' && attribute.type === 'int') return undefined;
  if (spec.kind === 'floats' && attribute.type === 'ints') return undefined;
  // A TFLite enum code newer than the schema reads as its number; the writer takes it back as is.
  if (spec.kind === 'enum' && attribute.type === 'int') return undefined;
  const fits = typed(value, spec);
  if (!fits || fits.type !== attribute.type)
    return `attribute "${spec.name}" must be ${expected(spec)}, not ${shown(value)}`;
  return undefined;
}
