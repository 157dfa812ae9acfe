import { findNodes } from '../features/search/match';
import type { SliceCreator, StudioState, VariantEntry, VariantsSlice } from './types';

/** The state that changes when another member of the family is shown. */
function showing(state: StudioState, entry: VariantEntry): Partial<StudioState> {
  const graph = entry.model.graph;
  const keep = state.selectedNodeId !== null && graph.nodes.some((n) => n.id === state.selectedNodeId);
  return {
    model: entry.model,
    layout: entry.layout,
    direction: entry.layout.direction,
    layoutPending: false,
    selectedNodeId: keep ? state.selectedNodeId : null,
    focus: null,
    // A member shown anew gets its own first view, not the one an edit held still.
    viewAnchor: null,
    // The search runs again over the graph now shown.
    searchHits: state.searchQuery ? findNodes(graph, state.searchQuery) : [],
    searchIndex: -1,
  };
}

export const createVariantsSlice: SliceCreator<VariantsSlice> = (set) => ({
  variants: [],
  addVariant: (model, layout) =>
    set((state) => {
      const id = model.summary.modelId;
      if (!state.variants.some((v) => v.id === model.variant.parentId)) return {};
      if (state.variants.some((v) => v.id === id)) return {};
      const entry: VariantEntry = { id, label: model.variant.label, model, layout };
      return { ...showing(state, entry), variants: [...state.variants, entry] };
    }),
  showVariant: (id) =>
    set((state) => {
      const entry = state.variants.find((v) => v.id === id);
      if (!entry || state.model?.summary.modelId === id) return {};
      return showing(state, entry);
    }),
});
