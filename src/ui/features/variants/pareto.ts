// The Pareto front of the family: the members no other member beats on both cost (bytes: smaller is
// better) and accuracy (larger is better). Everything off the front has a member that is at least as small
// and at least as accurate, and strictly better on one of the two.
import type { ModelId } from '../../../workers/protocol';
import type { VariantRow } from './table-rows';

/** What the chart puts on its x axis: the stored file, or the peak activation memory. */
export type CostAxis = 'size' | 'peak';

export interface ParetoPoint {
  readonly id: ModelId;
  readonly label: string;
  /** Bytes (file size or peak activation memory). */
  readonly x: number;
  /** Top-1 accuracy, 0..1. */
  readonly y: number;
  readonly onFront: boolean;
}

/** True when `p` is at least as good as `q` on both axes and strictly better on one. */
export function dominates(p: { x: number; y: number }, q: { x: number; y: number }): boolean {
  return p.x <= q.x && p.y >= q.y && (p.x < q.x || p.y > q.y);
}

/**
 * Indices of the points on the front, sorted by x ascending (the order the front's line is drawn in).
 * Sorting by x then accuracy descending, a point is on the front when it is more accurate than every
 * point before it, or an exact duplicate of the last point taken (neither dominates the other).
 */
export function paretoFront(points: readonly { x: number; y: number }[]): number[] {
  const order = points.map((_, i) => i).sort((a, b) => points[a]!.x - points[b]!.x || points[b]!.y - points[a]!.y);
  const front: number[] = [];
  let best = -Infinity;
  for (const i of order) {
    const p = points[i]!;
    const last = front.length ? points[front[front.length - 1]!]! : undefined;
    if (p.y > best || (last && last.x === p.x && last.y === p.y)) {
      front.push(i);
      best = Math.max(best, p.y);
    }
  }
  return front;
}

/** The chart's points (evaluated members) and the members it cannot place yet (no accuracy). */
export function paretoPoints(
  rows: readonly VariantRow[],
  axis: CostAxis,
): { points: ParetoPoint[]; front: ParetoPoint[]; missing: VariantRow[] } {
  const placed = rows.filter((r) => r.top1 !== undefined);
  const raw = placed.map((r) => ({ x: axis === 'size' ? r.fileBytes : r.peakBytes, y: r.top1! }));
  const frontIdx = paretoFront(raw);
  const on = new Set(frontIdx);
  const points = placed.map((r, i) => ({ id: r.id, label: r.label, ...raw[i]!, onFront: on.has(i) }));
  return {
    points,
    front: frontIdx.map((i) => points[i]!),
    missing: rows.filter((r) => r.top1 === undefined),
  };
}
