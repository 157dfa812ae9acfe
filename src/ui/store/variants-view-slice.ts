// The variants view: whether it is open, and which two members of the family its layer comparison shows.
import type { ModelId } from '../../workers/protocol';
import type { SliceCreator } from './types';

export interface VariantsViewSlice {
  variantsOpen: boolean;
  /** The members compared layer by layer (A, the reference, and B); null picks the default pair. */
  compareA: ModelId | null;
  compareB: ModelId | null;
  /** Opens the view (closing the drawers that take its place) or closes it. */
  setVariantsOpen(open: boolean): void;
  setCompare(pair: { readonly a?: ModelId | null; readonly b?: ModelId | null }): void;
}

export const createVariantsViewSlice: SliceCreator<VariantsViewSlice> = (set) => ({
  variantsOpen: false,
  compareA: null,
  compareB: null,
  setVariantsOpen: (variantsOpen) =>
    set(
      variantsOpen
        ? { variantsOpen, quantizeOpen: false, recipeOpen: false, evaluateOpen: false, analysisOpen: false }
        : { variantsOpen },
    ),
  setCompare: (pair) =>
    set((state) => ({
      compareA: pair.a === undefined ? state.compareA : pair.a,
      compareB: pair.b === undefined ? state.compareB : pair.b,
    })),
});
