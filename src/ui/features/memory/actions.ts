// What the memory view asks of the engine (the plan of the model shown with the board and options picked)
// and what it does to the rest of the studio: the graph's colouring and selection, the drawers.
import { isCancelled } from '../../../workers/client';
import type { FitSuggestion, MemoryPlanRequest, MemoryPlanView } from '../../../workers/protocol';
import { getEngine } from '../../app/engine';
import { studioStore, type StudioState } from '../../store';
import { memoryStore, type MemoryState } from '../../store/memory-store';
import { closeStudioDrawers, exportStore } from '../export/export-store';
import { toUserError } from '../open/actions';
import { resolveDevice } from './devices';
import { memoryTint, tintIsFree } from './memory-tint';

/** The request for the model shown, or undefined while a custom board's sizes do not read. */
export function memoryRequest(state: Pick<MemoryState, 'device' | 'options' | 'patch'>): MemoryPlanRequest | undefined {
  const resolved = resolveDevice(state.device);
  return resolved.ok ? { options: state.options, device: resolved.device, patch: state.patch } : undefined;
}

/** What the plan depends on, as one key: the model shown (and its edit version), the board, the options. */
export function memoryKey(
  studio: Pick<StudioState, 'model' | 'editVersions'>,
  state: Pick<MemoryState, 'device' | 'options' | 'patch'>,
): string {
  const modelId = studio.model?.summary.modelId;
  const request = memoryRequest(state);
  const version = modelId ? (studio.editVersions[modelId] ?? 0) : 0;
  return modelId && request ? JSON.stringify([modelId, version, request]) : '';
}

let planning: AbortController | null = null;

/** Asks the engine for the plan of the model shown; the plan before stays drawn until it comes. */
export async function refreshMemoryPlan(): Promise<void> {
  const studio = studioStore.getState();
  const state = memoryStore.getState();
  const model = studio.model;
  const request = memoryRequest(state);
  planning?.abort();
  planning = null;
  if (!model || !request) return;
  const key = memoryKey(studio, state);
  const controller = new AbortController();
  planning = controller;
  const previous =
    state.plan.status === 'ready' ? state.plan : state.plan.status === 'loading' ? state.plan.last : undefined;
  state.setPlan({ status: 'loading', key, ...(previous ? { last: previous } : {}) });
  try {
    const view = await getEngine().memoryPlan(model.summary.modelId, request, { signal: controller.signal });
    if (planning !== controller) return;
    planning = null;
    memoryStore.getState().setPlan({ status: 'ready', key, view });
    followTint(view);
  } catch (error) {
    if (planning !== controller) return;
    planning = null;
    if (isCancelled(error)) memoryStore.getState().setPlan({ status: 'cancelled', key });
    else memoryStore.getState().setPlan({ status: 'failed', key, error: toUserError(error, model.summary.fileName) });
  }
}

/** Stops the plan under way (the schedule search of a big graph can take a while). */
export function cancelMemoryPlan(): void {
  planning?.abort();
}

/** Colours the graph by live memory unless another view's colouring is in force. */
function followTint(view: MemoryPlanView): void {
  const studio = studioStore.getState();
  if (studio.model?.summary.modelId !== view.modelId || !tintIsFree(studio.graphTint)) return;
  studio.setGraphTint(memoryTint(view));
}

/** Colours the graph by live memory and selects the node at the peak, centring it. */
export function showPeakOnGraph(view: MemoryPlanView): void {
  const studio = studioStore.getState();
  if (studio.model?.summary.modelId !== view.modelId) return;
  studio.setGraphTint(memoryTint(view));
  studio.select(view.peakNodeId, { focus: true });
}

/** Selects the node producing an activation (a graph input: its input node), centring it. */
export function selectProducer(view: MemoryPlanView, producerNodeId: string | null, tensorId: string): void {
  const studio = studioStore.getState();
  if (studio.model?.summary.modelId !== view.modelId) return;
  studio.select(producerNodeId ?? `input:${tensorId}`, { focus: true });
}

/** Sets the options a suggestion names (the plan follows). */
export function applySuggestion(suggestion: FitSuggestion): void {
  if (suggestion.apply) memoryStore.getState().updateOptions(suggestion.apply);
}

/** Opens the drawer (closing the others, which take the same place) or closes it. */
export function setMemoryOpen(open: boolean): void {
  if (open) {
    closeStudioDrawers();
    if (exportStore.getState().open) exportStore.getState().setOpen(false);
  } else cancelMemoryPlan();
  memoryStore.getState().setOpen(open);
}
