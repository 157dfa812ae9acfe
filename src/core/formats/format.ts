import type { FormatId, Model, ModelFile } from '../ir/types';

/** Each format's human name, for messages (the `name` of its ModelFormat). */
export const FORMAT_NAMES: Readonly<Record<FormatId, string>> = { onnx: 'ONNX', tflite: 'TFLite', tfjs: 'TF.js' };

export interface ReadOptions {
  /** Called with the fraction (0..1) of the work done, for progress bars on large files. */
  readonly onProgress?: (fraction: number) => void;
}

export interface WriteOptions {
  /** Base name for the files written (default: the model's name or "model"). */
  readonly baseName?: string;
}

/**
 * A model format: one folder under `formats/` exports one of these. `read` returns IR, never the
 * format's own objects; `match` decides by content (magic numbers, identifiers), not by file name.
 */
export interface ModelFormat {
  readonly id: FormatId;
  /** Human name, e.g. "ONNX". */
  readonly name: string;
  /** File extensions, with the dot, that usually hold this format. */
  readonly extensions: readonly string[];
  /** True when `file` looks like a main model file of this format. */
  match(file: ModelFile): boolean;
  /** Reads the model whose main file is `files[0]`; the other files are companions (external data, shards). */
  read(files: readonly ModelFile[], options?: ReadOptions): Model;
  /** Encodes a model; the first file is the main one. */
  write(model: Model, options?: WriteOptions): ModelFile[];
}
