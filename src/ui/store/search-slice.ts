import { findNodes } from '../features/search/match';
import type { SearchSlice, SliceCreator } from './types';

export const createSearchSlice: SliceCreator<SearchSlice> = (set, get) => ({
  searchQuery: '',
  searchHits: [],
  searchIndex: -1,
  setSearchQuery: (query) => {
    const graph = get().model?.graph;
    set({ searchQuery: query, searchHits: graph ? findNodes(graph, query) : [], searchIndex: -1 });
  },
  searchStep: (delta) => {
    const { searchHits, searchIndex } = get();
    if (searchHits.length === 0) return;
    const next =
      searchIndex < 0
        ? delta > 0
          ? 0
          : searchHits.length - 1
        : (searchIndex + delta + searchHits.length) % searchHits.length;
    set({ searchIndex: next });
    const id = searchHits[next];
    if (id !== undefined) get().select(id, { focus: true });
  },
  clearSearch: () => set({ searchQuery: '', searchHits: [], searchIndex: -1 }),
});
