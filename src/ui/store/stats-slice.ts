import type { SliceCreator, StatsSlice } from './types';

export const createStatsSlice: SliceCreator<StatsSlice> = (set) => ({
  stats: {},
  comparisons: {},
  setStats: (key, entry) => set((state) => ({ stats: { ...state.stats, [key]: entry } })),
  setComparison: (key, entry) => set((state) => ({ comparisons: { ...state.comparisons, [key]: entry } })),
});
