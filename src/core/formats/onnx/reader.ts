// ModelProto → IR Model. Decoding is protobufjs's; this file turns its failures into errors that say
// what is wrong with the file, and hands the decoded messages to read-graph.ts.
import { ModelFormatError } from '../../errors';
import type { Model, ModelFile } from '../../ir/types';
import type { ReadOptions } from '../format';
import { ExternalData } from './external';
import { extrasField, keyValues } from './extras';
import { decodeMessage, encodeAll, has, ProtoTypes, toNumber, type ModelProto } from './proto';
import { readGraph, type GraphReadContext } from './read-graph';
import { findDamage } from './wire-scan';

export interface OnnxReadOptions extends ReadOptions {
  /**
   * When a file holding external data was not provided: false (default) fails with a 'missing-file'
   * error naming it; true reads the model anyway, leaving those tensors without bytes (their
   * `data.external` still says where the bytes live), e.g. to show the graph of a model whose weights
   * stayed behind.
   */
  readonly allowMissingExternalData?: boolean;
}

/** A plain Uint8Array over the same memory (Node Buffers would make protobufjs hand out Buffer views). */
function plain(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Reads an ONNX model: `files[0]` is the .onnx file, the others may hold its external data. */
export function readOnnx(files: readonly ModelFile[], options: OnnxReadOptions = {}): Model {
  const main = files[0];
  if (!main) throw new ModelFormatError('empty-file', 'no file was given');
  const file = main.name;
  const bytes = plain(main.bytes);
  if (bytes.byteLength === 0) throw new ModelFormatError('empty-file', `${file}: the file is empty`, file);
  options.onProgress?.(0);

  const proto = decode(bytes, file);
  if (!proto.graph)
    throw new ModelFormatError(
      'malformed',
      `${file}: no graph found in the file; it is not an ONNX model, or it is damaged`,
      file,
    );

  const companions = files.slice(1).map((f) => ({ name: f.name, bytes: plain(f.bytes) }));
  const external = new ExternalData(file, companions, options.allowMissingExternalData ?? false);
  const ctx: GraphReadContext = {
    file,
    external: (ref, tensorName) => external.bytes(ref, tensorName),
    progress: progressReporter(bytes.byteLength, options.onProgress),
  };
  const graph = readGraph(proto.graph, ctx);
  options.onProgress?.(1);

  const producer = {
    ...(has(proto, 'producer_name') ? { name: proto.producer_name } : {}),
    ...(has(proto, 'producer_version') ? { version: proto.producer_version } : {}),
  };
  return {
    format: 'onnx',
    graph,
    opsets: (proto.opset_import ?? []).map((o) => ({ domain: o.domain ?? '', version: toNumber(o.version) })),
    ...(Object.keys(producer).length ? { producer } : {}),
    ...(has(proto, 'ir_version') ? { irVersion: toNumber(proto.ir_version) } : {}),
    ...(has(proto, 'domain') ? { domain: proto.domain } : {}),
    ...(has(proto, 'model_version') ? { modelVersion: toNumber(proto.model_version) } : {}),
    ...(proto.doc_string ? { docString: proto.doc_string } : {}),
    metadata: keyValues(proto.metadata_props),
    ...extrasField({
      functions: encodeAll(ProtoTypes.Function, proto.functions),
      trainingInfo: encodeAll(ProtoTypes.TrainingInfo, proto.training_info),
      configuration: encodeAll(ProtoTypes.DeviceConfiguration, proto.configuration),
      unknownFields: proto.$unknowns,
    }),
  };
}

/** Progress over the bytes of tensor data converted, reported at most every 1%. */
function progressReporter(total: number, onProgress: ((fraction: number) => void) | undefined) {
  let done = 0;
  let reported = 0;
  return (bytes: number): void => {
    if (!onProgress) return;
    done += bytes;
    const fraction = Math.min(done / total, 0.99);
    if (fraction - reported >= 0.01) {
      reported = fraction;
      onProgress(fraction);
    }
  };
}

function decode(bytes: Uint8Array, file: string): ModelProto {
  try {
    return decodeMessage<ModelProto>(ProtoTypes.Model, bytes);
  } catch (error) {
    throw explainDecodeFailure(bytes, file, error);
  }
}

function explainDecodeFailure(bytes: Uint8Array, file: string, error: unknown): ModelFormatError {
  const size = bytes.byteLength;
  const damage = findDamage(bytes);
  if (damage?.kind === 'overrun') {
    const where = damage.path.join('.');
    if (damage.path.length <= 1)
      return new ModelFormatError(
        'truncated',
        `${file}: the file ends too early (it has ${size} bytes, but its "${where || 'model'}" part runs to byte ` +
          `${damage.end}); it was probably cut off while downloading or copying`,
        file,
      );
    if (damage.tensorData) {
      const tensor = damage.tensorName !== undefined ? `tensor "${damage.tensorName}"` : 'a tensor';
      const beyond = damage.end > size ? `the end of the file (${size} bytes)` : `the end of its record`;
      return new ModelFormatError(
        'out-of-bounds',
        `${file}: the data of ${tensor} (${where}) claims ${damage.end - damage.start} bytes from byte ` +
          `${damage.start}, past ${beyond}; the file is damaged`,
        file,
      );
    }
    return new ModelFormatError(
      'malformed',
      `${file}: the "${where}" field at byte ${damage.start} runs past the end of the record that holds it; ` +
        `the file is damaged`,
      file,
    );
  }
  if (damage?.kind === 'bad-wire')
    return new ModelFormatError(
      'malformed',
      `${file}: not a valid ONNX file (broken protobuf field encoding at byte ${damage.at}${
        damage.path.length > 1 ? `, in ${damage.path.slice(0, -1).join('.')}` : ''
      })`,
      file,
    );
  const reason = error instanceof Error ? error.message : String(error);
  return new ModelFormatError('malformed', `${file}: could not be decoded as an ONNX model (${reason})`, file);
}
