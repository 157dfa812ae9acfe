import type { GraphSlice, SliceCreator } from './types';

export const createGraphSlice: SliceCreator<GraphSlice> = (set) => ({
  direction: 'TB',
  layout: null,
  layoutPending: false,
  fitSeq: 0,
  forceOverview: false,
  setLayout: (layout) =>
    set((state) =>
      // A layout for a model that is no longer shown is dropped.
      state.model && state.model.summary.modelId === layout.modelId
        ? {
            layout,
            direction: layout.direction,
            layoutPending: false,
            variants: state.variants.map((v) => (v.id === layout.modelId ? { ...v, layout } : v)),
          }
        : { layoutPending: false },
    ),
  setLayoutPending: (layoutPending) => set({ layoutPending }),
  setForceOverview: (forceOverview) => set({ forceOverview }),
  requestFit: () => set((state) => ({ fitSeq: state.fitSeq + 1 })),
});
