// The last stage every variant-making run (quantize, recipe) shares: lay the new variant out and add it to
// its family, unless the run went stale or the family was replaced while it ran.
import type { JobOptions } from '../../../workers/client';
import type { ModelId, VariantResult } from '../../../workers/protocol';
import { getEngine } from '../../app/engine';
import { studioStore } from '../../store';

/**
 * Lays out `result`, a variant the engine just made from `baseId`, and adds it to the family, shown at once.
 * False (the variant closed in the engine) when `live()` says the run is stale or the family of `baseId`
 * is gone; a failed layout closes the variant and throws.
 */
export async function addLaidOutVariant(
  result: VariantResult,
  baseId: ModelId,
  live: () => boolean,
  options: JobOptions,
): Promise<boolean> {
  const engine = getEngine();
  const id = result.summary.modelId;
  let layout;
  try {
    layout = await engine.layout(id, studioStore.getState().direction, options);
  } catch (error) {
    void engine.closeModel(id).catch(() => undefined);
    throw error;
  }
  if (!live() || !studioStore.getState().variants.some((v) => v.id === baseId)) {
    // The model was replaced meanwhile: nobody wants this variant any more.
    void engine.closeModel(id).catch(() => undefined);
    return false;
  }
  studioStore.getState().addVariant(result, layout);
  return true;
}
