import { useDrawerKey, type DrawerKey } from '../../hooks/useDrawerKey';
import { studioStore } from '../../store';

const ANALYSIS_DRAWER: DrawerKey = {
  key: 'a',
  isOpen: (s) => s.analysisOpen,
  setOpen: (open) => studioStore.getState().setAnalysisOpen(open),
  othersOpen: (s) => s.quantizeOpen || s.recipeOpen || s.evaluateOpen || s.variantsOpen,
};

/** A opens and closes the analysis drawer; another drawer opening closes it. */
export function useAnalysisKeys(): void {
  useDrawerKey(ANALYSIS_DRAWER);
}
