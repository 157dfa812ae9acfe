// The ONNX format: protobuf ModelProto files (onnx.proto), with optional external data files.
//
// Decisions worth knowing:
// - Decoding and encoding are protobufjs's, driven by schema/onnx.json (written from onnx.proto, newer
//   fields included); int64 values become numbers in the IR and are clamped back to the int64 range.
// - Tensor data stays a view over the file's buffer (raw_data, external data); typed fields are
//   converted to the same little-endian layout; the writer always emits raw_data (strings: string_data).
// - What the IR has no field for (functions, training info, sparse initializers, metadata, fields newer
//   than the schema) rides along in `extras.onnx` as encoded messages and is written back unchanged.
// - A missing external data file is an error ('missing-file') unless the reader is told
//   `allowMissingExternalData`, which keeps the references and leaves those tensors without bytes.
import type { Model, ModelFile } from '../../ir/types';
import type { ModelFormat } from '../format';
import { readOnnx, type OnnxReadOptions } from './reader';
import { sniffModel } from './wire-scan';
import { writeOnnx, type OnnxWriteOptions } from './writer';

export { readOnnx, type OnnxReadOptions } from './reader';
export { writeOnnx, type ExternalDataOptions, type OnnxWriteOptions } from './writer';
export { readOnnxTensor } from './tensor-file';

/** True for a `.onnx` file, or for any file whose top-level protobuf fields look like an ONNX model. */
export function matchOnnx(file: ModelFile): boolean {
  return /\.onnx$/i.test(file.name) || sniffModel(file.bytes);
}

export const onnxFormat: ModelFormat = {
  id: 'onnx',
  name: 'ONNX',
  extensions: ['.onnx'],
  match: matchOnnx,
  read: (files: readonly ModelFile[], options?: OnnxReadOptions): Model => readOnnx(files, options),
  write: (model: Model, options?: OnnxWriteOptions): ModelFile[] => writeOnnx(model, options),
};
