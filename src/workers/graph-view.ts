import {
  activationBytes,
  constantByteLength,
  formatShape,
  indexGraph,
  type Graph,
  type Node,
  type Tensor,
  type TypeOf,
} from '../core';
import { displayAttribute } from './attributes';
import { classifyOp } from './op-family';
import { fusedActivation, quantView } from './quant-view';
import type { GraphEdgeView, GraphNodeView, GraphView, ModelId, NodeBadge, PortView, TensorInfo } from './protocol';

// Node boxes are sized from their text so the layout and the canvas agree without measuring the DOM.
// Widths approximate the canvas font (op 12px semibold, name 11px) and stay within bounds; longer names
// are ellipsised by CSS.
const OP_CHAR = 7.4;
const NAME_CHAR = 6.4;
const MIN_WIDTH = 112;
const MAX_WIDTH = 232;
const PADDING = 28;
export const NODE_HEIGHT = 40;
export const IO_NODE_HEIGHT = 34;

function nodeWidth(op: string, name: string): number {
  const text = Math.max(op.length * OP_CHAR, name.length * NAME_CHAR);
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, text + PADDING)));
}

/** Constant data behind a tensor id: an initializer, or the `value` of the ONNX Constant node producing it. */
export function constantTensor(graph: Graph, tensorId: string): Tensor | undefined {
  const index = indexGraph(graph);
  const tensor = index.tensor.get(tensorId);
  if (tensor?.data) return tensor;
  const producer = index.producer.get(tensorId);
  const node = producer === undefined ? undefined : graph.nodes[producer];
  if (node && isConstantOp(node)) {
    const value = node.attributes['value'];
    if (value?.type === 'tensor') return { ...value.value, id: tensorId, name: tensor?.name ?? tensorId };
  }
  return undefined;
}

function isConstantOp(node: Node): boolean {
  return node.op === 'Constant' && (node.domain === '' || node.domain === 'ai.onnx');
}

/** What the UI shows about one tensor id. */
export function tensorInfo(graph: Graph, typeOf: TypeOf, id: string): TensorInfo {
  const declared = indexGraph(graph).tensor.get(id);
  const constant = constantTensor(graph, id);
  const type = typeOf(id);
  const dtype = constant?.dtype ?? (type && type.dtype !== 'undefined' ? type.dtype : (declared?.dtype ?? 'undefined'));
  const shape = constant?.shape ?? type?.shape ?? declared?.shape;
  const bytes = constant ? constantByteLength(constant) : activationBytes(dtype, shape, 'stored');
  const quant = quantView(constant?.quant ?? declared?.quant);
  return {
    id,
    name: declared?.name ?? id,
    dtype,
    ...(shape ? { shape } : {}),
    shapeText: formatShape(shape),
    isConstant: constant !== undefined,
    ...(bytes !== undefined ? { bytes } : {}),
    ...(quant ? { quant } : {}),
  };
}

function ports(graph: Graph, typeOf: TypeOf, ids: readonly string[]): PortView[] {
  const out: PortView[] = [];
  ids.forEach((id, index) => {
    if (id !== '') out.push({ ...tensorInfo(graph, typeOf, id), index });
  });
  return out;
}

/** Picks ids for the input/output pseudo nodes that no operator id already uses. */
function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 1; taken.has(id); n++) id = `${base}~${n}`;
  taken.add(id);
  return id;
}

/**
 * The main graph as the canvas draws it: one node per operator, pseudo nodes for the graph's inputs and
 * outputs, and one edge per (producer, consumer, tensor) labelled with the tensor's shape. Constants
 * (weights) are not nodes: the inspector lists them under the node that reads them.
 */
export function buildGraphView(modelId: ModelId, graph: Graph, typeOf: TypeOf): GraphView {
  const index = indexGraph(graph);
  const taken = new Set(graph.nodes.map((n) => n.id));
  const nodes: GraphNodeView[] = [];
  const edges: GraphEdgeView[] = [];
  const source = new Map<string, string>();

  for (const id of graph.inputs) {
    if (constantTensor(graph, id)) continue;
    const info = tensorInfo(graph, typeOf, id);
    const viewId = uniqueId(`input:${id}`, taken);
    source.set(id, viewId);
    nodes.push(ioNode(viewId, 'input', info));
  }
  for (const node of graph.nodes) {
    // Nodes that only hold weights (TF.js Const) are not drawn: like initializers, their values are
    // listed as weights under the nodes that read them.
    if (holdsOnlyConstants(node, index.tensor)) continue;
    for (const out of node.outputs) if (out !== '') source.set(out, node.id);
    const fused = fusedActivation(node);
    const name = displayName(node, index.tensor);
    nodes.push({
      id: node.id,
      kind: 'op',
      name,
      op: node.op,
      domain: node.domain,
      family: classifyOp(node.op),
      inputs: ports(graph, typeOf, node.inputs),
      outputs: ports(graph, typeOf, node.outputs),
      attributes: Object.entries(node.attributes).map(([key, value]) => displayAttribute(key, value)),
      ...(fused ? { fusedActivation: fused } : {}),
      ...(node.docString ? { docString: node.docString } : {}),
      // The fused activation is drawn after the op ("CONV_2D +RELU6"), so it takes width too.
      width: nodeWidth(fused ? `${node.op} +${fused}` : node.op, name),
      height: NODE_HEIGHT,
    });
  }
  const seen = new Set<string>();
  const connect = (tensorId: string, target: string): void => {
    const from = source.get(tensorId);
    if (from === undefined || from === target) return;
    // Weights produced by Constant nodes are drawn: the Constant node is on the canvas.
    if (index.tensor.get(tensorId)?.data) return;
    const key = `${from}\u0000${target}\u0000${tensorId}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ id: `e${edges.length}`, source: from, target, tensorId, label: formatShape(typeOf(tensorId)?.shape) });
  };
  for (const node of graph.nodes) for (const id of node.inputs) if (id !== '') connect(id, node.id);
  for (const id of graph.outputs) {
    const info = tensorInfo(graph, typeOf, id);
    const viewId = uniqueId(`output:${id}`, taken);
    nodes.push(ioNode(viewId, 'output', info));
    connect(id, viewId);
  }
  return { modelId, nodes, edges };
}

/** A node with no inputs whose every output is constant data: a weight holder, not a computation. */
function holdsOnlyConstants(node: Node, tensors: ReadonlyMap<string, Tensor>): boolean {
  return (
    node.inputs.every((id) => id === '') &&
    node.outputs.length > 0 &&
    node.outputs.every((id) => id === '' || tensors.get(id)?.data !== undefined)
  );
}

/**
 * The name a node is shown by: its own, or — for formats whose operators have none (TFLite) — the name of
 * the tensor it writes, which is what converters name after the layer.
 */
export function displayName(node: Node, tensors: ReadonlyMap<string, Tensor>): string {
  if (node.name) return node.name;
  const first = node.outputs.find((id) => id !== '');
  return first === undefined ? '' : (tensors.get(first)?.name ?? first);
}

function ioNode(id: string, kind: 'input' | 'output', info: TensorInfo): GraphNodeView {
  const port: PortView = { ...info, index: 0 };
  const op = kind === 'input' ? 'Input' : 'Output';
  return {
    id,
    kind,
    name: info.name,
    op,
    domain: '',
    family: 'other',
    inputs: kind === 'output' ? [port] : [],
    outputs: kind === 'input' ? [port] : [],
    attributes: [],
    width: nodeWidth(`${op} ${info.dtype} ${info.shapeText}`, info.name),
    height: IO_NODE_HEIGHT,
  };
}

// A badge is drawn after the op on the node's first line ("Conv  16→8 ch"): its text widens the node.
const BADGE_PADDING = 14;

/** A badge's text as the node shows it. */
export function badgeText(badge: NodeBadge): string {
  return badge.kind === 'channels'
    ? `${badge.before}→${badge.after} ch`
    : `${Math.round(badge.sparsity * 100)} % zeros`;
}

/** The view with badges on the given nodes, each widened to fit them (before it is laid out). */
export function withBadges(view: GraphView, badges: ReadonlyMap<string, readonly NodeBadge[]>): GraphView {
  if (badges.size === 0) return view;
  return {
    ...view,
    nodes: view.nodes.map((node) => {
      const list = badges.get(node.id);
      if (!list?.length) return node;
      const head = node.fusedActivation ? `${node.op} +${node.fusedActivation}` : node.op;
      const extra = list.reduce((w, b) => w + badgeText(b).length * OP_CHAR * 0.85 + BADGE_PADDING, 0);
      const width = Math.round(Math.min(MAX_WIDTH + 96, Math.max(node.width, head.length * OP_CHAR + PADDING + extra)));
      return { ...node, badges: list, width };
    }),
  };
}
