// Reopening a saved session: a variant read back from its files, with the record of how it was made.
import type { InputFile, JobId, ModelId, ProgressSink } from './base';
import type { VariantInfo, VariantResult } from './variants';

/**
 * What restoring a session (a reload, an imported project) asks of the engine. The original model is
 * reopened with `openModel`; each variant then comes back through `adoptVariant`, parents before children.
 */
export interface SessionApi {
  /**
   * Reads a variant's saved files, describes it as `quantize` / `runRecipe` would have (recipe variants get
   * their badges back), and keeps it open as a variant of `parentId`. `variant` is the record saved with it;
   * the answer carries it with the new ids (modelId, parentId) and the sizes of the files read.
   * Phases: parse, shapes, analysis, graph. Fails like `openModel` when the files are not a model.
   */
  adoptVariant(
    jobId: JobId,
    parentId: ModelId,
    files: readonly InputFile[],
    variant: VariantInfo,
    onProgress?: ProgressSink,
  ): Promise<VariantResult>;
}
