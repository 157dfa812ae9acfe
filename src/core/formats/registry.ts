import { ModelFormatError } from '../errors';
import type { FormatId, Model, ModelFile } from '../ir/types';
import type { ModelFormat, ReadOptions } from './format';
import { onnxFormat } from './onnx';
import { tfjsFormat } from './tfjs';
import { tfliteFormat } from './tflite';

/**
 * Every format the core reads and writes, in the order detection tries them. TFLite comes first: its
 * match is by file identifier, and a .tflite file without one must not be taken for ONNX.
 */
// TF.js (a JSON object naming modelTopology/weightsManifest) goes before ONNX, whose content sniffing
// might otherwise take one of its binary weight shards for the model.
export const FORMATS: readonly ModelFormat[] = [tfliteFormat, tfjsFormat, onnxFormat];

/** The format with this id. */
export function formatById(id: FormatId): ModelFormat {
  const format = FORMATS.find((f) => f.id === id);
  if (!format) throw new ModelFormatError('unsupported', `the ${id} format is not supported yet`);
  return format;
}

/** Which of `files` is the model and which format reads it; the rest are its companions. */
export function detectFormat(files: readonly ModelFile[]): {
  format: ModelFormat;
  main: ModelFile;
  companions: ModelFile[];
} {
  if (files.length === 0) throw new ModelFormatError('empty-file', 'no file was given');
  for (const format of FORMATS) {
    const main = files.find((f) => f.bytes.byteLength > 0 && format.match(f));
    if (main) return { format, main, companions: files.filter((f) => f !== main) };
  }
  const first = files[0]!;
  if (files.every((f) => f.bytes.byteLength === 0))
    throw new ModelFormatError('empty-file', `${first.name}: the file is empty`, first.name);
  const names = FORMATS.map((f) => f.name).join(', ');
  throw new ModelFormatError(
    'unknown-format',
    `${first.name}: not a model file this studio reads (${names})`,
    first.name,
  );
}

/** Reads a model from the files a user dropped (main file plus companions, in any order). */
export function readModel(files: readonly ModelFile[], options?: ReadOptions): Model {
  const { format, main, companions } = detectFormat(files);
  return format.read([main, ...companions], options);
}

/** Encodes a model in the given format (default: its own). */
export function writeModel(model: Model, format: FormatId = model.format): ModelFile[] {
  return formatById(format).write(model);
}
