// Reopening a saved variant (a reloaded session, an imported project): its files are read back and described
// exactly as the job that made it described it, so the studio shows the same figures, graph and badges.
import { detectFormat, type Model, type ModelFile, type ModelFormat } from '../core';
import { describeModel, type Report } from './describe';
import { failure } from './failure';
import { withBadges } from './graph-view';
import type { Job } from './jobs';
import type { GraphView, InputFile, ModelId, VariantInfo, VariantResult } from './protocol';
import { layerBadges, zeroedWeights } from './variant-weights';

export interface AdoptInput {
  /** The id the engine gives the variant, and its parent's (already open). */
  readonly modelId: ModelId;
  readonly parentId: ModelId;
  /** Stored bytes of the parent's files (VariantInfo.parentFileBytes). */
  readonly parentFileBytes: number;
  readonly files: readonly InputFile[];
  /** The record saved with the variant (its ids are the old session's). */
  readonly variant: VariantInfo;
}

/** The variant as the engine keeps it (beside its layouts and parent), and the answer for the studio. */
export interface Adopted {
  readonly kept: {
    readonly model: Model;
    readonly format: ModelFormat;
    readonly fileName: string;
    /** Main file first, then its companions. */
    readonly files: ModelFile[];
    readonly view: GraphView;
    readonly recipe: VariantInfo['recipe'];
    readonly variant: VariantInfo;
  };
  readonly result: VariantResult;
}

/**
 * A saved record is data from disk (or from someone else's project file): the parts the engine relies on
 * are checked before use, so a damaged one fails with a sentence instead of deep inside the badges.
 */
function checkRecord(variant: VariantInfo, fileName: string): void {
  const v = variant as unknown as Partial<Record<string, unknown>>;
  const complete =
    (v.kind === 'quantize' && typeof v.report === 'object' && v.report !== null) ||
    (v.kind === 'recipe' && Array.isArray(v.layers) && Array.isArray(v.steps));
  if (!complete || typeof v.label !== 'string' || !Array.isArray(v.recipe))
    throw failure('malformed', `${fileName}: the saved record of how this variant was made is incomplete`, fileName);
}

/** Reads a saved variant's files and describes it as quantize / runRecipe did when they made it. */
export async function adoptVariantFiles(input: AdoptInput, job: Job, report: Report): Promise<Adopted> {
  const modelFiles: ModelFile[] = input.files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }));
  const { format, main, companions } = detectFormat(modelFiles);
  checkRecord(input.variant, main.name);
  report('parse', 0);
  await job.checkpoint();
  const started = performance.now();
  const files = [main, ...companions];
  const model = format.read(files, { onProgress: (f) => report('parse', f) });
  const parseMs = performance.now() - started;
  const described = await describeModel(
    { modelId: input.modelId, format, model, mainFile: main.name, files, parseMs },
    job,
    report,
  );
  const variant: VariantInfo = {
    ...input.variant,
    modelId: input.modelId,
    parentId: input.parentId,
    fileBytes: files.reduce((sum, f) => sum + f.bytes.byteLength, 0),
    parentFileBytes: input.parentFileBytes,
  };
  // Recipe variants carry badges on their graph (engine.runRecipe adds them before the layout sizes nodes).
  const graph: GraphView =
    variant.kind === 'recipe'
      ? withBadges(described.graph, layerBadges(variant.layers, zeroedWeights(variant.steps)))
      : described.graph;
  return {
    kept: { model, format, fileName: main.name, files, view: graph, recipe: variant.recipe, variant },
    result: { ...described, graph, variant },
  };
}
