// Before/after histograms of one layer's weight: the variant's values against its parent's, on bins both
// share, with the values the variant was restricted to (cluster centroids, or the quantization grid).
import {
  formatShape,
  histogramCounts,
  realValues,
  type Graph,
  type Quantization,
  type StepReport,
  type Tensor,
} from '../core';
import type { ModelId, WeightComparison, WeightSummary, WeightTensorView } from './protocol';
import { counterpart, layerNode, nodeWeight } from './weight-layers';

/** Grid lines past this many are too dense to draw (a 16-bit grid over the whole range). */
const MAX_GRID_LINES = 512;
/** Distinct values are counted up to this many. */
const DISTINCT_CAP = 4096;

export interface CompareInput {
  readonly modelId: ModelId;
  readonly parentId: ModelId;
  readonly graph: Graph;
  readonly parentGraph: Graph;
  readonly nodeId: string;
  readonly bins: number;
  /** The recipe's step reports, when the variant came from a recipe (for the cluster centroids). */
  readonly steps?: readonly StepReport[];
}

function summary(values: Float64Array): WeightSummary {
  let zeros = 0;
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  const distinct = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    count++;
    if (v === 0) zeros++;
    if (v < min) min = v;
    if (v > max) max = v;
    if (distinct.size <= DISTINCT_CAP) distinct.add(v);
  }
  return count ? { count, zeros, min, max, distinct: distinct.size } : { count, zeros, min: 0, max: 0, distinct: 0 };
}

/**
 * The centroids the last cluster step gave this layer, when they are real values: per-axis quantized weights
 * are clustered in grid steps of each channel's scale (`gridUnits`), which the quantization grid shows instead.
 */
function centroidsOf(
  steps: readonly StepReport[] | undefined,
  nodeId: string,
  name: string,
): { values: readonly number[]; step: number } | undefined {
  let found: { values: readonly number[]; step: number } | undefined;
  for (const step of steps ?? []) {
    if (step.kind !== 'cluster' || !('report' in step)) continue;
    const layer = step.report.layers.find((l) => !l.skipped && (l.nodeId === nodeId || (name && l.name === name)));
    if (layer) found = layer.gridUnits ? undefined : { values: layer.centroids, step: step.index };
  }
  return found;
}

/**
 * The real values q can stand for inside [lo, hi]: scale × (q − zero point) for whole q. Per-channel
 * weights have one grid per channel; the widest (largest scale) is drawn, as the coarsest.
 */
function gridOf(quant: Quantization, lo: number, hi: number): WeightComparison['markers'] {
  let c = 0;
  quant.scale.forEach((s, i) => {
    if (s > quant.scale[c]!) c = i;
  });
  const scale = quant.scale[c] ?? 0;
  const zero = quant.zeroPoint[c] ?? quant.zeroPoint[0] ?? 0;
  if (!(scale > 0)) return undefined;
  const from = Math.ceil(lo / scale + zero);
  const to = Math.floor(hi / scale + zero);
  if (to - from + 1 > MAX_GRID_LINES) return undefined;
  const values: number[] = [];
  for (let q = from; q <= to; q++) values.push(scale * (q - zero));
  const channels = quant.scale.length;
  const note =
    channels > 1
      ? `Quantization grid of channel ${c} (the widest of ${channels}): scale ${scale.toPrecision(3)}, zero point ${zero}.`
      : `Quantization grid: scale ${scale.toPrecision(3)}, zero point ${zero}.`;
  return { kind: 'grid', values, note };
}

function tensorRef(t: Tensor): WeightTensorView {
  return { id: t.id, name: t.name, dtype: t.dtype, shapeText: formatShape(t.shape) };
}

/** The comparison for a node of a variant, or null when it has no weight or no counterpart in the parent. */
export function compareWeights(input: CompareInput): WeightComparison | null {
  const node = layerNode(input.graph, input.nodeId);
  const after = node ? nodeWeight(input.graph, node) : undefined;
  const parentNode = node ? counterpart(input.parentGraph, node) : undefined;
  const before = parentNode ? nodeWeight(input.parentGraph, parentNode) : undefined;
  if (!node || !after || !before) return null;
  const a = realValues(after.tensor);
  const b = realValues(before.tensor);
  if (!a || !b) return null;
  const afterSummary = summary(a.values);
  const beforeSummary = summary(b.values);
  const lo0 = Math.min(afterSummary.min, beforeSummary.min);
  const hi0 = Math.max(afterSummary.max, beforeSummary.max);
  // A constant weight gets a unit-wide range so every bin has a width (as the inspector's statistics do).
  const lo = lo0 === hi0 ? lo0 - 0.5 : lo0;
  const hi = lo0 === hi0 ? hi0 + 0.5 : hi0;
  const bins = Math.max(1, Math.floor(input.bins));
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + ((hi - lo) * i) / bins));
  const centroids = centroidsOf(input.steps, node.id, node.name);
  const markers: WeightComparison['markers'] = centroids
    ? {
        kind: 'centroids',
        values: [...centroids.values],
        note: `${centroids.values.length} centroids of step ${centroids.step + 1} (cluster): every non-zero weight is one of them.`,
      }
    : after.tensor.quant && after.tensor.quant.scale.length > 0
      ? gridOf(after.tensor.quant, lo, hi)
      : undefined;
  return {
    modelId: input.modelId,
    parentId: input.parentId,
    nodeId: node.id,
    tensor: tensorRef(after.tensor),
    parentTensor: tensorRef(before.tensor),
    edges,
    before: histogramCounts(b.values, lo, hi, bins),
    after: histogramCounts(a.values, lo, hi, bins),
    beforeSummary,
    afterSummary,
    ...(markers ? { markers } : {}),
  };
}
