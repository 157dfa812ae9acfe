import { useEffect } from 'react';
import { toggleDirection } from '../features/graph/actions';
import { FILE_INPUT_ID } from '../features/open/OpenButton';
import { SEARCH_INPUT_ID } from '../features/search/SearchBox';
import { studioStore } from '../store';
import { isTyping } from './typing';

/** What a key press does (pure, for tests); undefined when the key is not a shortcut here. */
export function shortcutFor(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>,
  typing: boolean,
): 'open' | 'search' | 'fit' | 'direction' | 'escape' | 'help' | 'quantize' | 'recipe' | undefined {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && !event.altKey && key === 'o') return 'open';
  if (mod && !event.altKey && key === 'f') return 'search';
  if (event.key === 'Escape') return 'escape';
  if (typing || mod || event.altKey) return undefined;
  if (key === 'f') return 'fit';
  if (key === 'l') return 'direction';
  if (key === 'q') return 'quantize';
  if (key === 'r') return 'recipe';
  if (event.key === '?') return 'help';
  return undefined;
}

/** The studio's keyboard shortcuts (listed in features/help/shortcuts.ts). */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = shortcutFor(event, isTyping(event.target));
      if (!action) return;
      const state = studioStore.getState();
      switch (action) {
        case 'open':
          event.preventDefault();
          document.getElementById(FILE_INPUT_ID)?.click();
          break;
        case 'search': {
          const input = document.getElementById(SEARCH_INPUT_ID) as HTMLInputElement | null;
          if (input && !input.disabled) {
            event.preventDefault();
            input.focus();
            input.select();
          }
          break;
        }
        case 'fit':
          state.requestFit();
          break;
        case 'direction':
          void toggleDirection();
          break;
        case 'quantize':
          if (state.variants.length > 0) state.setQuantizeOpen(!state.quantizeOpen);
          break;
        case 'recipe':
          if (state.variants.length > 0) state.setRecipeOpen(!state.recipeOpen);
          break;
        case 'help':
          state.setHelpOpen(!state.helpOpen);
          break;
        case 'escape':
          if (state.helpOpen) state.setHelpOpen(false);
          else if (state.quantizeOpen) state.setQuantizeOpen(false);
          else if (state.recipeOpen) state.setRecipeOpen(false);
          else if (state.searchQuery) state.clearSearch();
          else state.select(null);
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
