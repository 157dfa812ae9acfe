// The analysis drawer's rules, apart from its components: which members are compared by default, what
// blocks a run, and the graph colouring a per-layer error result gives.
import type { LayerErrorResult, ModelId, PixelScale } from '../../../workers/protocol';
import type { AnalysisForm, GraphTint } from '../../store/analysis-slice';
import type { VariantEntry } from '../../store/types';
import { defaultPixelScale, formatCaps, isMnistShaped } from '../quantize/form';

/** The form with its defaults filled in for the open family. */
export interface ResolvedAnalysis extends AnalysisForm {
  /** The member measured and its reference; undefined when the family has a single member. */
  readonly modelId: ModelId | null;
  readonly referenceId: ModelId | null;
  readonly data: 'mnist' | 'file';
  readonly pixelScale: PixelScale;
  readonly pixelScaleFrom: 'card' | 'assumed' | 'user';
  readonly mnistShaped: boolean;
}

const has = (variants: readonly VariantEntry[], id: ModelId | null): id is ModelId =>
  id !== null && variants.some((v) => v.id === id);

/**
 * The members compared by default: the one shown against its parent; while the original is shown, the
 * newest variant against its parent. A choice the user made stands while its member is open.
 */
export function defaultMembers(
  variants: readonly VariantEntry[],
  shownId: ModelId | undefined,
): { modelId: ModelId | null; referenceId: ModelId | null } {
  const shown = variants.find((v) => v.id === shownId);
  const measured = shown?.model.variant ? shown : variants.at(-1);
  if (!measured?.model.variant) return { modelId: measured?.id ?? null, referenceId: null };
  const parent = measured.model.variant.parentId;
  return { modelId: measured.id, referenceId: has(variants, parent) ? parent : (variants[0]?.id ?? null) };
}

export function resolveAnalysis(
  form: AnalysisForm,
  variants: readonly VariantEntry[],
  shownId: ModelId | undefined,
): ResolvedAnalysis {
  const base = variants[0]?.model;
  const members = defaultMembers(variants, shownId);
  const mnistShaped = base ? isMnistShaped(base.summary) : false;
  const pixel = base ? defaultPixelScale(base) : { scale: '0..1' as const, from: 'assumed' as const };
  return {
    ...form,
    modelId: has(variants, form.modelId) ? form.modelId : members.modelId,
    referenceId: has(variants, form.referenceId) ? form.referenceId : members.referenceId,
    data: form.data ?? (mnistShaped ? 'mnist' : 'file'),
    pixelScale: form.pixelScale ?? pixel.scale,
    pixelScaleFrom: form.pixelScale ? 'user' : pixel.from,
    mnistShaped,
  };
}

const wholeAbove0 = (n: number): boolean => Number.isInteger(n) && n > 0;

/** Why the data choice cannot run yet, as a sentence. */
export function dataBlocker(form: ResolvedAnalysis): string | undefined {
  if (form.data === 'file' && !form.file) return 'Choose a .npz or .npy file of sample inputs.';
  return undefined;
}

/** Why the per-layer error cannot run yet, as a sentence; undefined when it can. */
export function layerBlocker(form: ResolvedAnalysis): string | undefined {
  if (!form.modelId || !form.referenceId)
    return 'Make a variant first (quantize, or run a recipe): per-layer error compares two members of the family.';
  if (!wholeAbove0(form.samples)) return 'The number of samples must be a whole number above 0.';
  return dataBlocker(form);
}

/** Why the sensitivity analysis cannot run yet; undefined when it can. */
export function sensitivityBlocker(form: ResolvedAnalysis, base: VariantEntry | undefined): string | undefined {
  if (!base) return 'Open a model first.';
  if (!formatCaps(base.model.summary.format)) return 'The studio cannot quantize models of this format yet.';
  if (!wholeAbove0(form.sensitivitySamples)) return 'The number of samples must be a whole number above 0.';
  return dataBlocker(form);
}

/** The nodes of `modelId`'s graph a per-layer result speaks of (the model's side, or the reference's). */
export function sideOf(result: LayerErrorResult, modelId: ModelId | undefined): 'model' | 'reference' | undefined {
  if (modelId === result.modelId) return 'model';
  if (modelId === result.referenceId) return 'reference';
  return undefined;
}

/** The `source` of the colouring per-layer error gives the graph. */
export const TINT_SOURCE = 'layer-error';

const SCALE_LOW = 10;
const SCALE_HIGH = 40;

/** The graph colouring of a per-layer SQNR result for member `modelId` (one of the two compared). */
export function sqnrTint(result: LayerErrorResult, modelId: ModelId, title: string): GraphTint | null {
  const side = sideOf(result, modelId);
  if (!side) return null;
  const values: Record<string, number> = {};
  for (const row of result.rows) {
    if (row.problem) continue;
    values[side === 'model' ? row.nodeId : row.reference.nodeId] = row.sqnr;
  }
  const finite = Object.values(values).filter(Number.isFinite);
  // The scale covers at least 10–40 dB, so a colour means what the chart's bands mean (below 20 dB
  // poor, above 30 dB good) rather than exaggerating a few dB between layers that are all fine.
  const low = Math.min(SCALE_LOW, ...finite);
  const high = Math.max(SCALE_HIGH, ...finite);
  return {
    modelId,
    title,
    values,
    low,
    high,
    unit: 'dB',
    source: TINT_SOURCE,
  };
}
