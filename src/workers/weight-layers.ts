// Which weight each layer reads, found the same way in a model and in its variants, so a variant's layer
// can be compared with its parent's (sparsity, channels, before/after histograms). Quantized ONNX keeps its
// integer weights behind a DequantizeLinear: they still belong to the layer that reads the float result.
import {
  constantElementCount,
  indexGraph,
  isFloatDType,
  isQuantized,
  realValues,
  toFloat64,
  type Graph,
  type Node,
  type Tensor,
} from '../core';
import { constantTensor, displayName } from './graph-view';

/** Weights smaller than this (shape vectors, scalars, tiny biases) are not a layer's weight. */
const MIN_ELEMENTS = 16;

/** Operators that only turn a stored weight into floats for the layer after them. */
const DEQUANTIZE_OPS = new Set(['DequantizeLinear', 'DEQUANTIZE']);

/** A compute node's weight: the constant, the input it reaches the node by, and the dequantizer between. */
export interface NodeWeight {
  readonly node: Node;
  readonly tensor: Tensor;
  readonly inputIndex: number;
  /** The DequantizeLinear / DEQUANTIZE node the weight passes through, when it does. */
  readonly via?: Node;
}

function isDequantize(node: Node): boolean {
  return DEQUANTIZE_OPS.has(node.op) && (node.domain === '' || node.domain === 'ai.onnx');
}

const elements = (t: Tensor): number => constantElementCount(t);

function isWeight(tensor: Tensor | undefined): tensor is Tensor {
  if (!tensor?.data?.bytes) return false;
  if (!isFloatDType(tensor.dtype) && !isQuantized(tensor)) return false;
  return elements(tensor) >= MIN_ELEMENTS;
}

/**
 * The weight `node` reads: its largest constant input of at least 16 values, read directly or through a
 * dequantizer. Undefined for nodes without one, and for dequantizers themselves (their weight belongs to
 * the layer they feed).
 */
export function nodeWeight(graph: Graph, node: Node): NodeWeight | undefined {
  if (isDequantize(node) || node.op === 'Constant') return undefined;
  const index = indexGraph(graph);
  let best: NodeWeight | undefined;
  node.inputs.forEach((id, inputIndex) => {
    if (id === '') return;
    let tensor = constantTensor(graph, id);
    let via: Node | undefined;
    if (!tensor) {
      const p = index.producer.get(id);
      const producer = p === undefined ? undefined : graph.nodes[p];
      const source = producer && isDequantize(producer) ? producer.inputs[0] : undefined;
      if (!producer || source === undefined || source === '') return;
      tensor = dequantized(graph, producer, constantTensor(graph, source));
      via = producer;
    }
    if (!isWeight(tensor)) return;
    if (best && elements(best.tensor) >= elements(tensor)) return;
    best = { node, tensor, inputIndex, ...(via ? { via } : {}) };
  });
  return best;
}

function constantValues(graph: Graph, id: string | undefined): Float64Array | undefined {
  const t = id ? constantTensor(graph, id) : undefined;
  return t?.data?.bytes ? toFloat64(t.dtype, t.data.bytes) : undefined;
}

/**
 * An ONNX DequantizeLinear's integer input with the scale and zero point the node applies attached as the
 * tensor's quantization, so its real values (and grid) read as they would for a TFLite weight. Blocked
 * (2-D) scales are not per-tensor or per-axis: such weights are left out.
 */
function dequantized(graph: Graph, dq: Node, tensor: Tensor | undefined): Tensor | undefined {
  if (!tensor || isQuantized(tensor) || dq.op !== 'DequantizeLinear') return tensor;
  const scaleTensor = dq.inputs[1] ? constantTensor(graph, dq.inputs[1]) : undefined;
  const scale = constantValues(graph, dq.inputs[1]);
  if (!scale?.length || (scaleTensor?.shape?.length ?? 0) > 1) return undefined;
  const zero = constantValues(graph, dq.inputs[2]);
  const axisAttr = dq.attributes['axis'];
  // ONNX DequantizeLinear: axis defaults to 1 and only matters for a 1-D scale of several elements.
  const axis = axisAttr?.type === 'int' ? axisAttr.value : 1;
  return {
    ...tensor,
    quant: {
      scale: [...scale],
      zeroPoint: zero?.length ? [...zero] : [...scale].map(() => 0),
      ...(scale.length > 1 ? { axis } : {}),
    },
  };
}

/** The layer a node stands for: itself, or for a dequantizer the layer its weight feeds. */
export function layerNode(graph: Graph, nodeId: string): Node | undefined {
  const index = indexGraph(graph);
  const node = index.node.get(nodeId);
  if (!node || !isDequantize(node)) return node;
  const out = node.outputs[0];
  if (out === undefined) return undefined;
  for (const c of index.consumers.get(out) ?? []) {
    const consumer = graph.nodes[c];
    if (consumer && nodeWeight(graph, consumer)?.via === node) return consumer;
  }
  return undefined;
}

/** The node of `graph` that stands for `node` of another member of its family: same id, else same name. */
export function counterpart(graph: Graph, node: Node): Node | undefined {
  const same = indexGraph(graph).node.get(node.id);
  if (same && same.op === node.op) return same;
  if (!node.name) return undefined;
  return graph.nodes.find((n) => n.name === node.name && n.op === node.op);
}

/** Every node that reads a weight, in node order. */
export function weightedNodes(graph: Graph): NodeWeight[] {
  const out: NodeWeight[] = [];
  for (const node of graph.nodes) {
    const w = nodeWeight(graph, node);
    if (w) out.push(w);
  }
  return out;
}

/** How many of a weight's real values are zero (a quantized zero is the zero point), of how many. */
export function zeroCount(tensor: Tensor): { zeros: number; elements: number } | undefined {
  const real = realValues(tensor);
  if (!real) return undefined;
  let zeros = 0;
  for (let i = 0; i < real.values.length; i++) if (real.values[i] === 0) zeros++;
  return { zeros, elements: real.values.length };
}

/** A node's name as the studio shows it. */
export function nodeLabel(graph: Graph, node: Node): string {
  return displayName(node, indexGraph(graph).tensor);
}
