import { Position, type Edge, type Node, type NodeHandle } from '@xyflow/react';
import type { GraphNodeView, GraphView, LayoutDirection, LayoutResult } from '../../../workers/protocol';

export type OpNodeData = { readonly view: GraphNodeView };
export type FlowNode = Node<OpNodeData, 'op' | 'io'>;
/** An edge knows the tensor it carries (its context menu acts on it). */
export type FlowEdge = Edge<{ readonly tensorId: string }>;

/** Size of the (invisible) connection points; edges meet the node's border at its middle. */
const HANDLE = 6;

/**
 * Where edges attach, declared up front. React Flow renders every node whose handles it has not measured
 * yet, even off screen; with handles given, the first frame of a 1,700-node graph renders only what is in
 * view.
 */
function handlesOf(view: GraphNodeView, vertical: boolean): NodeHandle[] {
  const { width: w, height: h } = view;
  const half = HANDLE / 2;
  return vertical
    ? [
        { type: 'target', position: Position.Top, x: w / 2 - half, y: 0, width: HANDLE, height: HANDLE },
        { type: 'source', position: Position.Bottom, x: w / 2 - half, y: h - HANDLE, width: HANDLE, height: HANDLE },
      ]
    : [
        { type: 'target', position: Position.Left, x: 0, y: h / 2 - half, width: HANDLE, height: HANDLE },
        { type: 'source', position: Position.Right, x: w - HANDLE, y: h / 2 - half, width: HANDLE, height: HANDLE },
      ];
}

/**
 * React Flow nodes for a laid-out graph view. Nodes carry their size and handles up front, so React Flow
 * culls off-screen nodes (`onlyRenderVisibleElements`) from the first frame, without measuring the DOM.
 */
export function toFlowNodes(graph: GraphView, layout: LayoutResult): FlowNode[] {
  const vertical = layout.direction === 'TB';
  return graph.nodes.map((view, i) => ({
    id: view.id,
    type: view.kind === 'op' ? 'op' : 'io',
    position: { x: layout.positions[2 * i] ?? 0, y: layout.positions[2 * i + 1] ?? 0 },
    width: view.width,
    height: view.height,
    handles: handlesOf(view, vertical),
    sourcePosition: vertical ? Position.Bottom : Position.Right,
    targetPosition: vertical ? Position.Top : Position.Left,
    draggable: false,
    // A drag from an output handle to an operator rewires that operator's input (graph outputs take none).
    connectable: view.kind !== 'output',
    selectable: false,
    ariaLabel: `${view.op} ${view.name}`,
    data: { view },
  }));
}

/** React Flow edges, labelled with the tensor shape they carry. */
export function toFlowEdges(graph: GraphView): FlowEdge[] {
  return graph.edges.map((edge) => ({
    id: edge.id,
    type: 'shape',
    source: edge.source,
    target: edge.target,
    label: edge.label === '?' ? undefined : edge.label,
    focusable: false,
    selectable: false,
    data: { tensorId: edge.tensorId },
  }));
}

/** Centre of a node in flow coordinates, from the layout. */
export function nodeCentre(
  graph: GraphView,
  layout: LayoutResult,
  nodeId: string,
): { x: number; y: number } | undefined {
  const i = graph.nodes.findIndex((n) => n.id === nodeId);
  const view = graph.nodes[i];
  if (!view) return undefined;
  return {
    x: (layout.positions[2 * i] ?? 0) + view.width / 2,
    y: (layout.positions[2 * i + 1] ?? 0) + view.height / 2,
  };
}

/** The direction other than `direction`. */
export function otherDirection(direction: LayoutDirection): LayoutDirection {
  return direction === 'TB' ? 'LR' : 'TB';
}
