// remove-identity: nodes that hand their input on unchanged.
//
// - ONNX: Identity; Dropout at inference (opset 7–11 always; opset ≥ 12 without a true training_mode;
//   opset < 7 only with is_test = 1) whose mask output nobody reads; Cast to the dtype the input already
//   has; Reshape / Flatten / Squeeze to the shape the input already has.
// - TFLite: RESHAPE to the shape (and quantization) the input already has.
// Readers of the removed node's output read its input instead. When that output is a graph output, the
// node that produced the input writes the graph output instead, so output names stay. Constants only the
// removed nodes read (a RESHAPE's shape) go with them.
import { intAttr } from '../../execute/attrs';
import { indexGraph } from '../../ir/graph-index';
import { toFloat64 } from '../../ir/tensor';
import type { Graph, Model, Node, Shape, Tensor } from '../../ir/types';
import { typeLookup, type TypeOf } from '../../analysis/type-lookup';
import { diffIR } from '../../ir/equal';
import { inferShapes } from '../../shape/infer';
import {
  constantTensors,
  defaultOpset,
  finishRewrite,
  isDefaultDomain,
  label,
  pinnedTensors,
  renameReads,
  unchanged,
  type PassResult,
} from './common';
import type { CleanupOptions } from './types';

const PASS = 'remove-identity';
const SHAPE_OPS = new Set(['Reshape', 'Flatten', 'Squeeze']);

function sameShape(a: Shape | undefined, b: Shape | undefined): boolean {
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  return a.every((d, i) => d !== null && d === b[i]);
}

/** Why a Dropout is an identity at inference (ONNX operator docs, by opset). */
function dropoutIsIdentity(node: Node, opset: number, constants: ReadonlyMap<string, Tensor>): boolean {
  if (opset < 7) return intAttr(node, 'is_test', 0) === 1;
  if (opset < 12) return true;
  const mode = node.inputs[2] ?? '';
  if (mode === '') return true;
  const t = constants.get(mode);
  const values = t?.data?.bytes && toFloat64(t.dtype, t.data.bytes);
  return values !== undefined && values.length === 1 && values[0] === 0;
}

interface Context {
  readonly model: Model;
  readonly typeOf: () => TypeOf;
  readonly constants: ReadonlyMap<string, Tensor>;
  readonly opset: number;
}

/** True when `node` passes input 0 on unchanged to output 0 (and writes nothing else anyone reads). */
function isIdentity(ctx: Context, graph: Graph, node: Node): boolean {
  const index = indexGraph(graph);
  const outputs = new Set(graph.outputs);
  const [input, output] = [node.inputs[0] ?? '', node.outputs[0] ?? ''];
  if (input === '' || output === '') return false;
  const extraUsed = node.outputs
    .slice(1)
    .some((id) => id !== '' && (outputs.has(id) || (index.consumers.get(id)?.length ?? 0) > 0));
  if (extraUsed) return false;
  if (ctx.model.format === 'tflite') {
    if (node.op !== 'RESHAPE') return false;
    const [a, b] = [index.tensor.get(input), index.tensor.get(output)];
    return (
      a !== undefined &&
      b !== undefined &&
      a.dtype === b.dtype &&
      sameShape(a.shape, b.shape) &&
      diffIR(a.quant, b.quant) === undefined &&
      diffIR(a.extras?.['tflite'], b.extras?.['tflite']) === undefined
    );
  }
  if (!isDefaultDomain(node)) return false;
  if (node.op === 'Identity') return true;
  if (node.op === 'Dropout') return dropoutIsIdentity(node, ctx.opset, ctx.constants);
  const [a, b] = [ctx.typeOf()(input), ctx.typeOf()(output)];
  if (node.op === 'Cast') {
    const to = a?.dtype;
    return to !== undefined && to !== 'undefined' && b?.dtype === to;
  }
  return SHAPE_OPS.has(node.op) && a !== undefined && a.dtype === b?.dtype && sameShape(a.shape, b.shape);
}

/** The graph without `node`, its readers rewired; undefined when the output names cannot be kept. */
function without(graph: Graph, node: Node, pinned: ReadonlySet<string>): Graph | undefined {
  const index = indexGraph(graph);
  const [input, output] = [node.inputs[0]!, node.outputs[0]!];
  const dropped = new Set(node.outputs.slice(1).filter((id) => id !== ''));
  const nodes = graph.nodes.filter((n) => n !== node);
  if (!pinned.has(output)) {
    dropped.add(output);
    const rewired = renameReads({ ...graph, nodes }, new Map([[output, input]]));
    return { ...rewired, tensors: graph.tensors.filter((t) => !dropped.has(t.id)) };
  }
  // The output is a graph output: its name stays, so the input's producer must write it.
  const producerAt = index.producer.get(input);
  if (producerAt === undefined || pinned.has(input) || graph.outputs.includes(input)) return undefined;
  const producer = graph.nodes[producerAt]!;
  const renamed = { ...producer, outputs: producer.outputs.map((id) => (id === input ? output : id)) };
  const moved = nodes.map((n) => (n === producer ? renamed : n));
  const rewired = renameReads({ ...graph, nodes: moved }, new Map([[input, output]]));
  dropped.add(input);
  return { ...rewired, tensors: graph.tensors.filter((t) => !dropped.has(t.id)) };
}

/** Removes every identity it can (see the file comment). */
export function removeIdentities(model: Model, options: CleanupOptions = {}): PassResult {
  void options;
  if (model.format !== 'onnx' && model.format !== 'tflite') return unchanged(model, PASS);
  let types: TypeOf | undefined;
  const ctx: Context = {
    model,
    typeOf: () => (types ??= typeLookup(model.graph, inferShapes(model))),
    constants: constantTensors(model.graph),
    opset: defaultOpset(model),
  };
  const pinned = pinnedTensors(model, model.graph);
  let graph = model.graph;
  const details: string[] = [];
  // One node at a time, so chains (Identity → Identity → output) resolve against the current graph.
  const tried = new Set<string>();
  for (;;) {
    const node = graph.nodes.find((n) => !tried.has(n.id) && isIdentity(ctx, graph, n));
    if (!node) break;
    tried.add(node.id);
    const next = without(graph, node, pinned);
    if (!next) continue;
    details.push(`${label(node)} removed`);
    graph = next;
  }
  return finishRewrite({ model }, model.graph, graph, PASS, details.length, details);
}
