// The memory view's colouring of the graph: each node by the live activation bytes at its step, the peak
// node at the red end (the analysis slice's GraphTint, drawn by the graph canvas and its legend).
import type { MemoryPlanView } from '../../../workers/protocol';
import type { GraphTint } from '../../store';

/** Marks the colouring as the memory view's own (others, e.g. per-layer SQNR, are left alone). */
export const MEMORY_TINT_SOURCE = 'memory';

const KIB = 1024;

/** Live KiB at each node's step: high values red (the peak reddest), low ones green. */
export function memoryTint(view: MemoryPlanView): GraphTint {
  const values: Record<string, number> = {};
  let low = 0;
  let high = Infinity;
  view.stepNodeIds.forEach((nodeId, step) => {
    const kib = Math.round(((view.liveBytes[step] ?? 0) / KIB) * 10) / 10;
    values[nodeId] = kib;
    low = Math.max(low, kib);
    high = Math.min(high, kib);
  });
  return {
    modelId: view.modelId,
    title: `Live activation memory at each node's step (peak at ${view.peakNodeName})`,
    values,
    // GraphTint draws `low` as the worst end: the most memory.
    low,
    high: Number.isFinite(high) ? high : 0,
    unit: 'KiB',
    source: MEMORY_TINT_SOURCE,
  };
}

/** True when the colouring in force may be replaced by the memory view's: none, or its own. */
export function tintIsFree(tint: GraphTint | null): boolean {
  return tint === null || tint.source === MEMORY_TINT_SOURCE;
}
