/**
 * Element types of tensors, named by what they hold rather than by any one format's enum.
 * Format readers map their own codes onto these (ONNX TensorProto.DataType, TFLite TensorType, TF.js dtype).
 */
export type DType =
  | 'undefined'
  | 'float32'
  | 'float16'
  | 'bfloat16'
  | 'float64'
  | 'int4'
  | 'uint4'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'bool'
  | 'string'
  | 'complex64'
  | 'complex128'
  | 'float8e4m3fn'
  | 'float8e4m3fnuz'
  | 'float8e5m2'
  | 'float8e5m2fnuz'
  | 'float4e2m1'
  | 'resource'
  | 'variant';

const BITS: Readonly<Record<DType, number>> = {
  undefined: 0,
  float32: 32,
  float16: 16,
  bfloat16: 16,
  float64: 64,
  int4: 4,
  uint4: 4,
  int8: 8,
  uint8: 8,
  int16: 16,
  uint16: 16,
  int32: 32,
  uint32: 32,
  int64: 64,
  uint64: 64,
  bool: 8,
  // Strings have no fixed width; byte counts of string tensors come from their data.
  string: 0,
  complex64: 64,
  complex128: 128,
  float8e4m3fn: 8,
  float8e4m3fnuz: 8,
  float8e5m2: 8,
  float8e5m2fnuz: 8,
  float4e2m1: 4,
  resource: 0,
  variant: 0,
};

/** Bits one element of `dtype` occupies when stored densely (0 when it has no fixed width). */
export function dtypeBits(dtype: DType): number {
  return BITS[dtype];
}

/** Bytes `count` elements of `dtype` occupy when stored densely; sub-byte types are packed and rounded up. */
export function dtypeByteLength(dtype: DType, count: number): number {
  return Math.ceil((BITS[dtype] * count) / 8);
}

/** True for the floating-point element types. */
export function isFloatDType(dtype: DType): boolean {
  return (
    dtype === 'float32' ||
    dtype === 'float16' ||
    dtype === 'bfloat16' ||
    dtype === 'float64' ||
    dtype.startsWith('float8') ||
    dtype === 'float4e2m1'
  );
}

/** True for the integer element types (bool excluded). */
export function isIntDType(dtype: DType): boolean {
  return /^u?int\d+$/.test(dtype);
}

/** Every dtype name, in a stable order (for pickers and tables). */
export const ALL_DTYPES: readonly DType[] = Object.keys(BITS) as DType[];
