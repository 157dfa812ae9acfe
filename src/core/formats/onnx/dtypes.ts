import type { DType } from '../../ir/dtype';

// TensorProto.DataType codes (onnx.proto). 24..26 (FLOAT8E8M0, UINT2, INT2) have no IR dtype yet: such
// tensors read as 'undefined' and keep their code in extras so they are written back unchanged.
const BY_CODE: readonly DType[] = [
  'undefined',
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

const BY_DTYPE = new Map<DType, number>(BY_CODE.map((dtype, code) => [dtype, code]));

/** IR dtype of an ONNX element type code ('undefined' for codes the IR does not know). */
export function dtypeFromOnnx(code: number | undefined): DType {
  return BY_CODE[code ?? 0] ?? 'undefined';
}

/** True when the IR has a dtype for this ONNX code (so the code need not be kept aside). */
export function isKnownOnnxType(code: number | undefined): boolean {
  return code === undefined || (code >= 0 && code < BY_CODE.length);
}

/** ONNX element type code of an IR dtype; undefined for dtypes ONNX cannot store (resource, variant). */
export function onnxFromDtype(dtype: DType): number | undefined {
  return BY_DTYPE.get(dtype);
}
