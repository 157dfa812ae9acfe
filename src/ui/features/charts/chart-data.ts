import type { LayerRow } from '../../../workers/protocol';

export interface LayerPoint {
  /** Position of the layer in the model's node order. */
  readonly index: number;
  readonly nodeId: string;
  readonly name: string;
  readonly op: string;
  readonly value: number;
}

/**
 * Layers with a non-zero value of `metric`, in node order: one bar each. Past `maxBars` layers (a bar would
 * be narrower than a pixel) consecutive layers share a slot and the largest of them stands for the slot:
 * every bar is still a real layer, and the big ones, the ones worth clicking, are never hidden.
 */
export function layerSeries(layers: readonly LayerRow[], metric: 'weightBytes' | 'macs', maxBars = 120): LayerPoint[] {
  const all: LayerPoint[] = [];
  layers.forEach((layer, index) => {
    const value = layer[metric];
    if (value > 0) all.push({ index, nodeId: layer.nodeId, name: layer.name, op: layer.op, value });
  });
  return thin(all, maxBars, (p) => p.value);
}

/** At most `max` items: consecutive buckets, each represented by its largest item (in original order). */
function thin<T>(items: readonly T[], max: number, value: (item: T) => number): T[] {
  if (items.length <= max) return [...items];
  const out: T[] = [];
  const size = items.length / max;
  for (let b = 0; b < max; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(items.length, Math.floor((b + 1) * size));
    let best = items[from]!;
    for (let i = from + 1; i < to; i++) if (value(items[i]!) > value(best)) best = items[i]!;
    out.push(best);
  }
  return out;
}

export interface TimelinePoint {
  readonly step: number;
  readonly bytes: number;
  readonly nodeId: string;
}

/**
 * The memory timeline as chart points. Past `maxPoints` steps it is thinned to one point per bucket, the
 * bucket's largest value at its own step: the peak always survives and the curve keeps its envelope.
 */
export function timelineSeries(
  timeline: ArrayLike<number>,
  stepNodeIds: readonly string[],
  maxPoints = 300,
): TimelinePoint[] {
  const points = Array.from({ length: timeline.length }, (_, step) => ({
    step,
    bytes: timeline[step] ?? 0,
    nodeId: stepNodeIds[step] ?? '',
  }));
  return thin(points, maxPoints, (p) => p.bytes);
}

/** The data point under a chart tooltip, when the tooltip is showing. */
export function tipPoint<T>(tip: { readonly active?: boolean; readonly payload?: readonly unknown[] }): T | undefined {
  if (!tip.active) return undefined;
  const entry = tip.payload?.[0] as { payload?: T } | undefined;
  return entry?.payload;
}
