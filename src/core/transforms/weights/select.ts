// Which layers take part in a pruning or clustering run, and why the others are left alone. Shared by both
// transforms: exclusions by override, first / last layer, and a minimum size.
import type { WeightRef } from './types';

/** What every per-layer transform can be told about layers. */
export interface LayerChoiceOptions<Override extends { readonly exclude?: boolean }> {
  readonly excludeFirstLast?: boolean;
  readonly overrides?: Readonly<Record<string, Override>>;
  readonly minElements?: number;
}

/** The override of a weight: by the id of any node reading it (the first reader wins). */
export function overrideOf<Override>(
  ref: WeightRef,
  overrides: Readonly<Record<string, Override>> | undefined,
): Override | undefined {
  if (!overrides) return undefined;
  for (const id of ref.readers) {
    const o = overrides[id];
    if (o !== undefined) return o;
  }
  return undefined;
}

/** Why `ref` is left alone, or undefined when it takes part. */
export function skipReason<Override extends { readonly exclude?: boolean }>(
  ref: WeightRef,
  options: LayerChoiceOptions<Override>,
  minElementsDefault: number,
): string | undefined {
  if (overrideOf(ref, options.overrides)?.exclude) return 'excluded by a per-layer override';
  if (options.excludeFirstLast && ref.first) return 'first layer (excluded: first and last layers are left alone)';
  if (options.excludeFirstLast && ref.last) return 'last layer (excluded: first and last layers are left alone)';
  const min = options.minElements ?? minElementsDefault;
  if (ref.elements < min) return `${ref.elements} weights, fewer than the minimum of ${min}`;
  return undefined;
}

/** Notes for layers whose weight could not be used, at most `limit` of them and a count of the rest. */
export function unsupportedNotes(unsupported: ReadonlyMap<string, string>, limit = 5): string[] {
  const notes: string[] = [];
  for (const [id, reason] of unsupported) {
    if (notes.length === limit) break;
    notes.push(`${id}: left alone: ${reason}`);
  }
  if (unsupported.size > limit) notes.push(`… and ${unsupported.size - limit} more layers left alone`);
  return notes;
}
