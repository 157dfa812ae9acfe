import type { SliceCreator, StatsSlice } from './types';

export const createStatsSlice: SliceCreator<StatsSlice> = (set) => ({
  stats: {},
  setStats: (key, entry) => set((state) => ({ stats: { ...state.stats, [key]: entry } })),
});
