import { useEffect, useState } from 'react';

/**
 * How many of `count` heavy children to mount: one more per task after each commit, restarting when `key`
 * changes. Mounting three charts in one go is one long task; one at a time keeps the page responsive.
 */
export function useStaged(count: number, key: unknown): number {
  const [state, setState] = useState({ key, shown: 0 });
  const shown = state.key === key ? state.shown : 0;
  useEffect(() => {
    if (shown >= count) return;
    const timer = setTimeout(() => setState({ key, shown: shown + 1 }), 0);
    return () => clearTimeout(timer);
  }, [count, key, shown]);
  return shown;
}
