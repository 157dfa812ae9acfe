// JSON for the project file's manifest. Saved records hold values plain JSON cannot spell — Infinity (a
// layer's SQNR when quantization changed nothing), NaN, and typed arrays (layout positions) — so those are
// written as small tagged objects and turned back into what they were on reading.

const TYPED_ARRAYS = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;

type TypedName = keyof typeof TYPED_ARRAYS;
type Typed = InstanceType<(typeof TYPED_ARRAYS)[TypedName]>;

const NUMBER_TAG = '$number';
const TYPED_TAG = '$typed';

function typedName(value: unknown): TypedName | undefined {
  if (!ArrayBuffer.isView(value)) return undefined;
  // By tag, not instanceof: arrays cloned from a worker or another realm count too.
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  return tag in TYPED_ARRAYS ? (tag as TypedName) : undefined;
}

/** Bytes as base64 (btoa works on 'binary strings'; built in chunks so long arrays do not overflow the stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK)
    binary += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + CHUNK)));
  return btoa(binary);
}

/** The bytes of a base64 text, in a buffer of their own. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function encodeValue(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return { [NUMBER_TAG]: String(value) };
  const name = typedName(value);
  if (name) {
    const view = value as Typed;
    return { [TYPED_TAG]: name, base64: toBase64(new Uint8Array(view.buffer, view.byteOffset, view.byteLength)) };
  }
  return value;
}

/** `value` as JSON text in which Infinity, NaN and typed arrays survive (read back with `parseJson`). */
export function stringifyJson(value: unknown, space?: number): string {
  // A replacer sees typed arrays before JSON turns them into index-keyed objects.
  return JSON.stringify(value, (_key, v: unknown) => encodeValue(v), space);
}

function decodeTagged(value: Record<string, unknown>): unknown {
  const number = value[NUMBER_TAG];
  if (typeof number === 'string' && Object.keys(value).length === 1) {
    if (number === 'Infinity') return Infinity;
    if (number === '-Infinity') return -Infinity;
    if (number === 'NaN') return NaN;
  }
  const name = value[TYPED_TAG];
  if (typeof name === 'string' && name in TYPED_ARRAYS && typeof value.base64 === 'string') {
    const bytes = fromBase64(value.base64);
    const ctor = TYPED_ARRAYS[name as TypedName];
    if (bytes.byteLength % ctor.BYTES_PER_ELEMENT === 0) return new ctor(bytes.buffer);
  }
  return value;
}

/** Parses text written by `stringifyJson`; throws a SyntaxError for text that is not JSON. */
export function parseJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? decodeTagged(v as Record<string, unknown>) : v,
  );
}
