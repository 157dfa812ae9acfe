import type { DType } from '../ir/dtype';
import { dtypeFromOnnx } from '../formats/onnx/dtypes';

/**
 * The dtype an ONNX TensorProto.DataType code stands for, for attributes that name an element type by
 * number (Cast `to`, EyeLike/RandomNormal `dtype`, ...); undefined for 0 and unknown codes.
 */
export function dtypeFromOnnxCode(code: number): DType | undefined {
  const dtype = dtypeFromOnnx(code);
  return dtype === 'undefined' ? undefined : dtype;
}
