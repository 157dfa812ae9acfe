import { useDrawerKey, type DrawerKey } from '../../hooks/useDrawerKey';
import { studioStore } from '../../store';

const VARIANTS_DRAWER: DrawerKey = {
  key: 'v',
  isOpen: (s) => s.variantsOpen,
  setOpen: (open) => studioStore.getState().setVariantsOpen(open),
  othersOpen: (s) => s.quantizeOpen || s.recipeOpen || s.evaluateOpen || s.analysisOpen,
};

/**
 * V opens and closes the variants view. The view shares its place with the quantize, recipe, evaluate and
 * analysis drawers: when one of them opens, the view closes.
 */
export function useVariantsKeys(): void {
  useDrawerKey(VARIANTS_DRAWER);
}
