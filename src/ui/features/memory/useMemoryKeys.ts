import { useEffect } from 'react';
import { useDrawerKey, type DrawerKey } from '../../hooks/useDrawerKey';
import { memoryStore } from '../../store/memory-store';
import { exportStore } from '../export/export-store';
import { setMemoryOpen } from './actions';

const MEMORY_DRAWER: DrawerKey = {
  key: 'm',
  isOpen: () => memoryStore.getState().open,
  setOpen: setMemoryOpen,
  othersOpen: (s) => s.quantizeOpen || s.recipeOpen || s.evaluateOpen || s.analysisOpen || s.variantsOpen,
};

/**
 * M opens and closes the memory view. It shares its place with the other drawers: when one of them opens
 * (the export drawer keeps its own store), the memory view closes.
 */
export function useMemoryKeys(): void {
  useDrawerKey(MEMORY_DRAWER);
  useEffect(
    () =>
      exportStore.subscribe(
        (s) => s.open,
        (open) => {
          if (open && memoryStore.getState().open) setMemoryOpen(false);
        },
      ),
    [],
  );
}
