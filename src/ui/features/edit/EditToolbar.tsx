import { useShallow } from 'zustand/react/shallow';
import { useStudio } from '../../store';
import { redoEdit, undoEdit } from './actions';
import { openExtract, openPalette } from './interactions';
import { capitalised } from './labels';

/** Undo, redo, add a node, extract a subgraph: the canvas's edit buttons, with the edit running. */
export function EditToolbar() {
  const { undo, redo, running } = useStudio(
    useShallow((s) => {
      const id = s.model?.summary.modelId;
      const history = id === undefined ? undefined : s.editHistories[id];
      return {
        undo: history?.done.at(-1)?.label,
        redo: history?.undone[0]?.label,
        running: s.editJob.status === 'running' ? s.editJob.label : undefined,
      };
    }),
  );
  return (
    <div className="sd-edit-toolbar" role="toolbar" aria-label="Edit the graph">
      <button
        type="button"
        className="sd-button sd-button--small"
        disabled={undo === undefined}
        title={undo ? `Undo: ${undo} (Ctrl/⌘ Z)` : 'Nothing to undo'}
        aria-label="Undo"
        data-testid="edit-undo"
        onClick={() => void undoEdit()}
      >
        ↶ Undo
      </button>
      <button
        type="button"
        className="sd-button sd-button--small"
        disabled={redo === undefined}
        title={redo ? `Redo: ${redo} (Ctrl/⌘ Shift Z)` : 'Nothing to redo'}
        aria-label="Redo"
        data-testid="edit-redo"
        onClick={() => void redoEdit()}
      >
        ↷ Redo
      </button>
      <button
        type="button"
        className="sd-button sd-button--small"
        title="Add a node after the one selected (N)"
        onClick={openPalette}
      >
        + Node
      </button>
      <button
        type="button"
        className="sd-button sd-button--small"
        title="Save a part of the model as a model of its own"
        onClick={openExtract}
      >
        Extract…
      </button>
      {running && (
        <span className="sd-edit-toolbar__status" role="status" data-testid="edit-running">
          {capitalised(running)}…
        </span>
      )}
    </div>
  );
}
