// Positions for an edited graph before (or instead of) a fresh layout: nodes that were already there keep
// where they were, so an edit never makes the picture jump; new nodes go beside what they read.
import type { GraphView, LayoutResult } from '../../../workers/protocol';

/** Room between a new node and the node it is placed after. */
const GAP = 36;

type Point = readonly [number, number];

function positionsById(graph: GraphView, layout: LayoutResult): Map<string, Point> {
  const at = new Map<string, Point>();
  graph.nodes.forEach((n, i) => at.set(n.id, [layout.positions[2 * i] ?? 0, layout.positions[2 * i + 1] ?? 0]));
  return at;
}

/**
 * A layout of `next` that keeps the positions `layout` gave the nodes of `previous`. A new node is placed
 * after a node it reads (below it top-to-bottom, right of it left-to-right), else before a node reading it,
 * else under everything.
 */
export function carryLayout(previous: GraphView, layout: LayoutResult, next: GraphView): LayoutResult {
  const at = positionsById(previous, layout);
  const size = new Map(next.nodes.map((n) => [n.id, n] as const));
  const vertical = layout.direction === 'TB';
  const missing = next.nodes.filter((n) => !at.has(n.id));
  // New nodes may read each other (a chain added at once): place them as their neighbours get places.
  for (let pass = 0; pass < missing.length && missing.some((n) => !at.has(n.id)); pass++) {
    for (const node of missing) {
      if (at.has(node.id)) continue;
      const from = next.edges.find((e) => e.target === node.id && at.has(e.source));
      const to = next.edges.find((e) => e.source === node.id && at.has(e.target));
      if (from) {
        const [x, y] = at.get(from.source)!;
        const source = size.get(from.source);
        at.set(node.id, vertical ? [x, y + (source?.height ?? 0) + GAP] : [x + (source?.width ?? 0) + GAP, y]);
      } else if (to) {
        const [x, y] = at.get(to.target)!;
        at.set(node.id, vertical ? [x, y - node.height - GAP] : [x - node.width - GAP, y]);
      }
    }
  }
  let width = layout.width;
  let height = layout.height;
  for (const node of missing) {
    if (!at.has(node.id)) at.set(node.id, vertical ? [0, height + GAP] : [width + GAP, 0]);
    const [x, y] = at.get(node.id)!;
    width = Math.max(width, x + node.width);
    height = Math.max(height, y + node.height);
  }
  const positions = new Float64Array(2 * next.nodes.length);
  next.nodes.forEach((n, i) => {
    const [x, y] = at.get(n.id)!;
    positions[2 * i] = x;
    positions[2 * i + 1] = y;
  });
  return { ...layout, modelId: next.modelId, positions, width, height, elapsedMs: 0 };
}

/** True when both graphs have the same nodes and the same connections (names and attributes may differ). */
export function sameTopology(a: GraphView, b: GraphView): boolean {
  if (a.nodes.length !== b.nodes.length || a.edges.length !== b.edges.length) return false;
  const ids = new Set(a.nodes.map((n) => n.id));
  if (!b.nodes.every((n) => ids.has(n.id))) return false;
  const key = (e: GraphView['edges'][number]) => `${e.source}\u0000${e.target}`;
  const edges = a.edges.map(key).sort();
  return b.edges
    .map(key)
    .sort()
    .every((k, i) => k === edges[i]);
}

/**
 * The node the view should hold still across an edit: the selected node if it survives, else the surviving
 * node nearest to where the selection (or the first affected node) was. Undefined when nothing survives.
 */
export function anchorNode(
  previous: GraphView,
  layout: LayoutResult,
  next: GraphView,
  hints: readonly (string | null)[],
): string | undefined {
  const kept = new Set(next.nodes.map((n) => n.id));
  const at = positionsById(previous, layout);
  const direct = hints.find((id): id is string => id !== null && kept.has(id) && at.has(id));
  if (direct) return direct;
  const target = hints.map((id) => (id === null ? undefined : at.get(id))).find((p) => p !== undefined);
  if (!target) return previous.nodes.find((n) => kept.has(n.id))?.id;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const [id, [x, y]] of at) {
    if (!kept.has(id)) continue;
    const distance = Math.hypot(x - target[0], y - target[1]);
    if (distance < bestDistance) {
      best = id;
      bestDistance = distance;
    }
  }
  return best;
}
