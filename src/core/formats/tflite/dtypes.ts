// TFLite TensorType ↔ IR dtype (tflite/schema.fbs enum TensorType).
import type { DType } from '../../ir/dtype';
import { TensorType } from './schema';

const BY_NAME: Readonly<Record<string, DType>> = {
  FLOAT32: 'float32',
  FLOAT16: 'float16',
  INT32: 'int32',
  UINT8: 'uint8',
  INT64: 'int64',
  STRING: 'string',
  BOOL: 'bool',
  INT16: 'int16',
  COMPLEX64: 'complex64',
  INT8: 'int8',
  FLOAT64: 'float64',
  COMPLEX128: 'complex128',
  UINT64: 'uint64',
  RESOURCE: 'resource',
  VARIANT: 'variant',
  UINT32: 'uint32',
  UINT16: 'uint16',
  // TFLite stores INT4 constants packed two to a byte, low nibble first, as the IR does.
  INT4: 'int4',
  BFLOAT16: 'bfloat16',
};

const CODE_OF = new Map<DType, number>(
  TensorType.names.flatMap((name, code) => {
    const dtype = BY_NAME[name];
    return dtype ? [[dtype, code] as [DType, number]] : [];
  }),
);

/** The IR dtype of a TensorType code, or undefined for a code this schema does not know. */
export function dtypeOfCode(code: number): DType | undefined {
  const name = TensorType.names[code];
  return name === undefined ? undefined : BY_NAME[name];
}

/** The TensorType code of an IR dtype, or undefined when TFLite has no such type (uint4, float8, …). */
export function codeOfDType(dtype: DType): number | undefined {
  return CODE_OF.get(dtype);
}
