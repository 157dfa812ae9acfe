// The analysis drawer's jobs: per-layer error of two members, sensitivity analysis of the original, and
// "keep the worst k layers in float", which makes a real variant through the normal quantize path.
import { keepFloatOverrides } from '../../../core';
import { isCancelled } from '../../../workers/client';
import type {
  AnalysisProgress,
  EvaluateSource,
  LayerErrorResult,
  ModelId,
  QuantizeSettings,
} from '../../../workers/protocol';
import { getEngine } from '../../app/engine';
import { studioStore } from '../../store';
import type { AnalysisJobKind } from '../../store/analysis-slice';
import { toUserError } from '../open/actions';
import { calibrationOf, showVariant } from '../quantize/actions';
import { formatCaps, resolveForm, settingsOf, type ResolvedForm } from '../quantize/form';
import { addLaidOutVariant } from '../variants/add-variant';
import { layerBlocker, resolveAnalysis, sensitivityBlocker, sideOf, sqnrTint, type ResolvedAnalysis } from './form';

const running: Partial<Record<AnalysisJobKind, AbortController>> = {};

function resolved(): ResolvedAnalysis {
  const s = studioStore.getState();
  return resolveAnalysis(s.analysisForm, s.variants, s.model?.summary.modelId);
}

/** The quantize panel's form for the family's original, with the drawer's data as its sample inputs. */
function quantizeFormWith(form: ResolvedAnalysis): ResolvedForm | undefined {
  const s = studioStore.getState();
  const base = s.variants[0]?.model;
  if (!base) return undefined;
  return { ...resolveForm(s.quantizeForm, base), data: form.data, file: form.file, pixelScale: form.pixelScale };
}

/** The drawer's data as the engine takes it: the built-in digits (fetched) or the chosen file (read). */
async function sourceOf(form: ResolvedAnalysis, signal: AbortSignal): Promise<EvaluateSource> {
  const q = quantizeFormWith(form)!;
  const calibration = await calibrationOf({ ...q, mode: 'int8' }, signal);
  return calibration!.source;
}

function withoutOverrides(settings: QuantizeSettings): QuantizeSettings {
  const copy = { ...settings };
  delete (copy as { overrides?: unknown }).overrides;
  return copy;
}

const labelOf = (id: ModelId): string => studioStore.getState().variants.find((v) => v.id === id)?.label ?? id;

/** Colours the graph of the member shown (when it is one of the two compared) by each layer's SQNR. */
export function applyTint(result: LayerErrorResult): void {
  const s = studioStore.getState();
  const shown = s.model?.summary.modelId;
  const target = shown && sideOf(result, shown) ? shown : result.modelId;
  const title = `SQNR of ${labelOf(result.modelId)} vs ${labelOf(result.referenceId)}`;
  s.setGraphTint(sqnrTint(result, target, title));
}

/** Selects a layer on the graph (showing one of the two members compared if neither is shown). */
export function selectLayer(result: LayerErrorResult, nodeId: string, referenceNodeId: string): void {
  const s = studioStore.getState();
  let side = sideOf(result, s.model?.summary.modelId);
  if (!side && s.variants.some((v) => v.id === result.modelId)) {
    showVariant(result.modelId);
    side = 'model';
  }
  studioStore.getState().select(side === 'reference' ? referenceNodeId : nodeId, { focus: true });
}

/** Runs `work` as the drawer's job `kind`: progress, cancel, and how it ended go to the store. */
async function job<T>(
  kind: AnalysisJobKind,
  label: string,
  names: readonly string[],
  work: (signal: AbortSignal, onProgress: (p: AnalysisProgress) => void, live: () => boolean) => Promise<T>,
): Promise<T | undefined> {
  const controller = new AbortController();
  running[kind]?.abort();
  running[kind] = controller;
  const live = (): boolean => running[kind] === controller;
  const state = studioStore.getState();
  state.setAnalysisJob(kind, { status: 'running', progress: null });
  const onProgress = (p: AnalysisProgress): void => {
    if (live()) studioStore.getState().setAnalysisProgress(kind, p);
  };
  try {
    const result = await work(controller.signal, onProgress, live);
    return live() ? result : undefined;
  } catch (error) {
    if (!live()) return undefined;
    if (controller.signal.aborted || isCancelled(error))
      studioStore.getState().setAnalysisJob(kind, { status: 'cancelled' });
    else studioStore.getState().setAnalysisJob(kind, { status: 'failed', error: toUserError(error, label, names) });
    return undefined;
  } finally {
    if (live()) delete running[kind];
  }
}

const dataNames = (form: ResolvedAnalysis): string[] => (form.data === 'file' && form.file ? [form.file.name] : []);

/** Measures every layer of the chosen member against its reference, and colours the graph by SQNR. */
export async function runLayerError(): Promise<void> {
  const form = resolved();
  if (layerBlocker(form) || studioStore.getState().analysisJobs.layers.status === 'running') return;
  const modelId = form.modelId!;
  const referenceId = form.referenceId!;
  const label = studioStore.getState().variants.find((v) => v.id === modelId)?.model.summary.fileName ?? 'the model';
  const result = await job('layers', label, dataNames(form), async (signal, onProgress) => {
    onProgress({ phase: 'read', fraction: 0 });
    const source = await sourceOf(form, signal);
    return getEngine().layerError(modelId, referenceId, { source, samples: form.samples }, { signal, onProgress });
  });
  if (!result) return;
  studioStore.getState().setLayerError(result);
  studioStore.getState().setAnalysisJob('layers', { status: 'done' });
  applyTint(result);
}

/** Quantizes each weighted layer of the original on its own (the quantize panel's settings) and ranks them. */
export async function runSensitivity(): Promise<void> {
  const form = resolved();
  const s = studioStore.getState();
  const base = s.variants[0];
  if (!base || sensitivityBlocker(form, base) || s.analysisJobs.sensitivity.status === 'running') return;
  const q = quantizeFormWith(form)!;
  const caps = formatCaps(base.model.summary.format)!;
  // Each layer is tried on its own: the quantize panel's per-layer choices do not apply.
  const settings = withoutOverrides(settingsOf(q, base.model, caps));
  const result = await job('sensitivity', base.model.summary.fileName, dataNames(form), async (signal, onProgress) => {
    onProgress({ phase: 'read', fraction: 0 });
    const source = await sourceOf(form, signal);
    const calibration = await calibrationOf(q, signal);
    return getEngine().sensitivity(
      base.id,
      { settings, ...(calibration ? { calibration } : {}), source, samples: form.sensitivitySamples },
      { signal, onProgress },
    );
  });
  if (!result) return;
  studioStore.getState().setSensitivity(result);
  studioStore.getState().setAnalysisJob('sensitivity', { status: 'done' });
}

/**
 * Makes a variant of the original quantized as the sensitivity analysis was, with its `k` most costly
 * layers kept in float, and adds it to the family (shown at once).
 */
export async function keepWorstInFloat(k: number): Promise<void> {
  const s = studioStore.getState();
  const result = s.sensitivity;
  const base = s.variants[0];
  if (!result || !base || base.id !== result.modelId || s.analysisJobs.keep.status === 'running') return;
  const worst = result.rows.filter((r) => !r.problem).slice(0, Math.max(0, Math.floor(k)));
  if (worst.length === 0) return;
  const form = resolved();
  const q = quantizeFormWith(form)!;
  const made = await job('keep', base.model.summary.fileName, dataNames(form), async (signal, onProgress, live) => {
    const calibration = await calibrationOf({ ...q, mode: result.settings.mode }, signal);
    const settings = { ...result.settings, overrides: keepFloatOverrides(worst.map((r) => r.nodeId)) };
    const variant = await getEngine().quantize(
      base.id,
      { settings, ...(calibration ? { calibration } : {}) },
      { signal, onProgress },
    );
    return (await addLaidOutVariant(variant, base.id, live, { signal, onProgress })) ? variant : undefined;
  });
  if (made) studioStore.getState().setAnalysisJob('keep', { status: 'done', variantId: made.summary.modelId });
  else if (studioStore.getState().analysisJobs.keep.status === 'running')
    studioStore.getState().setAnalysisJob('keep', { status: 'idle' });
}

/** Stops one of the drawer's jobs; with `quiet`, its end is not reported. */
export function cancelAnalysis(kind: AnalysisJobKind, options: { quiet?: boolean } = {}): void {
  const controller = running[kind];
  if (options.quiet) delete running[kind];
  controller?.abort();
}
