import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore as useFlowStore,
  type EdgeMouseHandler,
  type NodeMouseHandler,
  type OnConnect,
  type EdgeTypes,
  type NodeTypes,
} from '@xyflow/react';
import { useCallback, useMemo, type MouseEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { GraphView, LayoutResult } from '../../../workers/protocol';
import { studioStore, useStudio } from '../../store';
import { EditOverlays } from '../edit/EditOverlays';
import { EditToolbar } from '../edit/EditToolbar';
import { connectNodes, openContextMenu } from '../edit/interactions';
import { ProblemsList } from '../edit/ProblemsList';
import { useEditKeys } from '../edit/useEditKeys';
import { CanvasMinimap } from './CanvasMinimap';
import { IoNode } from './IoNode';
import { Legend } from './Legend';
import { OpNode } from './OpNode';
import { ShapeEdge } from './ShapeEdge';
import { TintLegend } from './TintLegend';
import { nodeAt, OverviewLayer } from './OverviewLayer';
import { toFlowEdges, toFlowNodes, type FlowEdge, type FlowNode } from './to-flow';
import { ViewportController } from './ViewportController';
import { DETAIL_ZOOM, OVERVIEW_MIN_NODES, OVERVIEW_ZOOM } from './zoom-levels';

// Module scope: a new object per render would make React Flow re-mount every node.
const nodeTypes: NodeTypes = { op: OpNode, io: IoNode };
const edgeTypes: EdgeTypes = { shape: ShapeEdge };
const NO_NODES: FlowNode[] = [];
const NO_EDGES: FlowEdge[] = [];

type Detail = 'full' | 'low' | 'overview';

const onNodeClick: NodeMouseHandler<FlowNode> = (_, node) => studioStore.getState().select(node.id);
// Right click: the node's (or the edge's tensor's) edit menu, where the pointer is.
const onNodeContextMenu: NodeMouseHandler<FlowNode> = (event, node) => openContextMenu(event, 'node', node.id);
const onEdgeContextMenu: EdgeMouseHandler<FlowEdge> = (event, edge) => {
  if (edge.data) openContextMenu(event, 'edge', edge.data.tensorId);
};
// A drag from an output handle to an input handle rewires that input.
const onConnect: OnConnect = (connection) => connectNodes(connection.source, connection.target);

/** The graph canvas: pan, zoom, minimap, legend; only what is on screen is rendered. */
export function GraphCanvas() {
  useEditKeys();
  const { graph, layout } = useStudio(useShallow((s) => ({ graph: s.model?.graph, layout: s.layout })));
  if (!graph || !layout) return null;
  return (
    <ReactFlowProvider>
      <FlowView graph={graph} layout={layout} />
    </ReactFlowProvider>
  );
}

function FlowView({ graph, layout }: { graph: GraphView; layout: LayoutResult }) {
  const flow = useReactFlow();
  const big = graph.nodes.length > OVERVIEW_MIN_NODES;
  const detail = useFlowStore((s): Detail => {
    const zoom = s.transform[2];
    return big && zoom < OVERVIEW_ZOOM ? 'overview' : zoom < DETAIL_ZOOM ? 'low' : 'full';
  });
  const forced = useStudio((s) => s.forceOverview);
  const overview = detail === 'overview' || (big && forced);
  const nodes = useMemo(() => toFlowNodes(graph, layout), [graph, layout]);
  const edges = useMemo(() => toFlowEdges(graph), [graph]);
  // In the overview, clicks land on the pane: find the node under the pointer ourselves.
  const onPaneClick = useCallback(
    (event: MouseEvent) => {
      const hit = overview
        ? nodeAt(graph, layout, ...xy(flow.screenToFlowPosition({ x: event.clientX, y: event.clientY })))
        : undefined;
      studioStore.getState().select(hit ?? null, { focus: hit !== undefined });
    },
    [overview, graph, layout, flow],
  );
  return (
    <div className="sd-canvas__flow" data-testid="graph-canvas" data-detail={detail}>
      <ReactFlow<FlowNode, FlowEdge>
        nodes={overview ? NO_NODES : nodes}
        edges={overview ? NO_EDGES : edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodeClick={onNodeClick}
        onNodeContextMenu={onNodeContextMenu}
        onEdgeContextMenu={onEdgeContextMenu}
        onConnect={onConnect}
        onPaneClick={onPaneClick}
        onlyRenderVisibleElements
        nodesDraggable={false}
        nodesConnectable
        elementsSelectable={false}
        edgesFocusable={false}
        minZoom={0.01}
        maxZoom={2.5}
        zoomOnDoubleClick={false}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        aria-label="Model graph"
      >
        <Background variant={BackgroundVariant.Dots} gap={22} size={1} color="#cfd5de" />
        {overview && <OverviewLayer graph={graph} layout={layout} />}
        <CanvasMinimap graph={graph} layout={layout} />
        <Controls showInteractive={false} showFitView={false} position="bottom-left">
          <ControlButton onClick={() => studioStore.getState().requestFit()} title="Fit view (F)" aria-label="Fit view">
            <FitIcon />
          </ControlButton>
        </Controls>
        <Panel position="top-left" className="sd-canvas__legends">
          <Legend graph={graph} />
          <TintLegend />
        </Panel>
        <Panel position="top-right" className="sd-edit-corner">
          <EditToolbar />
          <ProblemsList graph={graph} />
        </Panel>
        <ViewportController graph={graph} layout={layout} />
      </ReactFlow>
      <EditOverlays graph={graph} />
    </div>
  );
}

function FitIcon() {
  return (
    <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
      <path d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}

const xy = (p: { x: number; y: number }): [number, number] => [p.x, p.y];
