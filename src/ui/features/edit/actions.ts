// What the editing UI asks of the engine: an edit, undo, redo, replay. They run one after another (a
// second Ctrl+Z waits for the first); each outcome replaces the member shown in place, then the graph is
// laid out again when its nodes or connections changed, with the view held still on the node edited.
import type { EditOp } from '../../../core';
import type { EditOutcome, ModelId } from '../../../workers/protocol';
import { getEngine } from '../../app/engine';
import { studioStore } from '../../store';
import { toUserError } from '../open/actions';
import { sameTopology } from './carry-layout';
import { editLabel } from './labels';

let queue: Promise<unknown> = Promise.resolve();

/** Runs `task` after every edit queued before it. */
function enqueue<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

/**
 * Shows an outcome of member `modelId`: replaces its graph in place at once, then lays it out again if its
 * nodes or connections changed (what a session restore calls after replaying a saved history, too).
 */
export async function showEditOutcome(outcome: EditOutcome, select?: string | null): Promise<void> {
  const store = studioStore.getState();
  const id = outcome.result.summary.modelId;
  const before = store.variants.find((v) => v.id === id)?.model.graph;
  store.applyEditOutcome(outcome, select === undefined ? {} : { select });
  if (before && sameTopology(before, outcome.result.graph)) return;
  const version = studioStore.getState().editVersions[id] ?? 0;
  const direction = studioStore.getState().direction;
  try {
    const layout = await getEngine().layout(id, direction);
    studioStore.getState().applyEditLayout(layout, version);
  } catch {
    // The places carried over stay: the graph is drawn, only less tidily.
  }
}

/** The member shown, when there is one and no model is loading. */
function shownMember(): { readonly id: ModelId; readonly fileName: string } | undefined {
  const model = studioStore.getState().model;
  return model ? { id: model.summary.modelId, fileName: model.summary.fileName } : undefined;
}

/**
 * Runs one engine call on the member shown and shows its outcome. A refusal (the core's sentence naming
 * the node or tensor) is kept as the failed job and changes nothing. Resolves to whether it was applied.
 */
function run(
  label: string,
  call: (id: ModelId) => Promise<EditOutcome>,
  options: { readonly selectAdded?: boolean; readonly when?: () => boolean } = {},
): Promise<boolean> {
  return enqueue(async () => {
    const member = shownMember();
    // Checked when its turn comes: a second undo pressed quickly sees what the first one left.
    if (!member || (options.when && !options.when())) return false;
    const store = studioStore.getState();
    store.setEditJob({ status: 'running', label });
    try {
      const outcome = await call(member.id);
      // A node just added is selected, so the inspector shows its attributes to fill in.
      const before = new Set(studioStore.getState().model?.graph.nodes.map((n) => n.id));
      const added = options.selectAdded ? outcome.affected.find((id) => !before.has(id)) : undefined;
      await showEditOutcome(outcome, added);
      studioStore.getState().setEditJob({ status: 'done', label, notes: outcome.notes });
      return true;
    } catch (error) {
      studioStore.getState().setEditJob({ status: 'failed', label, error: toUserError(error, member.fileName) });
      return false;
    }
  });
}

/** Applies an edit to the member shown (a node it adds is selected). */
export function runEdit(op: EditOp): Promise<boolean> {
  return run(editLabel(op), (id) => getEngine().editModel(id, op), { selectAdded: op.kind === 'addNode' });
}

/** True when the member shown has an edit to undo (or, for 'redo', to redo). */
export function canStep(direction: 'undo' | 'redo'): boolean {
  const state = studioStore.getState();
  const id = state.model?.summary.modelId;
  const history = id === undefined ? undefined : state.editHistories[id];
  return (direction === 'undo' ? history?.done.length : history?.undone.length) ? true : false;
}

/** Undoes the last edit of the member shown (nothing to undo: nothing happens). */
export function undoEdit(): Promise<boolean> {
  return run('undo', (id) => getEngine().undoEdit(id), { when: () => canStep('undo') });
}

/** Redoes the last undone edit of the member shown. */
export function redoEdit(): Promise<boolean> {
  return run('redo', (id) => getEngine().redoEdit(id), { when: () => canStep('redo') });
}

/**
 * Moves the member shown to the point in its history after `count` edits: undoing or redoing one at a time
 * (each an exact earlier model), stopping at the first that fails.
 */
export async function goToEdit(count: number): Promise<void> {
  const state = studioStore.getState();
  const id = state.model?.summary.modelId;
  const history = id === undefined ? undefined : state.editHistories[id];
  if (!history) return;
  const steps = count - history.done.length;
  for (let i = 0; i < Math.abs(steps); i++) {
    const ok = await (steps < 0 ? undoEdit() : redoEdit());
    if (!ok) return;
  }
}

/** Forgets how the last edit ended (the notice's close button). */
export function dismissEditNotice(): void {
  const job = studioStore.getState().editJob;
  if (job.status === 'done' || job.status === 'failed') studioStore.getState().setEditJob({ status: 'idle' });
}
