import { useEffect } from 'react';
import { isTyping } from '../../hooks/typing';
import { studioStore } from '../../store';
import { cancelEvaluate } from './actions';

/** What a key press does to the evaluate panel (pure, for tests); undefined when it is not its key. */
export function evaluateKey(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>,
  typing: boolean,
  state: { readonly open: boolean; readonly running: boolean },
): 'toggle' | 'cancel' | undefined {
  // While it runs with its panel open, Escape stops the evaluation before it closes anything.
  if (event.key === 'Escape') return state.open && state.running ? 'cancel' : undefined;
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return undefined;
  return event.key.toLowerCase() === 'e' ? 'toggle' : undefined;
}

/** E opens and closes the evaluate panel; Escape cancels a running evaluation (help/shortcuts.ts lists both). */
export function useEvaluateKeys(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const state = studioStore.getState();
      const action = evaluateKey(event, isTyping(event.target), {
        open: state.evaluateOpen,
        running: state.evaluateJob.status === 'running',
      });
      if (action === 'toggle' && state.variants.length > 0) state.setEvaluateOpen(!state.evaluateOpen);
      if (action === 'cancel') {
        // Seen first (capture on the window): the drawer and the page's own Escape do not run as well.
        event.preventDefault();
        event.stopPropagation();
        cancelEvaluate();
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
}
