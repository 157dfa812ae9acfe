import type { SelectionSlice, SliceCreator } from './types';

export const createSelectionSlice: SliceCreator<SelectionSlice> = (set) => ({
  selectedNodeId: null,
  focus: null,
  select: (nodeId, options = {}) =>
    set((state) => {
      if (nodeId === null) return { selectedNodeId: null };
      // Ids that are not in the open graph are ignored (e.g. a chart of a model just replaced).
      if (!state.model?.graph.nodes.some((n) => n.id === nodeId)) return {};
      return {
        selectedNodeId: nodeId,
        focus: options.focus ? { nodeId, seq: (state.focus?.seq ?? 0) + 1 } : state.focus,
      };
    }),
});
