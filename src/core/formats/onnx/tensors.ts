// TensorProto ↔ IR Tensor. Reading keeps raw_data (and external data) as views over the file's
// buffer; typed fields are converted to the same little-endian layout. Writing always uses raw_data
// for numbers and string_data for strings.
import { ModelFormatError } from '../../errors';
import { dtypeBits, dtypeByteLength } from '../../ir/dtype';
import { constantElementCount, elementCount } from '../../ir/tensor';
import type { ExternalRef, Tensor, TensorData } from '../../ir/types';
import { dtypeFromOnnx, isKnownOnnxType, onnxFromDtype } from './dtypes';
import { externalEntries, parseExternalRef } from './external';
import { extrasField, keyValues, onnxExtras, type OnnxTensorExtras } from './extras';
import { DATA_LOCATION_EXTERNAL, has, toInt64, toNumber, type Int64, type TensorProto } from './proto';
import { bytesFromTypedFields } from './typed-fields';

/** What reading a tensor needs from the model being read. */
export interface TensorReadContext {
  /** Name of the model file, for messages. */
  readonly file: string;
  /** Bytes of external data (undefined when its file is missing and that is allowed). */
  external(ref: ExternalRef, tensorName: string): Uint8Array | undefined;
  /** Reports bytes of tensor data converted (for progress). */
  progress(bytes: number): void;
}

// Bits per element of codes the IR has no dtype for (FLOAT8E8M0, UINT2, INT2).
const UNKNOWN_CODE_BITS: Readonly<Record<number, number>> = { 24: 8, 25: 2, 26: 2 };

/** An IR tensor (with data) from a TensorProto. */
export function readTensor(proto: TensorProto, ctx: TensorReadContext): Tensor {
  const name = proto.name ?? '';
  const code = proto.data_type ?? 0;
  const dtype = dtypeFromOnnx(code);
  const shape = (proto.dims ?? []).map((d) => toNumber(d));
  const data = readData(proto, name, code, ctx);
  // A segment holds only part of its tensor's elements.
  if (!proto.segment) checkSize(data, code, shape, name, ctx.file);
  const segment = proto.segment
    ? { begin: toNumber(proto.segment.begin), end: toNumber(proto.segment.end) }
    : undefined;
  const extras: Partial<OnnxTensorExtras> = {
    elemType: isKnownOnnxType(code) ? undefined : code,
    metadataProps: keyValues(proto.metadata_props),
    segment,
    unknownFields: proto.$unknowns,
  };
  return {
    id: name,
    name,
    dtype,
    shape,
    data,
    ...(proto.doc_string ? { docString: proto.doc_string } : {}),
    ...extrasField(extras),
  };
}

function readData(proto: TensorProto, name: string, code: number, ctx: TensorReadContext): TensorData {
  if (proto.data_location === DATA_LOCATION_EXTERNAL) {
    const external = parseExternalRef(proto.external_data ?? [], ctx.file, name);
    const bytes = ctx.external(external, name);
    if (bytes) ctx.progress(bytes.byteLength);
    return bytes ? { bytes, external } : { external };
  }
  if (code === 8) return { strings: proto.string_data ?? [] };
  if (has(proto, 'raw_data')) {
    const bytes = proto.raw_data ?? new Uint8Array(0);
    ctx.progress(bytes.byteLength);
    return { bytes };
  }
  return { bytes: bytesFromTypedFields(proto, dtypeFromOnnx(code), code) };
}

/** A tensor whose data size disagrees with its dims is damaged; say so instead of failing later. */
function checkSize(data: TensorData, code: number, shape: readonly number[], name: string, file: string): void {
  const count = elementCount(shape) ?? 0;
  const dtype = dtypeFromOnnx(code);
  if (data.strings) {
    if (data.strings.length !== count)
      throw new ModelFormatError(
        'malformed',
        `${file}: tensor "${name}" should hold ${count} strings but holds ${data.strings.length}`,
        file,
      );
    return;
  }
  const bits = isKnownOnnxType(code) ? dtypeBits(dtype) : UNKNOWN_CODE_BITS[code];
  if (!data.bytes || !bits) return;
  const expected = isKnownOnnxType(code) ? dtypeByteLength(dtype, count) : Math.ceil((bits * count) / 8);
  if (data.bytes.byteLength !== expected)
    throw new ModelFormatError(
      'malformed',
      `${file}: tensor "${name}" should hold ${count} ${dtype === 'undefined' ? `type-${code}` : dtype} values ` +
        `(${expected} bytes) but its data has ${data.bytes.byteLength} bytes`,
      file,
    );
}

/** Where a tensor's bytes go when the writer stores them outside the model file. */
export type ExternalPlacement = (tensor: Tensor, bytes: Uint8Array) => ExternalRef | undefined;

/** A TensorProto for an IR tensor with data. */
export function writeTensor(tensor: Tensor, file: string, placeExternally?: ExternalPlacement): TensorProto {
  const extras = onnxExtras<OnnxTensorExtras>(tensor.extras);
  const code = extras.elemType ?? onnxFromDtype(tensor.dtype);
  if (code === undefined)
    throw new ModelFormatError(
      'unsupported',
      `${file}: tensor "${tensor.id}" has type ${tensor.dtype}, which ONNX cannot store`,
      tensor.id,
    );
  const proto: TensorProto = { dims: writeDims(tensor, file), data_type: code };
  if (tensor.id !== '') proto.name = tensor.id;
  if (tensor.docString) proto.doc_string = tensor.docString;
  const data = tensor.data;
  if (data?.strings) proto.string_data = [...data.strings];
  else if (data?.bytes) {
    const external = placeExternally?.(tensor, data.bytes);
    if (external) setExternal(proto, external);
    else proto.raw_data = data.bytes;
  } else if (data?.external) setExternal(proto, data.external);
  if (extras.segment) proto.segment = { begin: toInt64(extras.segment.begin), end: toInt64(extras.segment.end) };
  if (extras.metadataProps?.length) proto.metadata_props = [...extras.metadataProps];
  if (extras.unknownFields?.length) proto.$unknowns = [...extras.unknownFields];
  return proto;
}

function setExternal(proto: TensorProto, ref: ExternalRef): void {
  proto.data_location = DATA_LOCATION_EXTERNAL;
  proto.external_data = externalEntries(ref);
}

function writeDims(tensor: Tensor, file: string): Int64[] {
  const shape = tensor.shape ?? [constantElementCount(tensor)];
  return shape.map((d) => {
    if (typeof d !== 'number')
      throw new ModelFormatError(
        'malformed',
        `${file}: constant tensor "${tensor.id}" has an unknown dimension (${String(d)}); constants need a fixed shape`,
        tensor.id,
      );
    return toInt64(d);
  });
}
