import type { SliceCreator, UiSlice } from './types';

export const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  helpOpen: false,
  chartsOpen: true,
  samples: null,
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  setChartsOpen: (chartsOpen) => set({ chartsOpen }),
  setSamples: (samples) => set({ samples }),
});
