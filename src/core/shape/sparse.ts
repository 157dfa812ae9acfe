// The type of a Constant's sparse_value, read straight from its SparseTensorProto bytes (the IR keeps
// sparse tensors in their ONNX encoding). Only the dims and the values' element type are needed.
import type { DType } from '../ir/dtype';
import { dtypeFromOnnxCode } from './onnx-dtype';

interface Field {
  readonly field: number;
  readonly wire: number;
  /** Varint value (wire 0). */
  readonly value: number;
  /** Payload (wire 2). */
  readonly bytes?: Uint8Array;
}

function varint(buf: Uint8Array, at: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = at; i < buf.length && i < at + 10; i++) {
    const b = buf[i] ?? 0;
    value += (b & 0x7f) * scale;
    scale *= 128;
    if (b < 0x80) return [value, i + 1];
  }
  throw new Error('truncated varint');
}

function fields(buf: Uint8Array): Field[] {
  const out: Field[] = [];
  let at = 0;
  while (at < buf.length) {
    const [key, next] = varint(buf, at);
    const field = Math.floor(key / 8);
    const wire = key % 8;
    at = next;
    if (wire === 0) {
      const [value, after] = varint(buf, at);
      out.push({ field, wire, value });
      at = after;
    } else if (wire === 2) {
      const [length, after] = varint(buf, at);
      out.push({ field, wire, value: length, bytes: buf.subarray(after, after + length) });
      at = after + length;
    } else if (wire === 1 || wire === 5) at += wire === 1 ? 8 : 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

/** Dims and element type of an encoded SparseTensorProto (onnx.proto: values = 1, dims = 3). */
export function sparseTensorType(bytes: Uint8Array): { dtype: DType | undefined; shape: number[] } {
  const shape: number[] = [];
  let dtype: DType | undefined;
  for (const f of fields(bytes)) {
    if (f.field === 3 && f.wire === 0) shape.push(f.value);
    else if (f.field === 3 && f.bytes) {
      // Packed encoding of the repeated dims.
      for (let at = 0; at < f.bytes.length;) {
        const [d, next] = varint(f.bytes, at);
        shape.push(d);
        at = next;
      }
    } else if (f.field === 1 && f.bytes) {
      const type = fields(f.bytes).find((g) => g.field === 2 && g.wire === 0);
      dtype = type ? dtypeFromOnnxCode(type.value) : undefined;
    }
  }
  return { dtype, shape };
}
