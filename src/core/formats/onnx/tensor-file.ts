// A standalone serialized TensorProto (.pb), as the ONNX test suites and model zoo store inputs and
// expected outputs.
import { ModelFormatError } from '../../errors';
import type { ModelFile, Tensor } from '../../ir/types';
import { decodeMessage, ProtoTypes, type TensorProto } from './proto';
import { readTensor } from './tensors';

/** Reads a TensorProto file; its data stays a view over the file's bytes where it is raw_data. */
export function readOnnxTensor(file: ModelFile): Tensor {
  const bytes =
    file.bytes.constructor === Uint8Array
      ? file.bytes
      : new Uint8Array(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  if (bytes.byteLength === 0) throw new ModelFormatError('empty-file', `${file.name}: the file is empty`, file.name);
  let proto: TensorProto;
  try {
    proto = decodeMessage<TensorProto>(ProtoTypes.Tensor, bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const code = error instanceof RangeError ? 'truncated' : 'malformed';
    throw new ModelFormatError(code, `${file.name}: not a readable ONNX tensor file (${reason})`, file.name);
  }
  return readTensor(proto, {
    file: file.name,
    external: (ref) => {
      throw new ModelFormatError(
        'missing-file',
        `${file.name}: the tensor keeps its data in "${ref.location}", which standalone tensor files cannot reach`,
        file.name,
      );
    },
    progress: () => undefined,
  });
}
