// A TensorProto (tensor.proto) in proto3 JSON that carries its own values: the converter moves every
// constant to the weights manifest, but hand-written or older graphs may keep small ones inline.
import type { DType } from '../../ir/dtype';
import type { Shape, TensorData } from '../../ir/types';
import { shapeDims } from './attr-value';
import { dtypeFromTf } from './dtypes';
import { numberOf, type JsonObject } from './json';
import { base64Decode } from './text';

/** TensorProto fields that hold values (the writer never emits them: values go to the weight files). */
export const TENSOR_CONTENT_KEYS = [
  'tensorContent',
  'floatVal',
  'doubleVal',
  'intVal',
  'int64Val',
  'boolVal',
  'halfVal',
  'stringVal',
  'scomplexVal',
  'dcomplexVal',
  'uint32Val',
  'uint64Val',
];

const VAL_FIELD: Partial<Record<DType, string>> = { float32: 'floatVal', int32: 'intVal', bool: 'boolVal' };
const SIZE: Partial<Record<DType, number>> = { float32: 4, int32: 4, bool: 1 };

/** The dtype, shape and bytes of an inline float32/int32/bool TensorProto; undefined for anything else. */
export function inlineTensor(json: JsonObject): { dtype: DType; shape: Shape; data: TensorData } | undefined {
  const dtype =
    typeof json['dtype'] === 'string' || typeof json['dtype'] === 'number' ? dtypeFromTf(json['dtype']) : undefined;
  const dims = shapeDims(json['tensorShape'] ?? {});
  const size = dtype === undefined ? undefined : SIZE[dtype];
  if (!dtype || !dims || dims.some((d) => d < 0) || size === undefined) return undefined;
  const count = dims.reduce((a, b) => a * b, 1);
  const content = json['tensorContent'];
  if (typeof content === 'string') {
    const bytes = base64Decode(content);
    return bytes && bytes.byteLength === count * size ? { dtype, shape: dims, data: { bytes } } : undefined;
  }
  // A TensorProto without values would mean zeros; in a model.json it means the weight is missing.
  const raw = json[VAL_FIELD[dtype]!];
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const values = raw.map((v) => (typeof v === 'boolean' ? Number(v) : numberOf(v)));
  if (values.some((v) => v === undefined) || values.length > count) return undefined;
  // tensor.proto: with fewer values than elements, the last value fills the rest.
  const at = (i: number): number => values[Math.min(i, values.length - 1)] ?? 0;
  const array =
    dtype === 'float32' ? new Float32Array(count) : dtype === 'int32' ? new Int32Array(count) : new Uint8Array(count);
  for (let i = 0; i < count; i++) array[i] = at(i);
  return { dtype, shape: dims, data: { bytes: new Uint8Array(array.buffer) } };
}
