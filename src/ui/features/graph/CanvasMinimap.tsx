import { Panel, useReactFlow, useStore as useFlowStore } from '@xyflow/react';
import { memo, useEffect, useRef, type PointerEvent } from 'react';
import type { GraphView, LayoutResult } from '../../../workers/protocol';
import { FAMILY_STYLE, IO_COLOR } from './families';

const WIDTH = 180;
const HEIGHT = 140;
const PAD = 6;

interface Fit {
  readonly scale: number;
  readonly dx: number;
  readonly dy: number;
}

function fitOf(layout: LayoutResult): Fit {
  const scale = Math.min(
    (WIDTH - 2 * PAD) / Math.max(1, layout.width),
    (HEIGHT - 2 * PAD) / Math.max(1, layout.height),
  );
  return {
    scale,
    dx: (WIDTH - layout.width * scale) / 2,
    dy: (HEIGHT - layout.height * scale) / 2,
  };
}

/**
 * An overview of the whole graph drawn on one canvas (React Flow's SVG minimap keeps one component per node,
 * which costs too much on graphs with thousands of nodes), with the visible area outlined. Clicking or
 * dragging on it moves the view there.
 */
export const CanvasMinimap = memo(function CanvasMinimap({
  graph,
  layout,
}: {
  graph: GraphView;
  layout: LayoutResult;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const flow = useReactFlow();
  const [tx, ty, zoom] = useFlowStore((s) => s.transform);
  const paneWidth = useFlowStore((s) => s.width);
  const paneHeight = useFlowStore((s) => s.height);
  const fit = fitOf(layout);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const ratio = window.devicePixelRatio || 1;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    const { scale, dx, dy } = fitOf(layout);
    graph.nodes.forEach((node, i) => {
      ctx.fillStyle = node.kind === 'op' ? FAMILY_STYLE[node.family].color : IO_COLOR;
      const x = dx + (layout.positions[2 * i] ?? 0) * scale;
      const y = dy + (layout.positions[2 * i + 1] ?? 0) * scale;
      ctx.fillRect(x, y, Math.max(1, node.width * scale), Math.max(1, node.height * scale));
    });
  }, [graph, layout]);

  // The visible area in minimap pixels.
  const view = {
    left: fit.dx + (-tx / zoom) * fit.scale,
    top: fit.dy + (-ty / zoom) * fit.scale,
    width: (paneWidth / zoom) * fit.scale,
    height: (paneHeight / zoom) * fit.scale,
  };

  const moveTo = (event: PointerEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = (event.clientX - rect.left - fit.dx) / fit.scale;
    const y = (event.clientY - rect.top - fit.dy) / fit.scale;
    void flow.setCenter(x, y, { zoom: flow.getZoom() });
  };

  const ratio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  return (
    <Panel position="bottom-right">
      <div
        className="sd-minimap"
        role="img"
        aria-label="Minimap"
        data-testid="minimap"
        style={{ width: WIDTH, height: HEIGHT }}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          moveTo(event);
        }}
        onPointerMove={(event) => {
          if (event.buttons === 1) moveTo(event);
        }}
      >
        <canvas ref={canvas} width={WIDTH * ratio} height={HEIGHT * ratio} style={{ width: WIDTH, height: HEIGHT }} />
        <div
          className="sd-minimap__view"
          style={{
            left: view.left,
            top: view.top,
            width: Math.max(4, view.width),
            height: Math.max(4, view.height),
          }}
        />
      </div>
    </Panel>
  );
});
