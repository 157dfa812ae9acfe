/**
 * The planner interface. A planner places buffers in one arena so that buffers alive at the same time
 * never overlap. Buffers are decoupled from tensors on purpose: in-place execution (an element-wise op
 * writing over its input) is modelled upstream by merging tensors into one buffer, and other schedules
 * simply change the steps — the planners stay the same.
 */

/** A block of memory needed from step `first` to step `last`, both inclusive. */
export interface PlanBuffer {
  readonly id: string;
  readonly size: number;
  readonly first: number;
  readonly last: number;
}

export interface PlannerOptions {
  /** Each buffer's size is rounded up to a multiple of this (TFLM aligns arena buffers to 16 bytes). */
  readonly alignment?: number;
  /**
   * Order of equal-sized buffers. 'later-first' (default) is current TFLM: it fills its sort array from
   * the tail, so of two equal sizes the buffer added later is placed first. 'earlier-first' is a plain
   * stable sort (TFLM before offline-planned offsets were added); it can give a different arena.
   */
  readonly tieBreak?: 'later-first' | 'earlier-first';
}

export interface MemoryPlan {
  /** Bytes of the arena: the highest end offset of any buffer. */
  readonly arenaBytes: number;
  /** Offset of each planned buffer by id (buffers of size 0 are not planned, as in TFLM). */
  readonly offsets: ReadonlyMap<string, number>;
  /** Sizes after alignment, by id. */
  readonly sizes: ReadonlyMap<string, number>;
}

export type MemoryPlanner = (buffers: readonly PlanBuffer[], options?: PlannerOptions) => MemoryPlan;

/** `size` rounded up to a multiple of `alignment`. */
export function alignUp(size: number, alignment: number): number {
  return alignment > 1 ? Math.ceil(size / alignment) * alignment : size;
}

/** True when two buffers are alive at a common step. */
export function overlapInTime(a: Pick<PlanBuffer, 'first' | 'last'>, b: Pick<PlanBuffer, 'first' | 'last'>): boolean {
  return a.first <= b.last && b.first <= a.last;
}
