// What every job that derives a variant shares: the model it starts from, and writing the result in the
// parent's format, then reading it back, so the variant shown is byte for byte the file that would be saved.
import type { Model, ModelFile, ModelFormat } from '../core';
import type { Report } from './describe';
import { failure } from './failure';
import type { Job } from './jobs';
import type { RecipeStep } from './protocol';

/** What the model a variant is derived from brings along. */
export interface VariantParent {
  readonly model: Model;
  readonly format: ModelFormat;
  readonly fileName: string;
  /** How the parent itself was made (empty for an opened file). */
  readonly recipe: readonly RecipeStep[];
}

/** A variant's model as read back from the file(s) written for it. */
export interface VariantFile {
  readonly model: Model;
  readonly files: ModelFile[];
  /** The main file's name. */
  readonly fileName: string;
  readonly parseMs: number;
}

/** Writes `model` as `baseName` in the parent's format (phase 'write') and reads it back; `writeMs` is the writing. */
export async function writeVariant(
  parent: VariantParent,
  model: Model,
  baseName: string,
  job: Job,
  report: Report,
): Promise<VariantFile & { readonly writeMs: number }> {
  const started = performance.now();
  report('write', 0);
  await job.checkpoint();
  const written = parent.format.write(model, { baseName });
  const main = written[0];
  if (!main) throw failure('internal', `the ${parent.format.name} writer produced no file`, parent.fileName);
  const readStart = performance.now();
  const files = written.map((f) => ({ name: f.name, bytes: f.bytes }));
  const read = parent.format.read(files);
  return {
    model: read,
    files,
    fileName: main.name,
    parseMs: performance.now() - readStart,
    writeMs: readStart - started,
  };
}
