import { isCancelled } from '../../../workers/client';
import type { ModelId } from '../../../workers/protocol';
import { getEngine } from '../../app/engine';
import { studioStore } from '../../store';
import { DEFAULT_IMAGE_FIELDS } from '../../store/evaluate-slice';
import type { UserError } from '../../store/types';
import { toUserError } from '../open/actions';
import { sourceOf } from './data-files';
import {
  chosenData,
  dataInputOf,
  dataKey,
  dataLabel,
  evaluateBlocker,
  evaluationQueue,
  requestOf,
  resolveEvaluateForm,
  type ResolvedEvaluateForm,
} from './form';

/** Samples the preview draws. */
export const PREVIEW_COUNT = 8;

let current: AbortController | null = null;
let previewing: AbortController | null = null;

/** The names an engine failure may give to blame the data rather than the model. */
function dataNames(form: ResolvedEvaluateForm): string[] {
  const name = chosenData(form);
  const paths = form.data === 'images' ? (form.images?.files.map((f) => f.path) ?? []) : [];
  return [...(name ? [name] : []), ...paths];
}

/**
 * Evaluates the model shown, or every member of the family one after the other (variants against the
 * original), on the panel's data in the engine worker; each result is kept as it arrives. A cancel or a
 * failure keeps the results already made and the form as it was.
 */
export async function runEvaluate(): Promise<void> {
  const state = studioStore.getState();
  const shown = state.model;
  const family = state.variants;
  const baseId = family[0]?.id;
  if (!shown || baseId === undefined || state.evaluateJob.status === 'running') return;
  const form = resolveEvaluateForm(state.evaluateForm, shown);
  if (evaluateBlocker(form, state.evaluatePreview, dataKey(form), dataInputOf(shown) !== undefined)) return;
  const queue = evaluationQueue(form.scope, family, shown.summary.modelId);
  const preview = state.evaluatePreview;
  const classes = preview.status === 'ready' && preview.key === dataKey(form) ? preview.preview.classes : undefined;
  const controller = new AbortController();
  current = controller;
  const { signal } = controller;
  const live = (): boolean => current === controller;
  const started = performance.now();
  state.setEvaluateJob({ status: 'running', baseId, queue: queue.map((q) => q.modelId), index: 0, progress: null });
  let finished = 0;
  let failing: ModelId | undefined;
  try {
    for (const [index, item] of queue.entries()) {
      failing = item.modelId;
      studioStore.getState().setEvaluateProgress({ phase: 'read', fraction: 0 }, index);
      const source = await sourceOf(form);
      if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
      const result = await getEngine().evaluate(item.modelId, requestOf(form, source, item.referenceId), {
        signal,
        onProgress: (progress) => {
          if (live()) studioStore.getState().setEvaluateProgress(progress, index);
        },
      });
      if (!live()) return;
      studioStore.getState().setEvaluation({
        modelId: item.modelId,
        result,
        dataLabel: dataLabel(form, result.result.samples),
        finishedAt: Date.now(),
        ...(classes ? { classes } : {}),
      });
      finished++;
    }
    studioStore.getState().setEvaluateJob({
      status: 'done',
      modelIds: queue.map((q) => q.modelId),
      ms: performance.now() - started,
    });
  } catch (error) {
    if (!live()) return;
    if (signal.aborted || isCancelled(error)) studioStore.getState().setEvaluateJob({ status: 'cancelled', finished });
    else {
      const label = family.find((v) => v.id === failing)?.model.summary.fileName ?? shown.summary.fileName;
      studioStore.getState().setEvaluateJob({
        status: 'failed',
        error: toUserError(error, label, dataNames(form)),
        ...(failing !== undefined ? { modelId: failing } : {}),
      });
    }
  } finally {
    if (live()) current = null;
  }
}

/** Stops the running evaluation; with `quiet`, its end is not reported (the model is being replaced). */
export function cancelEvaluate(options: { quiet?: boolean } = {}): void {
  const running = current;
  if (options.quiet) current = null;
  running?.abort();
}

/**
 * Asks the engine what the model will see of the panel's data (a few samples after preprocessing) and
 * whether the data fits its input. A newer request replaces an older one still running.
 */
export async function refreshPreview(): Promise<void> {
  previewing?.abort();
  const state = studioStore.getState();
  const shown = state.model;
  if (!shown) return;
  const form = resolveEvaluateForm(state.evaluateForm, shown);
  const key = dataKey(form);
  if (chosenData(form) === undefined || (form.data === 'images' && typeof form.image === 'string')) {
    state.setEvaluatePreview({ status: 'idle' });
    return;
  }
  const controller = new AbortController();
  previewing = controller;
  const { signal } = controller;
  const live = () => previewing === controller;
  state.setEvaluatePreview({ status: 'loading', key });
  try {
    const source = await sourceOf(form);
    const request = requestOf(form, source);
    const preview = await getEngine().previewData(shown.summary.modelId, request, PREVIEW_COUNT, { signal });
    if (live()) studioStore.getState().setEvaluatePreview({ status: 'ready', key, preview });
  } catch (error) {
    if (!live() || signal.aborted || isCancelled(error)) return;
    const failure: UserError = toUserError(error, shown.summary.fileName, dataNames(form));
    studioStore.getState().setEvaluatePreview({ status: 'failed', key, error: failure });
  } finally {
    if (live()) previewing = null;
  }
}

// A newly opened model replaces the family: an evaluation still running on the old one is dropped
// quietly, and the choices worked out from the old model go back to their defaults (files are kept).
studioStore.subscribe(
  (s) => s.variants[0]?.id,
  (id, previous) => {
    if (id === previous) return;
    if (current) cancelEvaluate({ quiet: true });
    previewing?.abort();
    const state = studioStore.getState();
    state.setEvaluateJob({ status: 'idle' });
    state.setEvaluatePreview({ status: 'idle' });
    state.updateEvaluateForm({ data: null, pixelScale: null, imageFields: DEFAULT_IMAGE_FIELDS });
  },
);

// The drawers share one place: opening the quantize or recipe drawer closes this one.
studioStore.subscribe(
  (s) => s.quantizeOpen || s.recipeOpen,
  (other) => {
    if (other && studioStore.getState().evaluateOpen) studioStore.getState().setEvaluateOpen(false);
  },
);
