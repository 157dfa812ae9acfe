import { getViewportForBounds, useReactFlow, useStore as useFlowStore, useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import type { GraphView, LayoutResult } from '../../../workers/protocol';
import { studioStore } from '../../store';
import { nodeCentre } from './to-flow';
import { OVERVIEW_MIN_NODES, OVERVIEW_ZOOM } from './zoom-levels';

const FIT_PADDING = 0.04;
const MAX_FIT_ZOOM = 1.25;
/** A graph that would be drawn smaller than this when fitted opens at its start, readable, instead. */
const MIN_READABLE_ZOOM = 0.35;
const START_ZOOM = 0.85;
const FOCUS_ZOOM = 1;

/**
 * Moves the viewport: a sensible first view of each new layout (one an edit made keeps the view), fit-to-view
 * on request (F), and centring on the node a search hit, chart click or keyboard action asked for. Lives
 * inside <ReactFlow>.
 */
export function ViewportController({ graph, layout }: { graph: GraphView; layout: LayoutResult }) {
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  const width = useFlowStore((s) => s.width);
  const height = useFlowStore((s) => s.height);
  const shown = useRef<LayoutResult | null>(null);

  // First view of a layout: the selected node if there is one (a direction toggle keeps it in view), else
  // the whole graph when it stays readable, else its start (top or left).
  useEffect(() => {
    if (shown.current === layout || width === 0 || height === 0) return;
    const before = shown.current;
    shown.current = layout;
    // A layout an edit made keeps the view (once there is one): only the shift of the node it holds still
    // is followed.
    const anchor = studioStore.getState().viewAnchor;
    if (anchor?.layout === layout && before !== null) {
      const now = anchor.nodeId === null ? undefined : nodeCentre(graph, layout, anchor.nodeId);
      if (now && (now.x !== anchor.x || now.y !== anchor.y)) {
        const { x, y, zoom } = flow.getViewport();
        void flow.setViewport({ x: x - (now.x - anchor.x) * zoom, y: y - (now.y - anchor.y) * zoom, zoom });
      }
      return;
    }
    const selected = studioStore.getState().selectedNodeId;
    const centre = selected === null ? undefined : nodeCentre(graph, layout, selected);
    if (centre) {
      void flow.setCenter(centre.x, centre.y, { zoom: Math.max(flow.getZoom(), FOCUS_ZOOM) });
      return;
    }
    const bounds = { x: 0, y: 0, width: Math.max(1, layout.width), height: Math.max(1, layout.height) };
    const fit = getViewportForBounds(bounds, width, height, 0.01, MAX_FIT_ZOOM, FIT_PADDING);
    if (fit.zoom >= MIN_READABLE_ZOOM) {
      void flow.setViewport(fit);
      return;
    }
    const zoom = START_ZOOM;
    const margin = 24;
    const viewport =
      layout.direction === 'TB'
        ? { x: width / 2 - firstCentre(graph, layout, 'x') * zoom, y: margin, zoom }
        : { x: margin, y: height / 2 - firstCentre(graph, layout, 'y') * zoom, zoom };
    void flow.setViewport(viewport);
  }, [flow, graph, layout, width, height]);

  // Fit requests (F key, toolbar button).
  useEffect(
    () =>
      studioStore.subscribe(
        (s) => s.fitSeq,
        () => {
          const bounds = { x: 0, y: 0, width: Math.max(1, layout.width), height: Math.max(1, layout.height) };
          const { width: w, height: h } = flowStore.getState();
          const target = getViewportForBounds(bounds, w, h, 0.01, MAX_FIT_ZOOM, FIT_PADDING);
          const big = graph.nodes.length > OVERVIEW_MIN_NODES;
          if (!big || target.zoom >= OVERVIEW_ZOOM) {
            void flow.setViewport(target, { duration: big ? 0 : 250 });
            return;
          }
          // Far out on a big graph: switch to the canvas overview first, so React Flow drops its DOM nodes
          // before the jump (otherwise the frame at the new zoom would mount every node at once).
          studioStore.getState().setForceOverview(true);
          afterFrames(2, () => {
            void flow.setViewport(target);
            afterFrames(1, () => studioStore.getState().setForceOverview(false));
          });
        },
      ),
    [flow, flowStore, graph, layout],
  );

  // Focus requests: centre the node, zooming in if the view is too far out to read it.
  useEffect(
    () =>
      studioStore.subscribe(
        (s) => s.focus,
        (focus) => {
          if (!focus) return;
          const centre = nodeCentre(graph, layout, focus.nodeId);
          if (!centre) return;
          const zoom = Math.max(flow.getZoom(), FOCUS_ZOOM);
          // Short hops animate; long jumps cut, so the frames in between do not mount every node passed.
          const { transform, width: w, height: h } = flowStore.getState();
          const [tx, ty, k] = transform;
          const here = { x: (w / 2 - tx) / k, y: (h / 2 - ty) / k };
          const far = Math.hypot(centre.x - here.x, centre.y - here.y) > (1.5 * Math.max(w, h)) / k;
          void flow.setCenter(centre.x, centre.y, { zoom, duration: far ? 0 : 300 });
        },
      ),
    [flow, flowStore, graph, layout],
  );

  return null;
}

/** Coordinate of the centre of the graph's first node along an axis (inputs come first). */
function firstCentre(graph: GraphView, layout: LayoutResult, axis: 'x' | 'y'): number {
  const first = graph.nodes[0];
  if (!first) return 0;
  return axis === 'x' ? (layout.positions[0] ?? 0) + first.width / 2 : (layout.positions[1] ?? 0) + first.height / 2;
}

function afterFrames(n: number, run: () => void): void {
  if (n <= 0) run();
  else requestAnimationFrame(() => afterFrames(n - 1, run));
}
