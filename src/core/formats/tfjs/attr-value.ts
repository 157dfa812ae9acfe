// GraphDef AttrValue (attr_value.proto) in its proto3 JSON form ↔ IR attributes. Each value is decoded to
// the closest typed attribute and its original kind is remembered, so the writer emits the same AttrValue
// field: `s` (base64 bytes) → string, `i` (int64, a decimal string in JSON) → int, `f` → float,
// `type` ("DT_FLOAT") → string, `shape` → ints (−1 for unknown dims), `list.i/f/s/type` → ints/floats/
// strings; `b`, `list.b`, tensors, functions and anything else → json.
import type { Attribute, JsonValue } from '../../ir/types';
import { isObject, numberOf, type JsonObject } from './json';
import { base64Decode, base64Encode, utf8Decode, utf8Encode } from './text';

/** Which AttrValue field an attribute came from ('raw': the whole AttrValue kept as json). */
export type AttrKind =
  | 's'
  | 'i'
  | 'f'
  | 'b'
  | 'type'
  | 'shape'
  | 'tensor'
  | 'func'
  | 'placeholder'
  | 'list'
  | 'list.s'
  | 'list.i'
  | 'list.f'
  | 'list.b'
  | 'list.type'
  | 'list.shape'
  | 'list.tensor'
  | 'list.func'
  | 'raw';

export interface DecodedAttr {
  readonly attribute: Attribute;
  readonly kind: AttrKind;
}

const raw = (value: JsonValue): DecodedAttr => ({ attribute: { type: 'json', value }, kind: 'raw' });

function safeInt(value: unknown): number | undefined {
  const n = numberOf(value);
  return n !== undefined && Number.isSafeInteger(n) ? n : undefined;
}

/** A TensorShapeProto as dims (−1 unknown), or undefined when it has names or an unknown rank. */
export function shapeDims(shape: unknown): number[] | undefined {
  if (!isObject(shape) || shape['unknownRank'] === true) return undefined;
  const dims = shape['dim'] ?? [];
  if (!Array.isArray(dims)) return undefined;
  const out: number[] = [];
  for (const d of dims) {
    if (!isObject(d) || Object.keys(d).some((k) => k !== 'size')) return undefined;
    const size = d['size'] === undefined ? 0 : safeInt(d['size']);
    if (size === undefined) return undefined;
    out.push(size);
  }
  return out;
}

/** A TensorShapeProto of known rank in proto3 JSON (int64 sizes as strings; a scalar is `{}`). */
export function shapeJson(dims: readonly number[]): JsonObject {
  return dims.length === 0 ? {} : { dim: dims.map((d) => ({ size: String(d) })) };
}

function decodeString(value: unknown): string | Uint8Array | undefined {
  if (typeof value !== 'string') return undefined;
  const bytes = base64Decode(value);
  if (!bytes) return undefined;
  const text = utf8Decode(bytes);
  // Only text that encodes back to the same bytes is shown as a string.
  return text !== undefined ? text : bytes;
}

function decodeList(list: JsonObject): DecodedAttr | undefined {
  const fields = Object.entries(list).filter(([, v]) => !(Array.isArray(v) && v.length === 0));
  if (fields.length === 0) return { attribute: { type: 'ints', value: [] }, kind: 'list' };
  if (fields.length > 1) return undefined;
  const [field, values] = fields[0]!;
  if (!Array.isArray(values)) return undefined;
  switch (field) {
    case 'i': {
      const ints = values.map(safeInt);
      return ints.every((n): n is number => n !== undefined)
        ? { attribute: { type: 'ints', value: ints }, kind: 'list.i' }
        : undefined;
    }
    case 'f': {
      const floats = values.map(numberOf);
      return floats.every((n): n is number => n !== undefined)
        ? { attribute: { type: 'floats', value: floats }, kind: 'list.f' }
        : undefined;
    }
    case 's': {
      const strings = values.map(decodeString);
      return strings.every((s): s is string => typeof s === 'string')
        ? { attribute: { type: 'strings', value: strings }, kind: 'list.s' }
        : undefined;
    }
    case 'type':
      return values.every((t) => typeof t === 'string')
        ? { attribute: { type: 'strings', value: values as string[] }, kind: 'list.type' }
        : undefined;
    case 'b':
    case 'shape':
    case 'tensor':
    case 'func':
      return { attribute: { type: 'json', value: values }, kind: `list.${field}` };
    default:
      return undefined;
  }
}

/** An AttrValue as an IR attribute and the field it came from. */
export function decodeAttr(value: JsonValue): DecodedAttr {
  if (!isObject(value)) return raw(value);
  const keys = Object.keys(value);
  if (keys.length !== 1) return raw(value);
  const key = keys[0]!;
  const v = value[key];
  switch (key) {
    case 's': {
      const s = decodeString(v);
      if (s === undefined) return raw(value);
      return {
        attribute: typeof s === 'string' ? { type: 'string', value: s } : { type: 'bytes', value: s },
        kind: 's',
      };
    }
    case 'i': {
      const n = safeInt(v);
      return n === undefined ? raw(value) : { attribute: { type: 'int', value: n }, kind: 'i' };
    }
    case 'f': {
      const n = numberOf(v);
      return n === undefined ? raw(value) : { attribute: { type: 'float', value: n }, kind: 'f' };
    }
    case 'b':
      return typeof v === 'boolean' ? { attribute: { type: 'json', value: v }, kind: 'b' } : raw(value);
    case 'type':
      if (typeof v === 'string') return { attribute: { type: 'string', value: v }, kind: 'type' };
      return typeof v === 'number' ? { attribute: { type: 'int', value: v }, kind: 'type' } : raw(value);
    case 'shape': {
      const dims = shapeDims(v);
      return dims
        ? { attribute: { type: 'ints', value: dims }, kind: 'shape' }
        : { attribute: { type: 'json', value: v ?? null }, kind: 'shape' };
    }
    case 'tensor':
    case 'func':
      return { attribute: { type: 'json', value: v ?? null }, kind: key };
    case 'placeholder':
      return typeof v === 'string' ? { attribute: { type: 'string', value: v }, kind: 'placeholder' } : raw(value);
    case 'list': {
      const decoded = isObject(v) ? decodeList(v) : undefined;
      return decoded ?? raw(value);
    }
    default:
      return raw(value);
  }
}

function encodeFloat(n: number): JsonValue {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return n;
}

const encodeBytes = (value: string | Uint8Array): string =>
  base64Encode(typeof value === 'string' ? utf8Encode(value) : value);

/** The kind an attribute gets when nothing was remembered (attributes added by transforms or builders). */
function defaultKind(attribute: Attribute): AttrKind | undefined {
  switch (attribute.type) {
    case 'int':
      return 'i';
    case 'float':
      return 'f';
    case 'string':
      // A TF type name ("DT_FLOAT") is a `type` attribute; no `s` attribute of a TF op holds one.
      return /^DT_[A-Z0-9_]+$/.test(attribute.value) ? 'type' : 's';
    case 'bytes':
      return 's';
    case 'ints':
      return 'list.i';
    case 'floats':
      return 'list.f';
    case 'strings':
      return 'list.s';
    case 'json':
      if (typeof attribute.value === 'boolean') return 'b';
      if (Array.isArray(attribute.value) && attribute.value.every((x) => typeof x === 'boolean')) return 'list.b';
      return 'raw';
    default:
      return undefined;
  }
}

/** Which IR attribute types each kind can be written from. */
const FITS: Readonly<Record<AttrKind, readonly Attribute['type'][]>> = {
  s: ['string', 'bytes'],
  i: ['int', 'json'],
  f: ['float', 'int'],
  b: ['json'],
  type: ['string', 'int'],
  shape: ['ints', 'json'],
  tensor: ['json'],
  func: ['json'],
  placeholder: ['string'],
  list: ['ints', 'floats', 'strings'],
  'list.s': ['strings'],
  'list.i': ['ints'],
  'list.f': ['floats', 'ints'],
  'list.b': ['json'],
  'list.type': ['strings'],
  'list.shape': ['json'],
  'list.tensor': ['json'],
  'list.func': ['json'],
  raw: ['json'],
};

/**
 * An IR attribute as an AttrValue, in the field `kind` names when the attribute still fits it, else in the
 * field its type suggests. Undefined for attributes GraphDef cannot hold (graphs, IR tensors).
 */
export function encodeAttr(attribute: Attribute, kind: AttrKind | undefined): JsonValue | undefined {
  const k = kind && FITS[kind].includes(attribute.type) ? kind : defaultKind(attribute);
  if (k === undefined) return undefined;
  const a = attribute;
  switch (k) {
    case 's':
      return a.type === 'string' || a.type === 'bytes' ? { s: encodeBytes(a.value) } : undefined;
    case 'i':
      return a.type === 'int' ? { i: String(a.value) } : { i: a.value as JsonValue };
    case 'f':
      return { f: encodeFloat(a.value as number) };
    case 'b':
      return { b: a.value as JsonValue };
    case 'type':
      return { type: a.value as JsonValue };
    case 'shape':
      return { shape: a.type === 'ints' ? shapeJson(a.value) : (a.value as JsonValue) };
    case 'tensor':
    case 'func':
      return { [k]: a.value as JsonValue };
    case 'placeholder':
      return { placeholder: a.value as JsonValue };
    case 'list':
      return (a.value as readonly unknown[]).length === 0 ? { list: {} } : encodeAttr(a, defaultKind(a));
    case 'list.i':
      return { list: { i: (a.value as readonly number[]).map(String) } };
    case 'list.f':
      return { list: { f: (a.value as readonly number[]).map(encodeFloat) } };
    case 'list.s':
      return { list: { s: (a.value as readonly string[]).map(encodeBytes) } };
    case 'list.type':
      return { list: { type: a.value as readonly string[] } };
    case 'list.b':
    case 'list.shape':
    case 'list.tensor':
    case 'list.func':
      return { list: { [k.slice(5)]: a.value as JsonValue } };
    case 'raw':
      return a.value as JsonValue;
  }
}
