// What the layer comparison draws: which two members it compares by default, its chart rows (the engine's
// per-layer changes joined with each side's MACs), and the graph colouring for B.
import type { LayerChange, LayerRow, MemberComparison, ModelId, ModelSummary } from '../../../workers/protocol';
import type { GraphTint } from '../../store';
import type { VariantEntry } from '../../store/types';

/** Marks the graph colourings this view sets (the analysis slice's GraphTint.source). */
export const TINT_SOURCE = 'compare';

export interface Pair {
  readonly a: ModelId;
  readonly b: ModelId;
}

/**
 * The members compared: the chosen ones while they are in the family, else the member shown (B) against
 * the model it was made from (A); when the original is shown, the newest variant against the original.
 * Undefined for a family of one.
 */
export function comparePair(
  family: readonly VariantEntry[],
  shownId: ModelId | undefined,
  chosen: { readonly a: ModelId | null; readonly b: ModelId | null },
): Pair | undefined {
  if (family.length < 2) return undefined;
  const has = (id: ModelId | null): id is ModelId => id !== null && family.some((v) => v.id === id);
  const original = family[0]!;
  const shown = family.find((v) => v.id === shownId);
  const b = has(chosen.b) ? chosen.b : shown && shown !== original ? shown.id : family[family.length - 1]!.id;
  const parent = family.find((v) => v.id === b)?.model.variant?.parentId;
  const a = has(chosen.a) ? chosen.a : parent !== undefined && has(parent) ? parent : original.id;
  return { a, b };
}

/** One layer of the charts: the engine's figures and each side's MACs, at its position in B's order. */
export interface ComparePoint extends LayerChange {
  readonly index: number;
  /** The node a bar selects: B's (the member the graph will show), else A's. */
  readonly nodeId: string;
  readonly macsA: number;
  readonly macsB: number;
  /** Zero weights in percent on each side, when known. */
  readonly zerosA?: number;
  readonly zerosB?: number;
  /** ‖B − A‖ / ‖A‖ in percent, when known. */
  readonly changePct?: number;
}

function macsById(summary: ModelSummary | undefined): Map<string, LayerRow> {
  return new Map((summary?.layers ?? []).map((l) => [l.nodeId, l]));
}

/** The comparison's layers as chart rows, with MACs read from each side's layer rows by node id. */
export function comparePoints(
  comparison: MemberComparison,
  summaryA: ModelSummary | undefined,
  summaryB: ModelSummary | undefined,
): ComparePoint[] {
  const rowsA = macsById(summaryA);
  const rowsB = macsById(summaryB);
  return comparison.layers.map((l, index) => ({
    ...l,
    index,
    nodeId: l.nodeIdB ?? l.nodeIdA ?? '',
    macsA: l.nodeIdA !== undefined ? (rowsA.get(l.nodeIdA)?.macs ?? 0) : 0,
    macsB: l.nodeIdB !== undefined ? (rowsB.get(l.nodeIdB)?.macs ?? 0) : 0,
    ...(l.sparsityA !== undefined ? { zerosA: 100 * l.sparsityA } : {}),
    ...(l.sparsityB !== undefined ? { zerosB: 100 * l.sparsityB } : {}),
    ...(l.change !== undefined && Number.isFinite(l.change) ? { changePct: 100 * l.change } : {}),
  }));
}

/** The rows a chart of one figure shows: layers where either side has some of it. */
export function pointsWith(points: readonly ComparePoint[], figure: 'weights' | 'macs' | 'zeros' | 'change') {
  switch (figure) {
    case 'weights':
      return points.filter((p) => p.weightBytesA > 0 || p.weightBytesB > 0);
    case 'macs':
      return points.filter((p) => p.macsA > 0 || p.macsB > 0);
    case 'zeros':
      return points.filter((p) => p.zerosA !== undefined || p.zerosB !== undefined);
    case 'change':
      return points.filter((p) => p.changePct !== undefined);
  }
}

/**
 * The graph colouring of B by how far each layer's weight moved from A (in %): the largest change is the
 * red end of the scale, no change the other.
 */
export function changeTint(comparison: MemberComparison, labelA: string, labelB: string): GraphTint | undefined {
  const values: Record<string, number> = {};
  let max = 0;
  for (const l of comparison.layers) {
    if (l.nodeIdB === undefined || l.change === undefined || !Number.isFinite(l.change)) continue;
    values[l.nodeIdB] = 100 * l.change;
    max = Math.max(max, 100 * l.change);
  }
  if (Object.keys(values).length === 0) return undefined;
  return {
    modelId: comparison.bId,
    title: `Weight change, ${labelB} vs ${labelA} (‖B − A‖ / ‖A‖, %)`,
    values,
    // `low` is drawn as the worst end: the layer that moved most.
    low: max > 0 ? max : 1,
    high: 0,
    unit: '%',
    source: TINT_SOURCE,
  };
}
