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
      comparisons: {},
      // A newly opened model starts a new family; the quantize panel forgets the old model's layers.
      variants: [{ id: model.summary.modelId, label: 'Original', model, layout }],
      evaluations: {},
      graphTint: null,
      quantizeJob: { status: 'idle' },
      // The recipe itself is kept (it applies to any model); its run and data file belonged to the old one.
      recipeJob: { status: 'idle' },
      recipeData: { ...state.recipeData, data: null, file: null, pixelScale: null },
      quantizeForm: { ...state.quantizeForm, overrides: {}, data: null, pixelScale: null },
      // Edit histories belonged to the old family's members.
      editHistories: {},
      problems: {},
      editJob: { status: 'idle' },
      viewAnchor: null,
    })),
  setError: (error) => set({ error }),
});
