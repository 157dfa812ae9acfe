import type { ModelSlice, SliceCreator } from './types';

export const createModelSlice: SliceCreator<ModelSlice> = (set) => ({
  model: null,
  loading: null,
  error: null,
  startLoading: (fileName) => set({ loading: { fileName, progress: null }, error: null }),
  setProgress: (progress) => set((state) => (state.loading ? { loading: { ...state.loading, progress } } : {})),
  stopLoading: () => set({ loading: null }),
  setModel: (model, layout) =>
    set((state) => ({
      model,
      layout,
      direction: layout.direction,
      layoutPending: false,
      loading: null,
      error: null,
      selectedNodeId: null,
      focus: null,
      searchQuery: '',
      searchHits: [],
      searchIndex: -1,
      stats: {},
      // A newly opened model starts a new family; the quantize panel forgets the old model's layers.
      variants: [{ id: model.summary.modelId, label: 'Original', model, layout }],
      quantizeJob: { status: 'idle' },
      quantizeForm: { ...state.quantizeForm, overrides: {}, data: null, pixelScale: null },
    })),
  setError: (error) => set({ error }),
});
