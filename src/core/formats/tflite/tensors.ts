// TFLite tensors ↔ IR tensors: dtype, shape, constant data (views over the file), quantization.
import type { Quantization, Shape, Tensor, TensorData } from '../../ir/types';
import { num, nums, tableOf, type FbTable, type FbUnion, type FbValue } from './codec/values';
import { codeOfDType, dtypeOfCode } from './dtypes';
import {
  extrasField,
  tfliteExtras,
  type QuantizationDetails,
  type TfliteQuantizationExtras,
  type TfliteTensorExtras,
} from './extras';

/** Maps tensor indices of one subgraph to IR ids and back. */
export interface TensorIds {
  id(index: number, what: string): string;
}

/**
 * TFLite's STRING tensor layout: int32 count N, int32 offsets[N + 1] from the buffer start (the last is
 * the total length), then the bytes. Undefined when the bytes do not follow it.
 */
export function decodeStrings(bytes: Uint8Array): Uint8Array[] | undefined {
  if (bytes.byteLength < 8) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getInt32(0, true);
  const header = 4 * (count + 2);
  if (count < 0 || header > bytes.byteLength) return undefined;
  const strings: Uint8Array[] = [];
  let start = view.getInt32(4, true);
  if (start !== header) return undefined;
  for (let i = 0; i < count; i++) {
    const end = view.getInt32(8 + 4 * i, true);
    if (end < start || end > bytes.byteLength) return undefined;
    strings.push(bytes.subarray(start, end));
    start = end;
  }
  return start === bytes.byteLength ? strings : undefined;
}

/** The TFLite STRING layout of some strings. */
export function encodeStrings(strings: readonly Uint8Array[]): Uint8Array {
  const header = 4 * (strings.length + 2);
  const total = strings.reduce((sum, s) => sum + s.byteLength, header);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setInt32(0, strings.length, true);
  let at = header;
  strings.forEach((s, i) => {
    view.setInt32(4 + 4 * i, at, true);
    out.set(s, at);
    at += s.byteLength;
  });
  view.setInt32(4 + 4 * strings.length, at, true);
  return out;
}

function readDetails(union: FbUnion | undefined, ids: TensorIds): QuantizationDetails | undefined {
  const value = union?.value;
  if (!value) return undefined;
  if (union.type === 'CustomQuantization') {
    const custom = value['custom'];
    return { type: 'CustomQuantization', custom: custom instanceof Uint8Array ? custom : new Uint8Array(0) };
  }
  const index = (v: FbValue | undefined): string => {
    const i = num(v, -1);
    return i < 0 ? '' : ids.id(i, 'a blockwise quantization');
  };
  return {
    type: 'BlockwiseQuantization',
    scales: index(value['scales']),
    zeroPoints: index(value['zero_points']),
    blockSize: num(value['block_size']),
  };
}

/** QuantizationParameters → IR Quantization; undefined for an empty table (no quantization). */
export function readQuantization(q: FbTable | undefined, ids: TensorIds): Quantization | undefined {
  if (!q) return undefined;
  const scale = nums(q['scale']) ?? [];
  const zeroPoint = nums(q['zero_point']) ?? [];
  const min = nums(q['min']);
  const max = nums(q['max']);
  const dimension = num(q['quantized_dimension']);
  const details = readDetails(q['details'] as FbUnion | undefined, ids);
  if (!scale.length && !zeroPoint.length && !min?.length && !max?.length && !details) return undefined;
  return {
    scale,
    zeroPoint,
    // Per-axis when there is more than one scale; a non-zero dimension is kept even for one.
    ...(scale.length > 1 || dimension !== 0 ? { axis: dimension } : {}),
    ...(min?.length ? { min } : {}),
    ...(max?.length ? { max } : {}),
    ...extrasField({ details }),
  };
}

/** IR Quantization → QuantizationParameters. */
export function writeQuantization(q: Quantization, index: (id: string) => number): FbTable {
  const details = tfliteExtras<TfliteQuantizationExtras>(q.extras).details;
  let union: FbUnion | undefined;
  if (details?.type === 'CustomQuantization') union = { type: details.type, value: { custom: details.custom } };
  else if (details?.type === 'BlockwiseQuantization')
    union = {
      type: details.type,
      value: {
        scales: details.scales === '' ? -1 : index(details.scales),
        zero_points: details.zeroPoints === '' ? -1 : index(details.zeroPoints),
        block_size: details.blockSize,
      },
    };
  return {
    ...(q.min?.length ? { min: q.min } : {}),
    ...(q.max?.length ? { max: q.max } : {}),
    ...(q.scale.length ? { scale: q.scale } : {}),
    ...(q.zeroPoint.length ? { zero_point: q.zeroPoint } : {}),
    ...(union ? { details: union } : {}),
    ...(q.axis ? { quantized_dimension: q.axis } : {}),
  };
}

/** Tensor.shape → IR shape: negative (dynamic) sizes become unknown dims. */
export function readShape(value: FbValue | undefined): Shape {
  return (nums(value) ?? []).map((d) => (d < 0 ? null : d));
}

/** The data of a constant tensor from its buffer's bytes. */
export function tensorData(dtype: Tensor['dtype'], bytes: Uint8Array): { data: TensorData; raw: boolean } {
  if (dtype !== 'string') return { data: { bytes }, raw: false };
  const strings = decodeStrings(bytes);
  return strings ? { data: { strings }, raw: false } : { data: { bytes }, raw: true };
}

/** The bytes a constant tensor stores in its buffer (undefined: no data). */
export function bufferBytes(tensor: Tensor): Uint8Array | undefined {
  const data = tensor.data;
  if (!data) return undefined;
  if (data.strings) return encodeStrings(data.strings);
  return data.bytes;
}

/** The TensorType code of a tensor, or undefined when TFLite cannot store its dtype. */
export function tensorTypeCode(tensor: Tensor): number | undefined {
  const known = codeOfDType(tensor.dtype);
  if (known !== undefined) return known;
  return tfliteExtras<TfliteTensorExtras>(tensor.extras).typeCode;
}

/** The IR dtype of a TensorType code ('undefined' for codes newer than the schema). */
export function tensorDType(code: number): Tensor['dtype'] {
  return dtypeOfCode(code) ?? 'undefined';
}

/** Tensor fields the IR has no place for, as extras. */
export function readTensorExtras(t: FbTable, typeCode: number, raw: boolean): Record<string, unknown> {
  const variants = t['variant_tensors'];
  return {
    isVariable: t['is_variable'] === true ? true : undefined,
    shapeSignature: nums(t['shape_signature']),
    hasRank: t['has_rank'] === true ? true : undefined,
    sparsity: tableOf(t['sparsity']),
    variantTensors: Array.isArray(variants) && variants.length ? variants : undefined,
    typeCode: dtypeOfCode(typeCode) === undefined ? typeCode : undefined,
    rawStrings: raw ? true : undefined,
  };
}
