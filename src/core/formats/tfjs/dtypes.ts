// Element types as TF.js files name them: TF's DataType enum in GraphDef attributes (types.proto, written
// by name in proto3 JSON, e.g. "DT_FLOAT", or by number), and the weights manifest's own names.
import type { DType } from '../../ir/dtype';

// types.proto DataType values 0..23 in order; the *_REF variants are these plus 100.
const TF_NAMES: readonly string[] = [
  'DT_INVALID',
  'DT_FLOAT',
  'DT_DOUBLE',
  'DT_INT32',
  'DT_UINT8',
  'DT_INT16',
  'DT_INT8',
  'DT_STRING',
  'DT_COMPLEX64',
  'DT_INT64',
  'DT_BOOL',
  'DT_QINT8',
  'DT_QUINT8',
  'DT_QINT32',
  'DT_BFLOAT16',
  'DT_QINT16',
  'DT_QUINT16',
  'DT_UINT16',
  'DT_COMPLEX128',
  'DT_HALF',
  'DT_RESOURCE',
  'DT_VARIANT',
  'DT_UINT32',
  'DT_UINT64',
];

const TF_TO_IR: Readonly<Record<string, DType>> = {
  DT_FLOAT: 'float32',
  DT_DOUBLE: 'float64',
  DT_INT32: 'int32',
  DT_UINT8: 'uint8',
  DT_INT16: 'int16',
  DT_INT8: 'int8',
  DT_STRING: 'string',
  DT_COMPLEX64: 'complex64',
  DT_INT64: 'int64',
  DT_BOOL: 'bool',
  // Quantized TF types hold plain integers of these widths.
  DT_QINT8: 'int8',
  DT_QUINT8: 'uint8',
  DT_QINT32: 'int32',
  DT_BFLOAT16: 'bfloat16',
  DT_QINT16: 'int16',
  DT_QUINT16: 'uint16',
  DT_UINT16: 'uint16',
  DT_COMPLEX128: 'complex128',
  DT_HALF: 'float16',
  DT_RESOURCE: 'resource',
  DT_VARIANT: 'variant',
  DT_UINT32: 'uint32',
  DT_UINT64: 'uint64',
};

const IR_TO_TF: Partial<Record<DType, string>> = {};
for (const [name, dtype] of Object.entries(TF_TO_IR)) if (!name.startsWith('DT_Q')) IR_TO_TF[dtype] ??= name;

/** The IR dtype of a TF DataType given by name ("DT_FLOAT", "DT_FLOAT_REF") or number; undefined if unknown. */
export function dtypeFromTf(value: string | number): DType | undefined {
  const name = typeof value === 'number' ? TF_NAMES[value >= 100 ? value - 100 : value] : value.replace(/_REF$/, '');
  return name === undefined ? undefined : TF_TO_IR[name];
}

/** The TF DataType name of an IR dtype ("DT_FLOAT" for float32); undefined when TF has none (int4, float8…). */
export function tfDtypeName(dtype: DType): string | undefined {
  return IR_TO_TF[dtype];
}

/** Element types a weights manifest entry may declare (tfjs-core io/types.ts DTYPE_VALUE_SIZE_MAP and 'string'). */
export type ManifestDType = 'float32' | 'int32' | 'bool' | 'string' | 'complex64';

/** Bytes one element of a manifest dtype takes in a weight file (strings: variable, 0 here). */
export const MANIFEST_BYTES: Readonly<Record<ManifestDType, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  string: 0,
  complex64: 8,
};

/** True for the dtypes a manifest entry may declare. */
export function isManifestDType(value: unknown): value is ManifestDType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(MANIFEST_BYTES, value);
}
