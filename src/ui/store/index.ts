import { useStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createAnalysisSlice } from './analysis-slice';
import { createEditSlice } from './edit-slice';
import { createEvaluateSlice } from './evaluate-slice';
import { createGraphSlice } from './graph-slice';
import { createModelSlice } from './model-slice';
import { createQuantizeSlice } from './quantize-slice';
import { createRecipeSlice } from './recipe-slice';
import { createSearchSlice } from './search-slice';
import { createSelectionSlice } from './selection-slice';
import { createStatsSlice } from './stats-slice';
import type { StudioState } from './types';
import { createUiSlice } from './ui-slice';
import { createVariantsSlice } from './variants-slice';
import { createVariantsViewSlice } from './variants-view-slice';

export type { StudioState } from './types';
export type { EvaluationRecord } from './evaluate-slice';
export type { GraphTint } from './analysis-slice';
export type { EditJob, ViewAnchor } from './edit-slice';

/** A fresh store built from the slices; middleware is applied once, on the combined store. */
export function createStudioStore() {
  return createStore<StudioState>()(
    subscribeWithSelector((...a) => ({
      ...createModelSlice(...a),
      ...createGraphSlice(...a),
      ...createSelectionSlice(...a),
      ...createSearchSlice(...a),
      ...createStatsSlice(...a),
      ...createUiSlice(...a),
      ...createVariantsSlice(...a),
      ...createQuantizeSlice(...a),
      ...createRecipeSlice(...a),
      ...createEvaluateSlice(...a),
      ...createAnalysisSlice(...a),
      ...createVariantsViewSlice(...a),
      ...createEditSlice(...a),
    })),
  );
}

export type StudioStore = ReturnType<typeof createStudioStore>;

/** The app's store. */
export const studioStore: StudioStore = createStudioStore();

/** Reads the app's store with a selector (wrap object results in `useShallow`). */
export function useStudio<T>(selector: (state: StudioState) => T): T {
  return useStore(studioStore as StoreApi<StudioState>, selector);
}
