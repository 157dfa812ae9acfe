// Full-integer static int8 in ONNX QDQ form (what onnxruntime turns into integer kernels): each planned
// activation gets QuantizeLinear → DequantizeLinear with its group's parameters, and each quantized
// constant is stored as integers behind a DequantizeLinear under its old id (parameters: static-params.ts).
//
// Kept small, since in a small model the graph is a visible share of the file: scales and zero points
// are shared between tensors that have the same ones, and the zero point of a weight read only by Conv
// layers is left out when it is 0 (DequantizeLinear's default). Gemm and MatMul weights keep it:
// onnxruntime 1.30 fuses their QDQ groups into QGemm / QLinearMatMul only when the weight's
// DequantizeLinear has all three inputs.
import { indexGraph } from '../../../ir/graph-index';
import type { Graph } from '../../../ir/types';
import type { TypeOf } from '../../../analysis/type-lookup';
import type { ActivationReport, LayerReport, QuantizeOptions } from '../types';
import { emitDequantized, quantizedBytes, type ZeroPointStorage } from './emit';
import { GraphEdit } from './graph-edit';
import { dropUnread } from './prepare';
import { staticParams, type QuantizedConstant } from './static-params';
import { weightLayer } from './weights';

/** The result of the static rewrite of one graph. */
export interface StaticResult {
  readonly graph: Graph;
  readonly layers: readonly LayerReport[];
  readonly activations: readonly ActivationReport[];
  readonly warnings: readonly string[];
}

interface PairParams {
  readonly scaleId: string;
  readonly zeroPointId: string;
}

/** Quantizes `graph` (opset ≥ 13, prepared) for static int8 in QDQ form with the ranges in `options`. */
export function quantizeStatic(graph: Graph, typeOf: TypeOf, options: QuantizeOptions): StaticResult {
  const p = staticParams(graph, typeOf, options);
  const edit = new GraphEdit(graph, { compactNames: options.compactNames ?? false });
  const index = indexGraph(graph);
  const outputs = new Set(graph.outputs);

  // Activations: one scale / zero point pair per group, a Q → DQ pair per member.
  const inputRename = new Map<string, string>();
  const outputRename = new Map<string, string>();
  for (const group of p.groups) {
    const { scale, zeroPoint, base } = group.params;
    const scaleId = edit.sharedConstant(`${base}_s`, 'float32', [], Float32Array.of(scale));
    const zp = p.actDType === 'int8' ? Int8Array.of(zeroPoint) : Uint8Array.of(zeroPoint);
    const zeroPointId = edit.sharedConstant(`${base}_z`, p.actDType, [], zp);
    for (const id of group.members)
      insertPair(
        edit,
        id,
        { scaleId, zeroPointId },
        index.producer.get(id),
        outputs.has(id),
        inputRename,
        outputRename,
      );
  }

  // Constants: integers behind a DequantizeLinear under the old id.
  const storage = new Map<string, ZeroPointStorage>();
  for (const c of p.constants.values()) {
    const s = zeroPointStorage(graph, index, c);
    storage.set(c.tensor.id, s);
    emitDequantized(edit, c.tensor.id, c.dims, c.q, c.dtype, c.placement, s);
  }
  const layers = p.layers.map((entry) => {
    if (entry.kind === 'float') return entry.report;
    const c = entry.constant;
    const bytes = quantizedBytes(c.q, c.dtype, storage.get(c.tensor.id));
    return weightLayer(c.node, c.tensor, c.role, c.q, c.dtype, c.placement, bytes);
  });

  // Consumers read the dequantized tensors; producers of quantized graph outputs write a float copy.
  graph.nodes.forEach((_, i) => {
    const node = edit.nodeAt(i);
    if (!node) return;
    const inputs = node.inputs.map((id) => inputRename.get(id) ?? id);
    const outs = node.outputs.map((id) => outputRename.get(id) ?? id);
    if (inputs.some((id, k) => id !== node.inputs[k]) || outs.some((id, k) => id !== node.outputs[k]))
      edit.replaceNode(i, { ...node, inputs, outputs: outs });
  });
  return { graph: dropUnread(edit.build()), layers, activations: p.activations, warnings: p.warnings };
}

// Weights read only by Conv layers may leave an all-zero zero point out (see the file comment).
export function zeroPointStorage(
  graph: Graph,
  index: ReturnType<typeof indexGraph>,
  c: QuantizedConstant,
): ZeroPointStorage {
  if (c.role !== 'weight') return 'full';
  const readers = index.consumers.get(c.tensor.id) ?? [];
  return readers.length > 0 && readers.every((i) => graph.nodes[i]!.op === 'Conv') ? 'omit-zero' : 'full';
}

// Q → DQ for one tensor: after its producer (or first, for a graph input). A graph output keeps its name
// on the DequantizeLinear output; its producer writes a renamed float tensor instead.
function insertPair(
  edit: GraphEdit,
  id: string,
  p: PairParams,
  producer: number | undefined,
  isOutput: boolean,
  inputRename: Map<string, string>,
  outputRename: Map<string, string>,
): void {
  const base = edit.tensor(id)?.name || id;
  const quantized = edit.fresh(`${base}_q`);
  const renameOutput = isOutput && producer !== undefined;
  let source = id;
  let dequantized = id;
  if (renameOutput) {
    source = edit.fresh(`${base}_float`);
    edit.declareOutput(source);
    outputRename.set(id, source);
  } else {
    dequantized = edit.fresh(`${base}_dq`);
    inputRename.set(id, dequantized);
  }
  const q = { ...edit.makeNode('QuantizeLinear', [source, p.scaleId, p.zeroPointId], [quantized]), name: '' };
  const dq = { ...edit.makeNode('DequantizeLinear', [quantized, p.scaleId, p.zeroPointId], [dequantized]), name: '' };
  if (producer === undefined) {
    edit.addAtStart(q);
    edit.addAtStart(dq);
  } else {
    edit.addAfter(producer, q);
    edit.addAfter(producer, dq);
  }
}
