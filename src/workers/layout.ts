import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api';
import type { GraphView, LayoutDirection, LayoutResult } from './protocol';

/** Above this many nodes ELK runs with its fast settings (full quality takes seconds on DenseNet-121). */
export const FAST_LAYOUT_NODES = 400;
/** Above this many nodes ELK is skipped for the simple layered fallback. */
export const FALLBACK_LAYOUT_NODES = 6000;

const SPACING = {
  // Between nodes of one layer, and between layers (room for the shape labels on edges).
  TB: { node: 28, layer: 40 },
  LR: { node: 22, layer: 84 },
};

const BASE: LayoutOptions = {
  'elk.algorithm': 'layered',
  // Keep the model's node order where it does not cost crossings: the picture then reads like the file.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

// Measured on light_densenet121 (1,748 view nodes, Node 20, 2 busy cores): ELK's defaults take 3-5 s;
// thoroughness 1 without the greedy switch takes ~1-1.6 s, Brandes-Köpf placement kept (linear segments
// was slower there, 1.5-4.7 s). Quality stays close: the graph is mostly one long chain.
const FAST: LayoutOptions = {
  'elk.layered.thoroughness': '1',
  'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
};

let elk: InstanceType<typeof ELK> | undefined;

export interface LayoutOptionsIn {
  /** Force an algorithm (tests, benchmarks); default chooses by graph size. */
  readonly algorithm?: LayoutResult['algorithm'];
}

/** Positions for every node of `view`, laid out in layers along `direction`. */
export async function layoutGraph(
  view: GraphView,
  direction: LayoutDirection,
  options: LayoutOptionsIn = {},
): Promise<LayoutResult> {
  const started = performance.now();
  const n = view.nodes.length;
  const algorithm =
    options.algorithm ?? (n > FALLBACK_LAYOUT_NODES ? 'fallback' : n > FAST_LAYOUT_NODES ? 'elk-fast' : 'elk-layered');
  let placed: Placed | undefined;
  if (algorithm !== 'fallback') {
    try {
      placed = await elkLayout(view, direction, algorithm === 'elk-fast');
    } catch {
      // ELK rejects some inputs (it is Java compiled to JS); a readable fallback beats no graph.
      placed = undefined;
    }
  }
  const result = placed ?? simpleLayout(view, direction);
  return {
    modelId: view.modelId,
    direction,
    positions: result.positions,
    width: result.width,
    height: result.height,
    algorithm: placed ? algorithm : 'fallback',
    elapsedMs: performance.now() - started,
  };
}

interface Placed {
  readonly positions: Float64Array;
  readonly width: number;
  readonly height: number;
}

async function elkLayout(view: GraphView, direction: LayoutDirection, fast: boolean): Promise<Placed> {
  elk ??= new ELK();
  const spacing = SPACING[direction];
  const indexOf = new Map(view.nodes.map((node, i) => [node.id, i]));
  const children: ElkNode[] = view.nodes.map((node, i) => ({ id: `n${i}`, width: node.width, height: node.height }));
  const edges: ElkExtendedEdge[] = [];
  for (const edge of view.edges) {
    const s = indexOf.get(edge.source);
    const t = indexOf.get(edge.target);
    if (s !== undefined && t !== undefined) edges.push({ id: edge.id, sources: [`n${s}`], targets: [`n${t}`] });
  }
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      ...BASE,
      ...(fast ? FAST : {}),
      'elk.direction': direction === 'TB' ? 'DOWN' : 'RIGHT',
      'elk.spacing.nodeNode': String(spacing.node),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(spacing.layer),
      'elk.spacing.componentComponent': String(spacing.layer),
    },
    children,
    edges,
  };
  const laid = await elk.layout(root);
  const positions = new Float64Array(view.nodes.length * 2);
  for (const child of laid.children ?? []) {
    const i = Number(child.id.slice(1));
    positions[2 * i] = child.x ?? 0;
    positions[2 * i + 1] = child.y ?? 0;
  }
  return { positions, width: laid.width ?? 0, height: laid.height ?? 0 };
}

/**
 * Longest-path layering in node order: each node one layer below its deepest predecessor, nodes of a layer
 * side by side. Linear time; used past ELK's comfortable size or when ELK fails.
 */
export function simpleLayout(view: GraphView, direction: LayoutDirection): Placed {
  const spacing = SPACING[direction];
  const indexOf = new Map(view.nodes.map((node, i) => [node.id, i]));
  const preds: number[][] = view.nodes.map(() => []);
  for (const edge of view.edges) {
    const s = indexOf.get(edge.source);
    const t = indexOf.get(edge.target);
    if (s !== undefined && t !== undefined) preds[t]!.push(s);
  }
  const layer = new Int32Array(view.nodes.length);
  const layers: number[][] = [];
  for (const i of topologicalOrder(preds)) {
    layer[i] = preds[i]!.reduce((m, p) => Math.max(m, layer[p]! + 1), 0);
    (layers[layer[i]!] ??= []).push(i);
  }
  const positions = new Float64Array(view.nodes.length * 2);
  const along = direction === 'TB' ? 'height' : 'width';
  const across = direction === 'TB' ? 'width' : 'height';
  let offset = 0;
  let extent = 0;
  const rows: { members: number[]; span: number }[] = [];
  for (const members of layers) {
    if (!members) continue;
    let cross = 0;
    let thickness = 0;
    for (const i of members) {
      const node = view.nodes[i]!;
      positions[2 * i + (direction === 'TB' ? 0 : 1)] = cross;
      positions[2 * i + (direction === 'TB' ? 1 : 0)] = offset;
      cross += node[across] + spacing.node;
      thickness = Math.max(thickness, node[along]);
    }
    rows.push({ members, span: cross - spacing.node });
    extent = Math.max(extent, cross - spacing.node);
    offset += thickness + spacing.layer;
  }
  // Centre each layer on the widest one.
  for (const { members, span } of rows) {
    const shift = (extent - span) / 2;
    for (const i of members) positions[2 * i + (direction === 'TB' ? 0 : 1)]! += shift;
  }
  const length = Math.max(0, offset - spacing.layer);
  return direction === 'TB'
    ? { positions, width: extent, height: length }
    : { positions, width: length, height: extent };
}

/** Kahn's algorithm, lowest index first among ready nodes; nodes on cycles follow in index order. */
function topologicalOrder(preds: readonly (readonly number[])[]): number[] {
  const n = preds.length;
  const indegree = new Int32Array(n);
  const succs: number[][] = preds.map(() => []);
  preds.forEach((ps, t) => {
    for (const s of ps) {
      succs[s]!.push(t);
      indegree[t]!++;
    }
  });
  const order: number[] = [];
  const placed = new Uint8Array(n);
  const ready: number[] = [];
  for (let i = n - 1; i >= 0; i--) if (indegree[i] === 0) ready.push(i);
  while (ready.length > 0) {
    const v = ready.pop()!;
    placed[v] = 1;
    order.push(v);
    for (const t of succs[v]!) if (--indegree[t]! === 0) ready.push(t);
  }
  for (let i = 0; i < n; i++) if (!placed[i]) order.push(i);
  return order;
}
