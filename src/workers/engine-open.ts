// Opening a model from files: detect the format, read (with progress), describe, and keep it open.
import { detectFormat, type ModelFile } from '../core';
import { describeModel } from './describe';
import type { OpenModels } from './engine-models';
import { reporter } from './engine-progress';
import { toFailure } from './failure';
import type { Job } from './jobs';
import type { InputFile, OpenResult, ProgressSink } from './protocol';

/** Parses the files (main model plus companions), describes the model and keeps it in `models`. */
export async function openFiles(
  models: OpenModels,
  files: readonly InputFile[],
  job: Job,
  onProgress: ProgressSink | undefined,
): Promise<OpenResult> {
  try {
    const modelFiles: ModelFile[] = files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }));
    const { format, main, companions } = detectFormat(modelFiles);
    const report = reporter(onProgress, main.name);
    report('parse', 0);
    await job.checkpoint();
    const started = performance.now();
    const ordered = [main, ...companions];
    const model = format.read(ordered, { onProgress: (f) => report('parse', f) });
    const parseMs = performance.now() - started;
    const modelId = models.newId();
    const result = await describeModel(
      { modelId, format, model, mainFile: main.name, files: modelFiles, parseMs },
      job,
      report,
    );
    models.set(modelId, {
      model,
      format,
      fileName: main.name,
      files: ordered,
      view: result.graph,
      layouts: new Map(),
      recipe: [],
    });
    return result;
  } catch (error) {
    throw toFailure(error, files[0]?.name);
  }
}
