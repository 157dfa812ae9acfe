import { dtypeByteLength, type DType } from './dtype';
import type { Dim, Shape, Tensor } from './types';

/** True when every dimension is a known number. */
export function isStaticShape(shape: Shape | undefined): shape is readonly number[] {
  return shape !== undefined && shape.every((d) => typeof d === 'number' && d >= 0);
}

/**
 * Element count of a shape. Symbolic dims count as `symbolicAs` (1 by DESIGN.md's convention: batch 1);
 * unknown dims or rank give `undefined`.
 */
export function elementCount(shape: Shape | undefined, symbolicAs = 1): number | undefined {
  if (shape === undefined) return undefined;
  let n = 1;
  for (const d of shape) {
    if (typeof d === 'number') n *= d;
    else if (typeof d === 'string') n *= symbolicAs;
    else return undefined;
  }
  return n;
}

/** Element count of a constant tensor: from its shape, or from its data when the shape is missing. */
export function constantElementCount(tensor: Tensor): number {
  const fromShape = elementCount(tensor.shape);
  if (fromShape !== undefined) return fromShape;
  if (tensor.data?.strings) return tensor.data.strings.length;
  const bytes = tensor.data?.bytes;
  if (bytes) {
    const perElement = dtypeByteLength(tensor.dtype, 1);
    return perElement > 0 ? Math.floor(bytes.byteLength / perElement) : 0;
  }
  return 0;
}

/** Stored bytes of a constant tensor (string tensors: the sum of their elements' lengths). */
export function constantByteLength(tensor: Tensor): number {
  const data = tensor.data;
  if (data?.strings) return data.strings.reduce((sum, s) => sum + s.byteLength, 0);
  if (data?.bytes) return data.bytes.byteLength;
  return dtypeByteLength(tensor.dtype, constantElementCount(tensor));
}

/** Human form of a shape, e.g. `1×3×224×224`, `N×10`, `?×10`; `?` for unknown rank. */
export function formatShape(shape: Shape | undefined): string {
  if (shape === undefined) return '?';
  if (shape.length === 0) return 'scalar';
  return shape.map(formatDim).join('×');
}

function formatDim(d: Dim): string {
  return d === null ? '?' : String(d);
}

type NumericArray =
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

type NumericCtor = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): NumericArray;
  new (length: number): NumericArray;
  readonly BYTES_PER_ELEMENT: number;
};

const TYPED: Partial<Record<DType, NumericCtor>> = {
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  uint8: Uint8Array,
  bool: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  float16: Uint16Array,
  bfloat16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
};

/**
 * A typed array over little-endian element bytes: a view when the bytes are aligned, otherwise a copy
 * (a typed array must start at a multiple of its element size). float16/bfloat16 come back as raw
 * Uint16 bits; use `toFloat64` for values.
 */
export function typedView(dtype: DType, bytes: Uint8Array): NumericArray {
  const Ctor = TYPED[dtype];
  if (!Ctor) throw new Error(`no typed array for dtype ${dtype}`);
  const size = Ctor.BYTES_PER_ELEMENT;
  const length = Math.floor(bytes.byteLength / size);
  if (bytes.byteOffset % size === 0) return new Ctor(bytes.buffer, bytes.byteOffset, length);
  const copy = new Uint8Array(length * size);
  copy.set(bytes.subarray(0, length * size));
  return new Ctor(copy.buffer, 0, length);
}

/** IEEE half-precision bits to a number. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** bfloat16 bits (the upper half of a float32) to a number. */
export function bfloat16ToFloat(bits: number): number {
  const f = new Float32Array(1);
  new Uint32Array(f.buffer)[0] = bits << 16;
  return f[0] ?? NaN;
}

/**
 * Numeric values of constant data as float64 (int64 beyond 2^53 lose precision; sub-byte types are
 * unpacked low nibble first, as ONNX and TFLite pack them). Returns undefined for non-numeric dtypes.
 */
export function toFloat64(dtype: DType, bytes: Uint8Array): Float64Array | undefined {
  if (dtype === 'int4' || dtype === 'uint4') return unpackNibbles(bytes, dtype === 'int4');
  const view = TYPED[dtype] ? typedView(dtype, bytes) : undefined;
  if (!view) return undefined;
  const out = new Float64Array(view.length);
  if (dtype === 'float16') for (let i = 0; i < out.length; i++) out[i] = halfToFloat(Number(view[i]));
  else if (dtype === 'bfloat16') for (let i = 0; i < out.length; i++) out[i] = bfloat16ToFloat(Number(view[i]));
  else for (let i = 0; i < out.length; i++) out[i] = Number(view[i]);
  return out;
}

function unpackNibbles(bytes: Uint8Array, signed: boolean): Float64Array {
  const out = new Float64Array(bytes.byteLength * 2);
  for (let i = 0; i < bytes.byteLength; i++) {
    const b = bytes[i] ?? 0;
    const lo = b & 0x0f;
    const hi = b >> 4;
    out[2 * i] = signed && lo > 7 ? lo - 16 : lo;
    out[2 * i + 1] = signed && hi > 7 ? hi - 16 : hi;
  }
  return out;
}

/** Little-endian bytes of a typed array's contents, viewed without copying. */
export function bytesOf(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
