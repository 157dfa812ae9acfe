import { nestedGraphs } from '../ir/graph-index';
import { constantByteLength, constantElementCount } from '../ir/tensor';
import type { Attribute, Graph, Model, Node } from '../ir/types';

/** Elements and stored bytes of some constants. */
export interface ParamCount {
  readonly params: number;
  readonly weightBytes: number;
}

/** Params of a model: totals and, per node of the main graph, the constants that node brings. */
export interface ParamsReport extends ParamCount {
  /** One entry per node of `model.graph.nodes`, in order. */
  readonly perNode: readonly ParamCount[];
  /** Constants of the main graph no node reads (e.g. unused initializers); part of the totals. */
  readonly unattributed: ParamCount;
}

const ZERO: ParamCount = { params: 0, weightBytes: 0 };

function add(a: ParamCount, b: ParamCount): ParamCount {
  return { params: a.params + b.params, weightBytes: a.weightBytes + b.weightBytes };
}

/** True for ONNX's `Constant` operator, whose value lives in an attribute rather than in a tensor. */
export function isConstantNode(node: Node): boolean {
  return node.op === 'Constant' && (node.domain === '' || node.domain === 'ai.onnx');
}

// UTF-8 length without TextEncoder (the core's lib has no DOM/Node globals).
function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

// ONNX Constant: exactly one of value, value_float(s), value_int(s), value_string(s), sparse_value.
// value_int(s) are int64 (8 bytes), value_float(s) float32 (4 bytes).
function attributeConstant(attribute: Attribute): ParamCount {
  switch (attribute.type) {
    case 'tensor':
      return { params: constantElementCount(attribute.value), weightBytes: constantByteLength(attribute.value) };
    case 'float':
      return { params: 1, weightBytes: 4 };
    case 'int':
      return { params: 1, weightBytes: 8 };
    case 'floats':
      return { params: attribute.value.length, weightBytes: 4 * attribute.value.length };
    case 'ints':
      return { params: attribute.value.length, weightBytes: 8 * attribute.value.length };
    case 'string':
      return { params: 1, weightBytes: utf8Length(attribute.value) };
    case 'strings':
      return {
        params: attribute.value.length,
        weightBytes: attribute.value.reduce((sum, s) => sum + utf8Length(s), 0),
      };
    default:
      // sparse_value stays opaque in the IR: its element count is not known without decoding it.
      return ZERO;
  }
}

/** The constant a Constant node holds (zero for any other node). */
export function constantNodeValue(node: Node): ParamCount {
  if (!isConstantNode(node)) return ZERO;
  for (const key of [
    'value',
    'value_float',
    'value_floats',
    'value_int',
    'value_ints',
    'value_string',
    'value_strings',
  ]) {
    const attribute = node.attributes[key];
    if (attribute) return attributeConstant(attribute);
  }
  const sparse = node.attributes['sparse_value'];
  return sparse ? attributeConstant(sparse) : ZERO;
}

/** Ids of the tensors of `graph` that hold constant data. */
export function constantTensorIds(graph: Graph): Set<string> {
  const ids = new Set<string>();
  for (const t of graph.tensors) if (t.data !== undefined) ids.add(t.id);
  return ids;
}

/** Params of one graph's own constants (tensors with data, Constant nodes) and of every graph nested in it. */
export function graphParams(graph: Graph): ParamCount {
  let total = ZERO;
  // A reader might also attach a Constant node's value to its output tensor; count such a value once.
  const constantNodeOutputs = new Set<string>();
  for (const node of graph.nodes) {
    if (isConstantNode(node)) {
      total = add(total, constantNodeValue(node));
      for (const out of node.outputs) constantNodeOutputs.add(out);
    }
    for (const sub of nestedGraphs(node)) total = add(total, graphParams(sub));
  }
  for (const t of graph.tensors) {
    if (t.data === undefined || constantNodeOutputs.has(t.id)) continue;
    total = add(total, { params: constantElementCount(t), weightBytes: constantByteLength(t) });
  }
  return total;
}

/** Tensor ids that nodes of `graph` (and graphs nested in it) read from outside `graph`'s own scope. */
export function outerReads(graph: Graph, into: Set<string> = new Set()): Set<string> {
  const own = new Set(graph.tensors.map((t) => t.id));
  for (const node of graph.nodes) for (const out of node.outputs) own.add(out);
  for (const node of graph.nodes) {
    for (const id of node.inputs) if (id !== '' && !own.has(id)) into.add(id);
    for (const sub of nestedGraphs(node)) for (const id of outerReads(sub)) if (!own.has(id)) into.add(id);
  }
  return into;
}

/** Every tensor id a node reads: its inputs and what its nested graphs (If/Loop bodies) read from outside. */
export function nodeReads(node: Node): string[] {
  const reads = new Set<string>();
  for (const id of node.inputs) if (id !== '') reads.add(id);
  for (const sub of nestedGraphs(node)) outerReads(sub, reads);
  return [...reads];
}

/**
 * Params and weight bytes of a model (DESIGN.md "Definitions": every constant tensor, Constant nodes and
 * nested graphs included). Per node: the main-graph constants it reads, each counted at its first reader
 * only; a Constant node's value on its own row; a control-flow node also carries its bodies' constants.
 */
export function countParams(model: Model): ParamsReport {
  const graph = model.graph;
  const constantNodeOutputs = new Set(graph.nodes.filter(isConstantNode).flatMap((n) => n.outputs));
  const constants = new Map(
    graph.tensors.filter((t) => t.data !== undefined && !constantNodeOutputs.has(t.id)).map((t) => [t.id, t]),
  );
  const counted = new Set<string>();
  const perNode: ParamCount[] = [];
  for (const node of graph.nodes) {
    let row = constantNodeValue(node);
    for (const id of nodeReads(node)) {
      const tensor = constants.get(id);
      if (!tensor || counted.has(id)) continue;
      counted.add(id);
      row = add(row, { params: constantElementCount(tensor), weightBytes: constantByteLength(tensor) });
    }
    for (const sub of nestedGraphs(node)) row = add(row, graphParams(sub));
    perNode.push(row);
  }
  let total = graphParams(graph);
  for (const sub of model.subgraphs ?? []) total = add(total, graphParams(sub));
  const attributed = perNode.reduce(add, ZERO);
  return {
    ...total,
    perNode,
    unattributed: { params: total.params - attributed.params, weightBytes: total.weightBytes - attributed.weightBytes },
  };
}
