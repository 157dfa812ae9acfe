import { useStore as useFlowStore } from '@xyflow/react';
import { memo, useEffect, useRef } from 'react';
import type { GraphView, LayoutResult } from '../../../workers/protocol';
import { useStudio } from '../../store';
import { FAMILY_STYLE, IO_COLOR } from './families';
import { activeTint, tintColor } from './tint';

/**
 * The whole graph drawn on one canvas, used instead of React Flow's DOM nodes when zoomed far out on a big
 * graph: thousands of nodes on screen at once would each be a DOM subtree (and a long task to mount),
 * while here they cost a rectangle each per frame.
 */
export const OverviewLayer = memo(function OverviewLayer({
  graph,
  layout,
}: {
  graph: GraphView;
  layout: LayoutResult;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [tx, ty, zoom] = useFlowStore((s) => s.transform);
  const width = useFlowStore((s) => s.width);
  const height = useFlowStore((s) => s.height);
  const selected = useStudio((s) => s.selectedNodeId);
  const tint = useStudio(activeTint);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    if (el.width !== Math.round(width * ratio)) el.width = Math.round(width * ratio);
    if (el.height !== Math.round(height * ratio)) el.height = Math.round(height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.setTransform(ratio * zoom, 0, 0, ratio * zoom, ratio * tx, ratio * ty);
    const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
    const vertical = layout.direction === 'TB';
    const x = (i: number) => layout.positions[2 * i] ?? 0;
    const y = (i: number) => layout.positions[2 * i + 1] ?? 0;
    // Edges first, as straight lines between the attachment points.
    ctx.beginPath();
    for (const edge of graph.edges) {
      const s = index.get(edge.source);
      const t = index.get(edge.target);
      if (s === undefined || t === undefined) continue;
      const a = graph.nodes[s]!;
      const b = graph.nodes[t]!;
      if (vertical) {
        ctx.moveTo(x(s) + a.width / 2, y(s) + a.height);
        ctx.lineTo(x(t) + b.width / 2, y(t));
      } else {
        ctx.moveTo(x(s) + a.width, y(s) + a.height / 2);
        ctx.lineTo(x(t), y(t) + b.height / 2);
      }
    }
    ctx.strokeStyle = '#a8b3c2';
    ctx.lineWidth = 1 / zoom;
    ctx.stroke();
    graph.nodes.forEach((node, i) => {
      const tinted = tint && node.kind === 'op' ? tintColor(tint, node.id) : undefined;
      ctx.globalAlpha = tinted === null ? 0.35 : 1;
      ctx.fillStyle = tinted ?? (node.kind === 'op' ? FAMILY_STYLE[node.family].color : IO_COLOR);
      ctx.fillRect(x(i), y(i), node.width, node.height);
    });
    ctx.globalAlpha = 1;
    const s = selected === null ? undefined : index.get(selected);
    if (s !== undefined) {
      const node = graph.nodes[s]!;
      ctx.strokeStyle = '#3569d6';
      ctx.lineWidth = 3 / zoom;
      const pad = 6 / zoom;
      ctx.strokeRect(x(s) - pad, y(s) - pad, node.width + 2 * pad, node.height + 2 * pad);
    }
  }, [graph, layout, tx, ty, zoom, width, height, selected, tint]);

  return <canvas ref={canvas} className="sd-overview" data-testid="graph-overview" style={{ width, height }} />;
});

/** The node under a point in flow coordinates, if any. */
export function nodeAt(graph: GraphView, layout: LayoutResult, px: number, py: number): string | undefined {
  for (let i = graph.nodes.length - 1; i >= 0; i--) {
    const node = graph.nodes[i]!;
    const x = layout.positions[2 * i] ?? 0;
    const y = layout.positions[2 * i + 1] ?? 0;
    if (px >= x && px <= x + node.width && py >= y && py <= y + node.height) return node.id;
  }
  return undefined;
}
