import { useShallow } from 'zustand/react/shallow';
import { studioStore, useStudio } from '../../store';

/** Id of the search input, so Ctrl/Cmd+F can focus it. */
export const SEARCH_INPUT_ID = 'sd-search';

/**
 * Search by node name or op type: typing jumps to the first hit, Enter / Shift+Enter cycle through hits,
 * Esc clears. Each jump selects the node and centres it on the canvas.
 */
export function SearchBox() {
  const { query, hits, index, hasModel } = useStudio(
    useShallow((s) => ({
      query: s.searchQuery,
      hits: s.searchHits.length,
      index: s.searchIndex,
      hasModel: s.model !== null,
    })),
  );
  const state = studioStore.getState;
  return (
    <div className="sd-search" role="search">
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        className="sd-search__input"
        placeholder="Search nodes (name or op)…"
        aria-label="Search nodes"
        disabled={!hasModel}
        value={query}
        onChange={(event) => {
          state().setSearchQuery(event.currentTarget.value);
          state().searchStep(1);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            state().searchStep(event.shiftKey ? -1 : 1);
          } else if (event.key === 'Escape') {
            event.preventDefault();
            state().clearSearch();
            event.currentTarget.blur();
          }
        }}
      />
      <span className="sd-search__count" aria-live="polite" data-testid="search-count">
        {query.trim() === '' ? '' : hits === 0 ? 'No match' : `${index + 1} / ${hits}`}
      </span>
      <button
        type="button"
        className="sd-icon-button"
        aria-label="Previous match"
        disabled={hits === 0}
        onClick={() => state().searchStep(-1)}
      >
        ‹
      </button>
      <button
        type="button"
        className="sd-icon-button"
        aria-label="Next match"
        disabled={hits === 0}
        onClick={() => state().searchStep(1)}
      >
        ›
      </button>
    </div>
  );
}
