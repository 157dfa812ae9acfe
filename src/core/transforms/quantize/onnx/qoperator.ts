// Full-integer static int8 in ONNX QOperator form: the integer operators of the default domain themselves
// (QLinearConv, QLinearMatMul, int8 MaxPool / Reshape / …; which node becomes what: qoperator-lower.ts),
// QuantizeLinear where float data enters the integer part (graph inputs, outputs of float ops) and
// DequantizeLinear where float ops or graph outputs read it. The parameters are the QDQ form's
// (static-params.ts): the same calibration gives the same integers.
//
// Names: an int8 activation is `<tensor>_q`; a float view of one is the tensor's own name when the float
// original is gone (its producer became an integer op), `<tensor>_dq` otherwise; a float op writing a
// quantized graph output writes `<tensor>_float`. Declarations of tensors that no longer exist are
// dropped (their value_info would describe a float tensor the file no longer has).
import { indexGraph } from '../../../ir/graph-index';
import { nodeReads } from '../../../analysis/params';
import type { Graph, Node, Tensor } from '../../../ir/types';
import type { TypeOf } from '../../../analysis/type-lookup';
import type { QuantizedTensor } from '../quantize-tensor';
import type { QuantizeOptions } from '../types';
import {
  addDequantize,
  quantizedBytes,
  storedBytes,
  storeQuantized,
  type StoredConstant,
  type ZeroPointStorage,
} from './emit';
import { GraphEdit } from './graph-edit';
import { dropUnread } from './prepare';
import { dataInputs, dataOutputs } from './op-classes';
import { integerReads, integerWrites, lowerNodes, type Lowered } from './qoperator-lower';
import { zeroPointStorage, type StaticResult } from './static';
import { staticParams, type QuantizedConstant } from './static-params';
import { weightLayer } from './weights';

/** Quantizes `graph` (opset ≥ 13, prepared) for static int8 in QOperator form with the ranges in `options`. */
export function quantizeQOperator(graph: Graph, typeOf: TypeOf, options: QuantizeOptions): StaticResult {
  const p = staticParams(graph, typeOf, options);
  const edit = new GraphEdit(graph, { compactNames: options.compactNames ?? false });
  const index = indexGraph(graph);
  const tensors = new Map<string, Tensor>(graph.tensors.map((t) => [t.id, t]));
  const outputs = new Set(graph.outputs);
  const lowered = lowerNodes(graph, index, tensors, typeOf, p);
  const folded = new Set<number>();
  for (const l of lowered.values()) if (l.kind !== 'move' && l.fold !== undefined) folded.add(l.fold);
  const isFloatNode = (i: number): boolean => !lowered.has(i) && !folded.has(i);

  const label = (id: string): string => edit.tensor(id)?.name || id;
  const memo = <T>(f: (id: string) => T): ((id: string) => T) => {
    const seen = new Map<string, T>();
    return (id) => {
      if (!seen.has(id)) seen.set(id, f(id));
      return seen.get(id)!;
    };
  };
  const qName = memo((id) => edit.fresh(`${label(id)}_q`));
  const actParams = memo((id): [string, string] => {
    const { scale, zeroPoint, base } = p.activation.get(id)!;
    const zp = p.actDType === 'int8' ? Int8Array.of(zeroPoint) : Uint8Array.of(zeroPoint);
    return [
      edit.sharedConstant(`${base}_s`, 'float32', [], Float32Array.of(scale)),
      edit.sharedConstant(`${base}_z`, p.actDType, [], zp),
    ];
  });

  // Where each quantized activation's integers are written by an integer op (by node position).
  const intProducer = new Map<string, number>();
  const intReaders = new Set<string>();
  for (const [i, l] of lowered) {
    const node = graph.nodes[i]!;
    for (const id of integerWrites(node, l)) intProducer.set(id, i);
    for (const id of integerReads(node, l, tensors)) intReaders.add(id);
  }
  const floatOutput = (id: string): boolean => outputs.has(id) && index.producer.has(id) && !intProducer.has(id);
  const floatView = memo((id) => (intProducer.has(id) || floatOutput(id) ? id : edit.fresh(`${label(id)}_dq`)));
  const renamedOutput = new Map<string, string>();

  // Constants: integers for the integer ops, behind a DequantizeLinear for float readers.
  const bytesOf = new Map<string, number>();
  const intWeight = new Map<string, StoredConstant>();
  for (const c of p.constants.values()) {
    const readers = index.consumers.get(c.tensor.id) ?? [];
    const intUse = readers.filter((i) => lowered.has(i));
    const floatUse = readers.some(isFloatNode);
    const storage: ZeroPointStorage = floatUse ? zeroPointStorage(graph, index, c) : 'scalar-zero';
    const base = label(c.tensor.id);
    let stored: StoredConstant | undefined;
    if (c.role === 'bias' && !floatUse) {
      // QLinearConv takes the int32 bias alone: its scale is implied (s_input × s_weight).
      const id = edit.constant(`${base}_q`, 'int32', [c.q.values.length], storedBytes(c.q.values, 'int32'));
      intWeight.set(c.tensor.id, { values: id, scale: '', zeroPoint: '' });
      bytesOf.set(c.tensor.id, quantizedBytes(c.q, c.dtype, 'omit-zero', false));
      continue;
    }
    const gemm = intUse.find((i) => lowered.get(i)!.kind === 'gemm');
    if (gemm !== undefined) {
      const transB = graph.nodes[gemm]!.attributes['transB'];
      const t = transB?.type === 'int' && transB.value === 1;
      stored = storeQuantized(edit, base, gemmWeightDims(c, t), gemmWeight(c, t), c.dtype, 'scalar-zero');
    } else if (intUse.length || floatUse) {
      stored = storeQuantized(edit, base, c.dims, c.q, c.dtype, intUse.length ? 'scalar-zero' : storage);
    }
    if (!stored) continue;
    if (intUse.length) intWeight.set(c.tensor.id, stored);
    if (floatUse) {
      // A scalar zero point beside per-channel scales suits QLinearConv, not DequantizeLinear: leave it out.
      const dqZero = stored.zeroPoint !== '' && c.q.zeroPoint.every((z) => z === 0) ? '' : stored.zeroPoint;
      addDequantize(edit, c.tensor.id, { ...stored, zeroPoint: dqZero }, c.placement, c.q.scaleDims.length > 0);
    }
    bytesOf.set(c.tensor.id, quantizedBytes(c.q, c.dtype, floatUse && !intUse.length ? storage : 'scalar-zero'));
  }

  // Nodes: integer ops in place of the lowered ones; float ops read float views.
  graph.nodes.forEach((node, i) => {
    const l = lowered.get(i);
    if (folded.has(i)) edit.replaceNode(i, null);
    else if (l) writeLowered(edit, node, i, l, { qName, actParams, intWeight, tensors });
    else {
      const inputs = node.inputs.map((id) => (p.activation.has(id) ? floatView(id) : id));
      const outs = node.outputs.map((id) =>
        p.activation.has(id) && floatOutput(id) ? edit.fresh(`${label(id)}_float`) : id,
      );
      outs.forEach((id, k) => {
        if (id !== node.outputs[k]) {
          edit.declareOutput(id);
          renamedOutput.set(node.outputs[k]!, id);
        }
      });
      if (inputs.some((id, k) => id !== node.inputs[k]) || outs.some((id, k) => id !== node.outputs[k]))
        edit.replaceNode(i, { ...node, inputs, outputs: outs });
    }
  });

  // Quantize where float data enters the integer part; dequantize where float readers need it.
  const readByFloat = new Set<string>(graph.outputs);
  graph.nodes.forEach((n, i) => {
    if (isFloatNode(i)) for (const id of nodeReads(n)) readByFloat.add(id);
  });
  for (const group of p.groups) {
    for (const id of group.members) {
      const [s, z] = actParams(id);
      const at = intProducer.get(id);
      const needFloat = readByFloat.has(id);
      if (at !== undefined) {
        if (needFloat) edit.addAfter(at, dq(edit, qName(id), s, z, id));
        continue;
      }
      if (!needFloat && !intReaders.has(id)) continue;
      const producer = index.producer.get(id);
      const quantize = {
        ...edit.makeNode('QuantizeLinear', [renamedOutput.get(id) ?? id, s, z], [qName(id)]),
        name: '',
      };
      const added = needFloat ? [quantize, dq(edit, qName(id), s, z, floatView(id))] : [quantize];
      for (const n of added) {
        if (producer === undefined) edit.addAtStart(n);
        else edit.addAfter(producer, n);
      }
    }
  }

  const layers = p.layers.map((entry) => {
    if (entry.kind === 'float') return entry.report;
    const c = entry.constant;
    return weightLayer(c.node, c.tensor, c.role, c.q, c.dtype, c.placement, bytesOf.get(c.tensor.id));
  });
  return {
    graph: dropUnread(edit.build()),
    layers,
    activations: p.activations,
    warnings: [...p.warnings, ...notes(graph, lowered, folded, p.classOf)],
  };
}

function dq(edit: GraphEdit, input: string, scale: string, zeroPoint: string, output: string): Node {
  return { ...edit.makeNode('DequantizeLinear', [input, scale, zeroPoint], [output]), name: '' };
}

// A Gemm weight as the 1-D convolution's [N, K, 1] (transposed from [K, N] when transB = 0).
function gemmWeightDims(c: QuantizedConstant, transB: boolean): number[] {
  const [a, b] = c.dims as [number, number];
  return transB ? [a, b, 1] : [b, a, 1];
}

function gemmWeight(c: QuantizedConstant, transB: boolean): QuantizedTensor {
  if (transB) return c.q;
  const [k, n] = c.dims as [number, number];
  const from = c.q.values;
  const values = from.slice();
  for (let r = 0; r < k; r++) for (let j = 0; j < n; j++) values[j * k + r] = from[r * n + j]!;
  return { ...c.q, values };
}

interface Names {
  readonly qName: (id: string) => string;
  readonly actParams: (id: string) => [string, string];
  readonly intWeight: ReadonlyMap<string, StoredConstant>;
  readonly tensors: ReadonlyMap<string, Tensor>;
}

// The integer op(s) standing for the lowered node at `i` (ids and names of the original node are kept).
function writeLowered(edit: GraphEdit, node: Node, i: number, l: Lowered, n: Names): void {
  if (l.kind === 'move') {
    const ins = new Set(dataInputs(node));
    const outs = new Set(dataOutputs(node));
    const inputs = node.inputs.map((id, k) => (ins.has(k) && id !== '' ? n.qName(id) : id));
    const outputs = node.outputs.map((id, k) => (outs.has(k) && id !== '' ? n.qName(id) : id));
    for (const id of outputs) if (id !== '') edit.declareOutput(id);
    edit.replaceNode(i, { ...node, inputs, outputs });
    return;
  }
  const x = node.inputs[0]!;
  const [xs, xz] = n.actParams(x);
  const [ys, yz] = n.actParams(l.target);
  const output = n.qName(l.target);
  edit.declareOutput(output);
  const weight = (id: string): string[] => {
    const w = n.intWeight.get(id);
    if (w) return [w.values, w.scale, w.zeroPoint];
    const [s, z] = n.actParams(id);
    return [n.qName(id), s, z];
  };
  const bias = node.inputs[2] ? [n.intWeight.get(node.inputs[2])!.values] : [];
  if (l.kind === 'matmul') {
    const inputs = [n.qName(x), xs, xz, ...weight(node.inputs[1]!), ys, yz];
    edit.replaceNode(i, { ...node, op: 'QLinearMatMul', inputs, outputs: [output], attributes: {} });
    return;
  }
  if (l.kind === 'conv') {
    const inputs = [n.qName(x), xs, xz, ...weight(node.inputs[1]!), ys, yz, ...bias];
    edit.replaceNode(i, { ...node, op: 'QLinearConv', inputs, outputs: [output] });
    return;
  }
  // Gemm: [M, K] → [M, K, 1] → QLinearConv with W [N, K, 1] → [M, N, 1] → Flatten → [M, N].
  const base = node.name || node.id;
  const axes = edit.sharedConstant(`${base}_axes`, 'int64', [1], BigInt64Array.of(2n));
  const widened = edit.fresh(`${base}_in`);
  const narrowed = edit.fresh(`${base}_out`);
  edit.addBefore(i, { ...edit.makeNode('Unsqueeze', [n.qName(x), axes], [widened]), name: '' });
  const inputs = [widened, xs, xz, ...weight(node.inputs[1]!), ys, yz, ...bias];
  edit.declareOutput(narrowed);
  edit.replaceNode(i, { ...node, op: 'QLinearConv', inputs, outputs: [narrowed], attributes: {} });
  edit.addAfter(i, {
    ...edit.makeNode('Flatten', [narrowed], [output], { axis: { type: 'int', value: 1 } }),
    name: '',
  });
}

// What the user should know about the QOperator graph.
function notes(
  graph: Graph,
  lowered: ReadonlyMap<number, Lowered>,
  folded: ReadonlySet<number>,
  classOf: (node: Node) => unknown,
): string[] {
  const out: string[] = [];
  const named = (n: Node): string => `${n.op} "${n.name || n.id}"`;
  const list = (nodes: readonly Node[]): string =>
    `${nodes.slice(0, 5).map(named).join(', ')}${nodes.length > 5 ? ', …' : ''}`;
  const floatOps = graph.nodes.filter((n, i) => classOf(n) !== undefined && !lowered.has(i) && !folded.has(i));
  if (floatOps.length)
    out.push(
      `${floatOps.length} node(s) run in float between DequantizeLinear and QuantizeLinear (no standard ONNX integer operator fits them here): ${list(floatOps)}`,
    );
  if (folded.size)
    out.push(
      `${folded.size} Relu/Clip node(s) folded into the integer layer before them (its output range clamps the same way)`,
    );
  const gemms = graph.nodes.filter((n, i) => lowered.get(i)?.kind === 'gemm');
  if (gemms.length)
    out.push(
      `Gemm layers run as a 1-D QLinearConv (Unsqueeze → QLinearConv → Flatten), since QLinearMatMul has no int32 bias input: ${list(gemms)}`,
    );
  return out;
}
