// NumPy's .npy format (format versions 1–3): the magic "\x93NUMPY", a version, a header length, a Python
// dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } padded with spaces, then the
// elements in C order. https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
import { DatasetError } from '../errors';
import type { DType } from '../ir/dtype';

/** Element arrays an .npy file can hold here (float16 as raw Uint16 bits, bool as 0/1 bytes). */
export type NpyData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** One array: dtype, shape (C order) and elements. */
export interface NpyArray {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: NpyData;
}

type Ctor = { new (buffer: ArrayBufferLike, offset: number, length: number): NpyData; new (length: number): NpyData };

interface Kind {
  readonly dtype: DType;
  readonly size: number;
  readonly ctor: Ctor;
}

// descr codes without their byte-order character: f4 = float32, i1 = int8, b1 = bool, …
const KINDS: Readonly<Record<string, Kind>> = {
  f2: { dtype: 'float16', size: 2, ctor: Uint16Array },
  f4: { dtype: 'float32', size: 4, ctor: Float32Array },
  f8: { dtype: 'float64', size: 8, ctor: Float64Array },
  i1: { dtype: 'int8', size: 1, ctor: Int8Array },
  u1: { dtype: 'uint8', size: 1, ctor: Uint8Array },
  b1: { dtype: 'bool', size: 1, ctor: Uint8Array },
  i2: { dtype: 'int16', size: 2, ctor: Int16Array },
  u2: { dtype: 'uint16', size: 2, ctor: Uint16Array },
  i4: { dtype: 'int32', size: 4, ctor: Int32Array },
  u4: { dtype: 'uint32', size: 4, ctor: Uint32Array },
  i8: { dtype: 'int64', size: 8, ctor: BigInt64Array },
  u8: { dtype: 'uint64', size: 8, ctor: BigUint64Array },
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function fail(code: DatasetError['code'], name: string, message: string): never {
  throw new DatasetError(code, `${name}: ${message}`, name);
}

function parseHeader(text: string, name: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  if (descr === undefined) {
    if (/'descr'\s*:\s*\[/.test(text))
      fail('unsupported-dtype', name, 'structured arrays (record dtypes) are not supported');
    fail('malformed', name, "the header has no 'descr' entry");
  }
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  if (fortran === undefined) fail('malformed', name, "the header has no 'fortran_order' entry");
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (shapeText === undefined) fail('malformed', name, "the header has no 'shape' entry");
  const shape = shapeText
    .split(',')
    .map((s) => s.trim().replace(/L$/, ''))
    .filter((s) => s !== '')
    .map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n) || n < 0) fail('malformed', name, `the shape (${shapeText}) is not a list of sizes`);
      return n;
    });
  return { descr, fortran: fortran === 'True', shape };
}

function kindOf(descr: string, name: string): Kind {
  const order = descr[0];
  const kind = KINDS[descr.slice(1)];
  if (!kind || !order || !'<|=>'.includes(order))
    fail('unsupported-dtype', name, `dtype '${descr}' is not supported (use float32/64, (u)int8/16/32/64 or bool)`);
  if (order === '>' && kind.size > 1)
    fail('unsupported-dtype', name, `dtype '${descr}' is big-endian; save it little-endian`);
  return kind;
}

/** Reads one .npy file. `name` is used in error messages. */
export function readNpy(bytes: Uint8Array, name = 'array.npy'): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b))
    fail(bytes.length === 0 ? 'empty' : 'bad-magic', name, 'is not a NumPy .npy file (no \\x93NUMPY magic)');
  const major = bytes[6]!;
  if (major < 1 || major > 3) fail('malformed', name, `.npy format version ${major} is not supported`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthSize) fail('truncated', name, 'the file ends inside its header');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthSize + headerLength;
  if (bytes.length < dataStart) fail('truncated', name, 'the file ends inside its header');
  let text = '';
  for (let i = 8 + lengthSize; i < dataStart; i++) text += String.fromCharCode(bytes[i]!);
  const header = parseHeader(text, name);
  if (header.fortran)
    fail('fortran-order', name, 'is stored in Fortran (column-major) order; save it with numpy.ascontiguousarray');
  const kind = kindOf(header.descr, name);
  const count = header.shape.reduce((a, b) => a * b, 1);
  const byteLength = count * kind.size;
  if (bytes.length - dataStart < byteLength)
    fail(
      'truncated',
      name,
      `holds ${bytes.length - dataStart} bytes of data but shape (${header.shape.join(', ')}) of ${header.descr} needs ${byteLength}`,
    );
  const at = bytes.byteOffset + dataStart;
  // A typed array must start at a multiple of its element size; copy when the data does not.
  const data =
    at % kind.size === 0
      ? new kind.ctor(bytes.buffer, at, count)
      : new kind.ctor(bytes.slice(dataStart, dataStart + byteLength).buffer, 0, count);
  return { dtype: kind.dtype, shape: header.shape, data };
}

function descrOf(array: NpyArray): string {
  for (const [code, kind] of Object.entries(KINDS))
    if (kind.dtype === array.dtype) return `${kind.size === 1 ? '|' : '<'}${code}`;
  throw new DatasetError('unsupported-dtype', `cannot write dtype ${array.dtype} to .npy`);
}

/** Writes one array as an .npy file (format 1.0, header padded so the data starts 64-byte aligned). */
export function writeNpy(array: NpyArray): Uint8Array {
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${descrOf(array)}', 'fortran_order': False, 'shape': ${shape}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const count = array.shape.reduce((a, b) => a * b, 1);
  const data = new Uint8Array(array.data.buffer, array.data.byteOffset, count * array.data.BYTES_PER_ELEMENT);
  const out = new Uint8Array(10 + header.length + data.length);
  out.set(MAGIC);
  out[6] = 1;
  out[7] = 0;
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(data, 10 + header.length);
  return out;
}
