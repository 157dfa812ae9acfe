import { alignUp, overlapInTime, type MemoryPlan, type MemoryPlanner, type PlanBuffer } from './planner';

interface Placed {
  readonly offset: number;
  readonly size: number;
  readonly first: number;
  readonly last: number;
}

/**
 * TFLM's GreedyMemoryPlanner (tflite-micro memory_planner/greedy_memory_planner.cc), by behaviour:
 * buffers sorted by size, largest first (a stable sort over the buffers in reverse order of addition, so
 * of two equal sizes the later-added one goes first); each is put at the lowest offset where it fits
 * between the already placed buffers that are alive at an overlapping time, walking them by offset.
 */
export const greedyBySizePlanner: MemoryPlanner = (buffers, options = {}): MemoryPlan => {
  const alignment = options.alignment ?? 1;
  const sizes = new Map<string, number>();
  const wanted: { buffer: PlanBuffer; size: number; order: number }[] = [];
  buffers.forEach((buffer, order) => {
    const size = alignUp(buffer.size, alignment);
    if (size <= 0) return;
    sizes.set(buffer.id, size);
    wanted.push({ buffer, size, order });
  });
  const later = (options.tieBreak ?? 'later-first') === 'later-first';
  wanted.sort((a, b) => b.size - a.size || (later ? b.order - a.order : a.order - b.order));

  // Placed buffers ordered by offset; a new one goes after those at an equal offset, as TFLM inserts.
  const placed: Placed[] = [];
  const offsets = new Map<string, number>();
  let arenaBytes = 0;
  for (const { buffer, size } of wanted) {
    let candidate = 0;
    for (const other of placed) {
      if (!overlapInTime(other, buffer)) continue;
      if (other.offset - candidate >= size) break;
      candidate = Math.max(candidate, other.offset + other.size);
    }
    offsets.set(buffer.id, candidate);
    arenaBytes = Math.max(arenaBytes, candidate + size);
    placed.splice(upperBound(placed, candidate), 0, {
      offset: candidate,
      size,
      first: buffer.first,
      last: buffer.last,
    });
  }
  return { arenaBytes, offsets, sizes };
};

// First index whose offset is greater than `offset`.
function upperBound(placed: readonly Placed[], offset: number): number {
  let lo = 0;
  let hi = placed.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (placed[mid]!.offset <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
