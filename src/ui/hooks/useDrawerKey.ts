import { useEffect } from 'react';
import { studioStore, type StudioState } from '../store';
import { isTyping } from './typing';

/** A drawer opened and closed by one key, which shares its place with the other drawers. */
export interface DrawerKey {
  /** The key, lower case (a press with Ctrl, Cmd or Alt, or while typing, does nothing). */
  readonly key: string;
  readonly isOpen: (state: StudioState) => boolean;
  readonly setOpen: (open: boolean) => void;
  /** True while another drawer taking the same place is open. */
  readonly othersOpen: (state: StudioState) => boolean;
}

/** True for a press of the drawer's key alone, not while typing (pure, for tests). */
export function isDrawerKey(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>,
  typing: boolean,
  key: string,
): boolean {
  return !typing && !event.ctrlKey && !event.metaKey && !event.altKey && event.key.toLowerCase() === key;
}

/**
 * The drawer's key opens and closes it while a model is open (help/shortcuts.ts lists the keys); another
 * drawer opening closes it, since they take the same place. `drawer` is a module constant.
 */
export function useDrawerKey(drawer: DrawerKey): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isDrawerKey(event, isTyping(event.target), drawer.key)) return;
      const state = studioStore.getState();
      if (state.variants.length > 0) drawer.setOpen(!drawer.isOpen(state));
    };
    window.addEventListener('keydown', onKey);
    const unsubscribe = studioStore.subscribe(drawer.othersOpen, (other) => {
      if (other && drawer.isOpen(studioStore.getState())) drawer.setOpen(false);
    });
    return () => {
      window.removeEventListener('keydown', onKey);
      unsubscribe();
    };
  }, [drawer]);
}
