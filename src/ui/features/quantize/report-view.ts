// What the studio shows of a quantization report: the weight rows with their SQNR, the worst layer, and
// the node each row stands for in the variant's graph.
import type { LayerReport, QuantizeReport } from '../../../core';
import type { GraphView } from '../../../workers/protocol';

/** A weight tensor's row: its layer and the SQNR its quantization left. */
export interface SqnrPoint {
  /** Position in the report (node order). */
  readonly index: number;
  /** The layer's node in the variant's graph (ids of named nodes survive quantization; else by name). */
  readonly nodeId: string;
  readonly name: string;
  readonly op: string;
  readonly tensor: string;
  readonly dtype: string;
  /** dB; Infinity when the stored values are exact. */
  readonly sqnrDb: number;
}

function nodeFor(graph: GraphView, layer: LayerReport): string {
  if (graph.nodes.some((n) => n.id === layer.nodeId)) return layer.nodeId;
  const named = layer.name ? graph.nodes.find((n) => n.kind === 'op' && n.name === layer.name) : undefined;
  return named?.id ?? layer.nodeId;
}

/** The quantized weights (biases and layers kept in float left out), in node order. */
export function sqnrSeries(report: QuantizeReport, graph: GraphView): SqnrPoint[] {
  const out: SqnrPoint[] = [];
  report.layers.forEach((layer, index) => {
    if (layer.role !== 'weight' || layer.keptFloat) return;
    out.push({
      index,
      nodeId: nodeFor(graph, layer),
      name: layer.name || layer.nodeId,
      op: layer.op,
      tensor: layer.tensor,
      dtype: layer.dtype,
      sqnrDb: layer.sqnrDb,
    });
  });
  return out;
}

/** The quantized weight with the lowest SQNR (the layer quantization hurt most). */
export function worstLayer(points: readonly SqnrPoint[]): SqnrPoint | undefined {
  let worst: SqnrPoint | undefined;
  for (const p of points) if (!worst || p.sqnrDb < worst.sqnrDb) worst = p;
  return worst;
}

/** SQNR as text: `41.0 dB`, or `exact` for error-free values. */
export function formatDb(db: number): string {
  return Number.isFinite(db) ? `${db.toFixed(1)} dB` : 'exact';
}

/**
 * A colour band for an SQNR: above 30 dB the rounding noise is small for most models, 20–30 dB is worth
 * checking against accuracy, below 20 dB the layer likely hurts.
 */
export function sqnrBand(db: number): 'good' | 'fair' | 'poor' {
  return db >= 30 ? 'good' : db >= 20 ? 'fair' : 'poor';
}

/** The colour of each SQNR band in the charts. */
export const SQNR_BAND_COLOR = { good: '#2f9e6e', fair: '#d99a1e', poor: '#d8434f' } as const;

// Exact values (Infinity dB) are drawn just above the tallest finite bar.
const EXACT_HEADROOM = 1.1;

/** The bar height for each SQNR in dB: negatives at 0, exact ones just above the tallest finite bar. */
export function sqnrBarHeights(dbs: readonly number[]): number[] {
  const finite = dbs.filter(Number.isFinite);
  const top = finite.length ? Math.max(...finite) * EXACT_HEADROOM : 60;
  return dbs.map((db) => (Number.isFinite(db) ? Math.max(0, db) : top));
}
