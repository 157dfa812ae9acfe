import type { DType } from '../ir/dtype';

// ONNX TensorProto.DataType codes (onnx.proto), for attributes that name an element type by number
// (Cast `to`, EyeLike/RandomNormal `dtype`, window functions' `output_datatype`, ...).
const BY_CODE: readonly (DType | undefined)[] = [
  undefined,
  'float32',
  'uint8',
  'int8',
  'uint16',
  'int16',
  'int32',
  'int64',
  'string',
  'bool',
  'float16',
  'float64',
  'uint32',
  'uint64',
  'complex64',
  'complex128',
  'bfloat16',
  'float8e4m3fn',
  'float8e4m3fnuz',
  'float8e5m2',
  'float8e5m2fnuz',
  'uint4',
  'int4',
  'float4e2m1',
];

/** The dtype an ONNX TensorProto.DataType code stands for (undefined for 0 and unknown codes). */
export function dtypeFromOnnxCode(code: number): DType | undefined {
  return BY_CODE[code];
}
