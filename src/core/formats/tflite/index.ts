// The TFLite format: flatbuffer files with identifier "TFL3" (tflite/schema.fbs).
//
// Decisions worth knowing:
// - The schema is declared as data (schema/), read and written by a generic codec over the flatbuffers
//   runtime (codec/) that checks every offset against the end of the file itself.
// - Builtin options become node attributes by field name (enums by name); custom options stay bytes
//   (`custom_options`, opaque 'flexbuffers'). Tensors keep their index order; constant data is a view
//   over the file. What the IR has no field for rides in `extras.tflite` (extras.ts).
// - The writer aligns buffer data to 16 bytes, dedupes buffers that share bytes, and emits operator
//   codes in order of first use unless the file's own order was kept.
import type { Model, ModelFile } from '../../ir/types';
import type { ModelFormat, ReadOptions } from '../format';
import { FlatbufferReader } from './codec/decode';
import { readTflite, TFLITE_IDENTIFIER } from './reader';
import { tableDef } from './schema';
import { writeTflite, type TfliteWriteOptions } from './writer';

export { readTflite } from './reader';
export { tfliteOptionAttributes } from './options';
export { writeTflite, type TfliteWriteOptions } from './writer';

/**
 * True for a file carrying the TFL3 identifier at bytes 4..8, or a `.tflite` file without one whose
 * root table parses (old converters could omit the identifier).
 */
export function matchTflite(file: ModelFile): boolean {
  const reader = new FlatbufferReader(file.bytes);
  if (reader.hasIdentifier(TFLITE_IDENTIFIER)) return true;
  if (!/\.tflite$/i.test(file.name)) return false;
  try {
    reader.root(tableDef('Model'));
    return true;
  } catch {
    return false;
  }
}

export const tfliteFormat: ModelFormat = {
  id: 'tflite',
  name: 'TFLite',
  extensions: ['.tflite'],
  match: matchTflite,
  read: (files: readonly ModelFile[], options?: ReadOptions): Model => readTflite(files, options),
  write: (model: Model, options?: TfliteWriteOptions): ModelFile[] => writeTflite(model, options),
};
