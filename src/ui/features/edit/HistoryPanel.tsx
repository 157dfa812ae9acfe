import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { EditHistoryView } from '../../../workers/protocol';
import { studioStore, useStudio } from '../../store';
import { goToEdit } from './actions';
import { capitalised } from './labels';

/** Appends the applied edits to the recipe as one 'edit' step, so they replay on another model. */
export function addEditsToRecipe(history: EditHistoryView): number {
  const state = studioStore.getState();
  const ops = history.done.map((e) => e.op);
  const steps = state.recipeDoc.present.steps.length;
  state.editRecipe({ type: 'add', step: { kind: 'edit', ops }, at: steps - 1 });
  return steps + 1;
}

/** One point of the history: click to undo or redo to it. */
function Point({ label, at, current, undone }: { label: string; at: number; current: boolean; undone: boolean }) {
  return (
    <li>
      <button
        type="button"
        className="sd-history__item"
        data-testid="history-entry"
        data-undone={undone}
        aria-current={current ? 'step' : undefined}
        title={current ? 'The model as it is now' : `${undone ? 'Redo' : 'Undo'} to here`}
        onClick={() => void goToEdit(at)}
      >
        {label}
      </button>
    </li>
  );
}

/**
 * The edit history of the member shown: the original, each edit applied (the current one marked), then
 * the edits undone, greyed, that redo brings back. A click undoes or redoes up to that point; the edits
 * applied can be added to the recipe as one step.
 */
export function HistoryPanel() {
  const { history, running } = useStudio(
    useShallow((s) => {
      const id = s.model?.summary.modelId;
      return { history: id === undefined ? undefined : s.editHistories[id], running: s.editJob.status === 'running' };
    }),
  );
  const [added, setAdded] = useState<number | null>(null);
  if (!history || history.done.length + history.undone.length === 0) return null;
  const at = history.done.length;
  return (
    <section className="sd-history" aria-label="Edit history" data-testid="history-panel" data-position={at}>
      <h2 className="sd-panel__label">Edits</h2>
      <ol className="sd-history__list" aria-busy={running}>
        <Point label="Original" at={0} current={at === 0} undone={false} />
        {history.done.map((entry, i) => (
          <Point key={`d${i}`} label={capitalised(entry.label)} at={i + 1} current={at === i + 1} undone={false} />
        ))}
        {history.undone.map((entry, i) => (
          <Point key={`u${i}`} label={capitalised(entry.label)} at={at + i + 1} current={false} undone />
        ))}
      </ol>
      <div className="sd-history__actions">
        <button
          type="button"
          className="sd-button sd-button--small"
          disabled={at === 0}
          title="Append the applied edits to the recipe as one step, to replay them on another model"
          onClick={() => setAdded(addEditsToRecipe(history))}
        >
          Add edits to recipe
        </button>
        {added !== null && (
          <span className="sd-muted" role="status">
            Added as step {added} of the recipe (R).
          </span>
        )}
      </div>
    </section>
  );
}
