import { useEffect } from 'react';
import { isTyping } from '../../hooks/typing';
import { studioStore } from '../../store';
import { redoEdit, undoEdit } from './actions';
import { editUi } from './edit-ui-store';
import { deleteSelected, openPalette } from './interactions';

export type EditKey = 'undo' | 'redo' | 'delete' | 'add-node';

/**
 * What a key press does to the graph (pure, for tests); undefined when it is not an edit key. Text fields
 * keep their own undo, and the recipe editor takes Ctrl/⌘ Z for the recipe while it has the focus (it
 * stops the event before it gets here).
 */
export function editKeyFor(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>,
  typing: boolean,
): EditKey | undefined {
  if (typing || event.altKey) return undefined;
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && key === 'z') return event.shiftKey ? 'redo' : 'undo';
  if (mod && key === 'y' && !event.shiftKey) return 'redo';
  if (mod) return undefined;
  if (event.key === 'Delete' || event.key === 'Backspace') return 'delete';
  if (key === 'n' && !event.shiftKey) return 'add-node';
  return undefined;
}

/** The graph's edit keys (listed in features/help/shortcuts.ts), while a model is shown. */
export function useEditKeys(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const action = editKeyFor(event, isTyping(event.target));
      if (!action || !studioStore.getState().model || editUi.getState().dialog) return;
      switch (action) {
        case 'undo':
          event.preventDefault();
          void undoEdit();
          break;
        case 'redo':
          event.preventDefault();
          void redoEdit();
          break;
        case 'delete':
          if (deleteSelected()) event.preventDefault();
          break;
        case 'add-node':
          event.preventDefault();
          openPalette();
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
