import type { QuantizeForm, QuantizeSlice, SliceCreator } from './types';

/** The panel's defaults (DESIGN.md's workshop case: int8 static, per-channel symmetric weights, minmax). */
export const DEFAULT_QUANTIZE_FORM: QuantizeForm = {
  mode: 'int8',
  granularity: 'per-channel',
  symmetric: true,
  onnxFormat: 'qdq',
  ioType: 'int8',
  method: 'minmax',
  percentile: 99.99,
  data: null,
  file: null,
  samples: 200,
  pixelScale: null,
  overrides: {},
};

export const createQuantizeSlice: SliceCreator<QuantizeSlice> = (set) => ({
  quantizeOpen: false,
  quantizeForm: DEFAULT_QUANTIZE_FORM,
  quantizeJob: { status: 'idle' },
  // The quantize and recipe drawers take the same place: one open at a time.
  setQuantizeOpen: (quantizeOpen) => set(quantizeOpen ? { quantizeOpen, recipeOpen: false } : { quantizeOpen }),
  updateQuantizeForm: (patch) => set((state) => ({ quantizeForm: { ...state.quantizeForm, ...patch } })),
  setLayerOverride: (nodeId, override) =>
    set((state) => {
      const overrides = { ...state.quantizeForm.overrides };
      if (override && (override.keepFloat || override.bits !== undefined)) overrides[nodeId] = override;
      else delete overrides[nodeId];
      return { quantizeForm: { ...state.quantizeForm, overrides } };
    }),
  setQuantizeJob: (quantizeJob) => set({ quantizeJob }),
  setQuantizeProgress: (progress) =>
    set((state) => (state.quantizeJob.status === 'running' ? { quantizeJob: { ...state.quantizeJob, progress } } : {})),
});
