import { editDoc, newDoc, redoDoc, selectStep, undoDoc } from '../features/recipe/edit';
import type { RecipeData, RecipeSlice, SliceCreator } from './types';

/** Calibration data of a recipe's int8 step: as the quantize panel's defaults. */
export const DEFAULT_RECIPE_DATA: RecipeData = { data: null, file: null, samples: 200, pixelScale: null };

export const createRecipeSlice: SliceCreator<RecipeSlice> = (set) => ({
  recipeOpen: false,
  recipeDoc: newDoc(),
  recipeData: DEFAULT_RECIPE_DATA,
  recipePresets: null,
  recipeNotice: null,
  recipeJob: { status: 'idle' },
  // The recipe and quantize drawers take the same place: one open at a time.
  setRecipeOpen: (recipeOpen) => set(recipeOpen ? { recipeOpen, quantizeOpen: false } : { recipeOpen }),
  editRecipe: (edit) => set((state) => ({ recipeDoc: editDoc(state.recipeDoc, edit) })),
  undoRecipe: () => set((state) => ({ recipeDoc: undoDoc(state.recipeDoc) })),
  redoRecipe: () => set((state) => ({ recipeDoc: redoDoc(state.recipeDoc) })),
  selectRecipeStep: (index) => set((state) => ({ recipeDoc: selectStep(state.recipeDoc, index) })),
  updateRecipeData: (patch) => set((state) => ({ recipeData: { ...state.recipeData, ...patch } })),
  setRecipePresets: (recipePresets) => set({ recipePresets }),
  setRecipeNotice: (recipeNotice) => set({ recipeNotice }),
  setRecipeJob: (recipeJob) => set({ recipeJob }),
  setRecipeProgress: (progress) =>
    set((state) => {
      const job = state.recipeJob;
      if (job.status !== 'running') return {};
      // Steps run in order: when another step starts (or writing begins), the one before it is done.
      const previous = job.progress?.step?.index;
      const done =
        previous !== undefined && previous !== progress.step?.index && !job.done.includes(previous)
          ? [...job.done, previous]
          : job.done;
      return { recipeJob: { ...job, progress, done } };
    }),
});
