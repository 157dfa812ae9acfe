// Writing quantized constants into an ONNX graph: integer initializers with their scale and zero point,
// read through DequantizeLinear (opset 13 per-axis; opset 21 int4 and block_size), under the tensor's old
// id, so every consumer stays as it was.
import { getKernels } from '../../../../kernels/index';
import type { DType } from '../../../ir/dtype';
import type { Attribute } from '../../../ir/types';
import type { QuantizedTensor } from '../quantize-tensor';
import type { QuantDType } from '../types';
import type { GraphEdit } from './graph-edit';

/** Bytes of integers stored as `dtype` (int4/uint4 packed two per byte, low nibble first). */
export function storedBytes(
  values: Int8Array | Uint8Array | Int32Array | Int16Array | Uint16Array,
  dtype: QuantDType,
): Uint8Array {
  if (dtype === 'int4' || dtype === 'uint4') {
    const packed = new Uint8Array(Math.ceil(values.length / 2));
    getKernels().packInt4(values as Int8Array | Uint8Array, packed);
    return packed;
  }
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** Zero points as stored integers of `dtype`. */
function zeroPointBytes(zp: Int32Array, dtype: QuantDType): Uint8Array {
  switch (dtype) {
    case 'int4':
    case 'int8':
      return storedBytes(Int8Array.from(zp), dtype);
    case 'uint4':
    case 'uint8':
      return storedBytes(Uint8Array.from(zp), dtype);
    case 'int16':
      return storedBytes(Int16Array.from(zp), dtype);
    case 'uint16':
      return storedBytes(Uint16Array.from(zp), dtype);
    case 'int32':
      return storedBytes(zp, dtype);
  }
}

/** Where a quantized constant's parameters apply. */
export interface Placement {
  /** Per-channel or block axis (absent: per tensor). */
  readonly axis?: number;
  readonly blockSize?: number;
}

/**
 * How a quantized constant's zero point is stored:
 * - 'full': one per scale (an all-zero int32 bias still leaves it out: 0 is the default);
 * - 'omit-zero': left out when every zero point is 0 (DequantizeLinear's default, of the data's type);
 * - 'scalar-zero': one shared scalar 0 when every zero point is 0 (QLinearConv / QLinearMatMul take a
 *   scalar zero point beside per-channel scales, and require the input).
 */
export type ZeroPointStorage = 'full' | 'omit-zero' | 'scalar-zero';

function allZero(q: QuantizedTensor): boolean {
  return q.zeroPoint.every((z) => z === 0);
}

function zeroPointShape(q: QuantizedTensor, dtype: QuantDType, storage: ZeroPointStorage): 'none' | 'scalar' | 'full' {
  if (!allZero(q)) return 'full';
  if (dtype === 'int32' || storage === 'omit-zero') return 'none';
  return storage === 'scalar-zero' ? 'scalar' : 'full';
}

/** Bytes the stored integers, scales (unless `withScale` is false) and zero points take. */
export function quantizedBytes(
  q: QuantizedTensor,
  dtype: QuantDType,
  storage: ZeroPointStorage = 'full',
  withScale = true,
): number {
  const n = q.values.length;
  const bits = dtype === 'int4' || dtype === 'uint4' ? 4 : dtype.endsWith('8') ? 8 : dtype.endsWith('16') ? 16 : 32;
  const shape = zeroPointShape(q, dtype, storage);
  const zeroPoints = shape === 'none' ? 0 : shape === 'scalar' ? 1 : q.zeroPoint.length;
  return Math.ceil((bits * n) / 8) + (withScale ? 4 * q.scale.length : 0) + Math.ceil((bits * zeroPoints) / 8);
}

/** Initializer ids of a stored quantized constant ('' for a zero point left out). */
export interface StoredConstant {
  readonly values: string;
  readonly scale: string;
  readonly zeroPoint: string;
}

/**
 * Stores the integers of `q` (shape `dims`) as `<base>_q`, and its scale and zero point as `<base>_s` and
 * `<base>_z`. Names stay short: in a small model they are a visible share of the file. Scales and zero
 * points identical to ones already stored are shared rather than repeated.
 */
export function storeQuantized(
  edit: GraphEdit,
  base: string,
  dims: readonly number[],
  q: QuantizedTensor,
  dtype: QuantDType,
  storage: ZeroPointStorage,
): StoredConstant {
  const values = edit.constant(`${base}_q`, dtype as DType, dims, storedBytes(q.values, dtype));
  const scale = edit.sharedConstant(`${base}_s`, 'float32', q.scaleDims, q.scale);
  const shape = zeroPointShape(q, dtype, storage);
  const zeroPoint =
    shape === 'none'
      ? ''
      : shape === 'scalar'
        ? edit.sharedConstant(`${base}_z`, dtype as DType, [], zeroPointBytes(Int32Array.of(0), dtype))
        : edit.sharedConstant(`${base}_z`, dtype as DType, q.scaleDims, zeroPointBytes(q.zeroPoint, dtype));
  return { values, scale, zeroPoint };
}

/**
 * Makes the float constant `tensorId` the output of a DequantizeLinear of `stored` (run before every
 * node), so every consumer stays as it was. The output keeps no declared type (shape inference gives it),
 * which saves a value_info entry per weight.
 */
export function addDequantize(
  edit: GraphEdit,
  tensorId: string,
  stored: StoredConstant,
  placement: Placement,
  perAxis: boolean,
): void {
  const old = edit.tensor(tensorId);
  const attributes: Record<string, Attribute> = {};
  if (placement.axis !== undefined && perAxis) attributes['axis'] = { type: 'int', value: placement.axis };
  if (placement.blockSize) attributes['block_size'] = { type: 'int', value: placement.blockSize };
  edit.setTensor({
    id: tensorId,
    name: old?.name ?? tensorId,
    dtype: 'undefined',
    ...(old?.docString ? { docString: old.docString } : {}),
  });
  const inputs =
    stored.zeroPoint === '' ? [stored.values, stored.scale] : [stored.values, stored.scale, stored.zeroPoint];
  const node = edit.makeNode('DequantizeLinear', inputs, [tensorId], attributes);
  edit.addAtStart({ ...node, name: '' });
}

/**
 * Replaces the float constant `tensorId` (shape `dims`) by integer initializers read through a
 * DequantizeLinear whose output keeps the id (see storeQuantized and addDequantize).
 */
export function emitDequantized(
  edit: GraphEdit,
  tensorId: string,
  dims: readonly number[],
  q: QuantizedTensor,
  dtype: QuantDType,
  placement: Placement,
  storage: ZeroPointStorage = 'full',
): StoredConstant {
  const base = edit.tensor(tensorId)?.name || tensorId;
  const stored = storeQuantized(edit, base, dims, q, dtype, storage === 'scalar-zero' ? 'full' : storage);
  addDequantize(edit, tensorId, stored, placement, q.scaleDims.length > 0);
  return stored;
}
