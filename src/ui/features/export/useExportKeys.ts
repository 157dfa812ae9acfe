import { useEffect } from 'react';
import { useDrawerKey, type DrawerKey } from '../../hooks/useDrawerKey';
import { studioStore } from '../../store';
import { exportStore } from './export-store';

const EXPORT_DRAWER: DrawerKey = {
  key: 'x',
  isOpen: () => exportStore.getState().open,
  setOpen: (open) => exportStore.getState().setOpen(open),
  othersOpen: (s) => s.quantizeOpen || s.recipeOpen || s.evaluateOpen || s.analysisOpen || s.variantsOpen,
};

/**
 * X opens and closes the export drawer; another drawer opening closes it. A newly opened model starts with
 * its own defaults: the member shown, and an array name made from its file name.
 */
export function useExportKeys(): void {
  useDrawerKey(EXPORT_DRAWER);
  useEffect(
    () =>
      studioStore.subscribe(
        (s) => s.variants[0]?.id,
        () => {
          const state = exportStore.getState();
          state.setMember(null);
          state.updateForm({ name: '' });
          state.setPreview({ status: 'idle' });
        },
      ),
    [],
  );
}
