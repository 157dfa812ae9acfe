// Per-layer analysis shown over the graph: a value per node (SQNR, a difference between two variants…)
// that colours the graph canvas, with the legend that explains it.
import type { ModelId } from '../../workers/protocol';
import type { SliceCreator } from './types';

/** Node colours for one model's graph: `values[nodeId]` on a scale from `low` (worst) to `high` (best). */
export interface GraphTint {
  /** The model whose graph the values belong to (the tint shows only while it is shown). */
  readonly modelId: ModelId;
  /** What the values are, for the legend: "SQNR vs Original (dB)". */
  readonly title: string;
  readonly values: Readonly<Record<string, number>>;
  /** Values at the two ends of the colour scale; `low` is drawn as the worst (red), `high` as the best. */
  readonly low: number;
  readonly high: number;
  /** Unit appended to values in tooltips and the legend ("dB", "%"). */
  readonly unit?: string;
}

export interface AnalysisSlice {
  /** The colouring over the graph, or null for the usual operator-family colours. */
  graphTint: GraphTint | null;
  setGraphTint(tint: GraphTint | null): void;
}

export const createAnalysisSlice: SliceCreator<AnalysisSlice> = (set) => ({
  graphTint: null,
  setGraphTint: (graphTint) => set({ graphTint }),
});
