import type { LayoutDirection } from '../../../workers/protocol';
import { getEngine } from '../../app/engine';
import { toUserError } from '../open/actions';
import { studioStore } from '../../store';
import { otherDirection } from './to-flow';

/** Lays the open graph out in `direction` (in the worker); the current picture stays until it is ready. */
export async function setDirection(direction: LayoutDirection): Promise<void> {
  const state = studioStore.getState();
  const model = state.model;
  if (!model || state.layoutPending || state.layout?.direction === direction) return;
  state.setLayoutPending(true);
  try {
    const layout = await getEngine().layout(model.summary.modelId, direction);
    studioStore.getState().setLayout(layout);
  } catch (error) {
    studioStore.getState().setLayoutPending(false);
    studioStore.getState().setError(toUserError(error, model.summary.fileName));
  }
}

/** Switches between top-to-bottom and left-to-right. */
export function toggleDirection(): Promise<void> {
  return setDirection(otherDirection(studioStore.getState().direction));
}
