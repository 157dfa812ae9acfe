// Building EditResults.
import type { Model } from '../../ir/types';
import type { EditResult } from './types';

interface Ids {
  readonly nodes?: readonly string[];
  readonly tensors?: readonly string[];
}

/** An EditResult; lists are deduplicated, empty ones may be left out. */
export function editResult(
  model: Model,
  affected: Ids = {},
  removed: Ids = {},
  notes: readonly string[] = [],
): EditResult {
  const unique = (ids: readonly string[] | undefined): string[] => [...new Set(ids ?? [])];
  return {
    model,
    affected: { nodes: unique(affected.nodes), tensors: unique(affected.tensors) },
    removed: { nodes: unique(removed.nodes), tensors: unique(removed.tensors) },
    notes,
  };
}
