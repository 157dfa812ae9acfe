// TensorProto's typed repeated fields → dense little-endian bytes (onnx.proto TensorProto comments):
// float_data holds float and complex64; double_data double and complex128; int64_data int64;
// uint64_data uint32 and uint64; int32_data everything narrower than 32 bits plus int32 itself —
// one element per entry (float16/bfloat16/float8 as their bit patterns), except 4-bit types, whose
// entries each hold one byte of two packed elements, and 2-bit types, four per entry.
import type { DType } from '../../ir/dtype';
import { bytesOf } from '../../ir/tensor';
import type { Int64, TensorProto } from './proto';

/** Codes without an IR dtype whose elements still travel in int32_data, one byte per entry. */
const BYTE_PACKED_CODES = new Set([24, 25, 26]);

/** The data of a tensor stored in typed fields, as the bytes raw_data would hold. */
export function bytesFromTypedFields(proto: TensorProto, dtype: DType, code: number): Uint8Array {
  const int32 = proto.int32_data ?? [];
  switch (dtype) {
    case 'float32':
    case 'complex64':
      return bytesOf(Float32Array.from(proto.float_data ?? []));
    case 'float64':
    case 'complex128':
      return bytesOf(Float64Array.from(proto.double_data ?? []));
    case 'int32':
      return bytesOf(Int32Array.from(int32));
    case 'int16':
      return bytesOf(Int16Array.from(int32));
    case 'uint16':
    case 'float16':
    case 'bfloat16':
      return bytesOf(Uint16Array.from(int32));
    case 'int8':
      return bytesOf(Int8Array.from(int32));
    case 'bool':
      return Uint8Array.from(int32, (v) => (v !== 0 ? 1 : 0));
    case 'uint8':
    case 'float8e4m3fn':
    case 'float8e4m3fnuz':
    case 'float8e5m2':
    case 'float8e5m2fnuz':
    case 'int4':
    case 'uint4':
    case 'float4e2m1':
      // Uint8Array.from keeps the low byte of each entry: the element, or two packed 4-bit elements.
      return Uint8Array.from(int32);
    case 'int64':
      return longsToBytes(proto.int64_data ?? []);
    case 'uint64':
      return longsToBytes(proto.uint64_data ?? []);
    case 'uint32':
      return bytesOf(Uint32Array.from(proto.uint64_data ?? [], (v) => v.low >>> 0));
    default:
      return BYTE_PACKED_CODES.has(code) ? Uint8Array.from(int32) : new Uint8Array(0);
  }
}

function longsToBytes(values: readonly Int64[]): Uint8Array {
  // Two little-endian 32-bit halves per element: no BigInt needed.
  const words = new Int32Array(values.length * 2);
  values.forEach((v, i) => {
    words[2 * i] = v.low;
    words[2 * i + 1] = v.high;
  });
  return bytesOf(words);
}

/** True when any typed data field of the tensor holds values. */
export function hasTypedData(proto: TensorProto): boolean {
  return [proto.float_data, proto.int32_data, proto.int64_data, proto.double_data, proto.uint64_data].some(
    (field) => (field?.length ?? 0) > 0,
  );
}
