import { useRef, useState, type KeyboardEvent } from 'react';
import type { GraphNodeView } from '../../../../workers/protocol';
import { runEdit } from '../actions';

/**
 * The node's name, with a Rename button that turns it into a text field: Enter renames (an undoable edit),
 * Escape keeps the old name. Graph inputs and outputs are named by their tensor (renamed from the menu).
 */
export function NodeNameField({ node }: { node: GraphNodeView }) {
  const [draft, setDraft] = useState<string | null>(null);
  // Enter closes the field, and the blur that follows must not rename a second time.
  const closing = useRef(false);
  if (draft === null)
    return (
      <div className="sd-inspector__name-row">
        <p className="sd-inspector__name" data-testid="inspector-name">
          {node.name || '(unnamed)'}
        </p>
        {node.kind === 'op' && (
          <button
            type="button"
            className="sd-link sd-inspector__rename"
            aria-label="Rename the node"
            onClick={() => {
              closing.current = false;
              setDraft(node.name);
            }}
          >
            Rename
          </button>
        )}
      </div>
    );
  const commit = () => {
    if (closing.current) return;
    closing.current = true;
    const name = draft.trim();
    setDraft(null);
    if (name !== '' && name !== node.name) void runEdit({ kind: 'renameNode', node: node.id, name });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') commit();
    else if (event.key === 'Escape') {
      event.nativeEvent.stopPropagation();
      closing.current = true;
      setDraft(null);
    }
  };
  return (
    <input
      type="text"
      className="sd-input sd-inspector__name-input"
      aria-label="Node name"
      data-testid="inspector-name-input"
      // The field appears because the user asked to rename: it takes the focus.
      autoFocus
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={onKeyDown}
      onBlur={commit}
    />
  );
}
