// Two members of a family side by side, layer by layer: the bytes each layer stores, how sparse its weight is,
// and how far the weight moved from A to B (‖B − A‖ / ‖A‖ of the real values). Quantized variants add
// Quantize / Dequantize nodes around the layers; those are folded into the layer they feed, so "Conv_0"
// in the original and "Conv_0" reading int8 weights through a DequantizeLinear are the same row.
import {
  CONVERSION_OPS,
  constantByteLength,
  indexGraph,
  realValues,
  type Graph,
  type Node,
  type Tensor,
} from '../core';
import { alignedChange, type Aligned, type WeightValues } from './compare-align';
import { constantTensor } from './graph-view';
import type { LayerChange, MemberComparison, ModelId } from './protocol';
import { nodeLabel, nodeWeight } from './weight-layers';

const DEQUANT_OPS = new Set(['DequantizeLinear', 'DEQUANTIZE']);

/** ONNX QOperator layers: [weight input, its scale, its zero point] (operator docs: QLinearConv, QLinearMatMul). */
const QLINEAR_WEIGHTS: Readonly<Record<string, readonly [number, number, number]>> = {
  QLinearConv: [3, 4, 5],
  QLinearMatMul: [3, 4, 5],
};

interface Layer {
  readonly node: Node;
  readonly name: string;
  readonly weightBytes: number;
  readonly weight?: WeightValues;
  readonly sparsity?: number;
}

// Nodes that only move values between integer and float (CONVERSION_OPS) are part of the layer they feed.
const isLayer = (node: Node): boolean => !CONVERSION_OPS.has(node.op) && node.op !== 'Constant';

function numbers(t: Tensor | undefined): Float64Array | undefined {
  return t ? realValues(t)?.values : undefined;
}

/**
 * A QLinearConv / QLinearMatMul's integer weight with the scale and zero point the node applies attached, so
 * its real values compare with the float original (per output channel: axis 0 of a conv weight, the last
 * axis of a matmul's B).
 */
function qlinearWeight(graph: Graph, node: Node): Tensor | undefined {
  const at = QLINEAR_WEIGHTS[node.op];
  const id = at && node.inputs[at[0]];
  const tensor = id ? constantTensor(graph, id) : undefined;
  if (!at || !tensor || tensor.quant) return tensor;
  const scale = numbers(constantTensor(graph, node.inputs[at[1]] ?? ''));
  if (!scale?.length) return undefined;
  const zero = numbers(constantTensor(graph, node.inputs[at[2]] ?? ''));
  const rank = tensor.shape?.length ?? 0;
  return {
    ...tensor,
    quant: {
      scale: [...scale],
      zeroPoint: zero?.length ? [...zero] : [...scale].map(() => 0),
      ...(scale.length > 1 ? { axis: node.op === 'QLinearConv' ? 0 : Math.max(0, rank - 1) } : {}),
    },
  };
}

function mainWeight(graph: Graph, node: Node): Tensor | undefined {
  return QLINEAR_WEIGHTS[node.op] ? qlinearWeight(graph, node) : nodeWeight(graph, node)?.tensor;
}

/** The layers of a graph in node order, each constant's bytes counted at its first reader only. */
function layersOf(graph: Graph): Layer[] {
  const index = indexGraph(graph);
  const counted = new Set<string>();
  const bytesOf = (id: string): number => {
    if (id === '' || counted.has(id)) return 0;
    const t = constantTensor(graph, id);
    if (!t) return 0;
    counted.add(id);
    return constantByteLength(t);
  };
  const out: Layer[] = [];
  for (const node of graph.nodes) {
    if (!isLayer(node)) continue;
    let weightBytes = 0;
    for (const id of node.inputs) {
      if (id === '') continue;
      const p = index.producer.get(id);
      const producer = p === undefined ? undefined : graph.nodes[p];
      // A weight stored as integers reaches the layer through a dequantizer: its inputs are the layer's.
      if (producer && DEQUANT_OPS.has(producer.op)) for (const input of producer.inputs) weightBytes += bytesOf(input);
      else weightBytes += bytesOf(id);
    }
    const tensor = mainWeight(graph, node);
    const values = tensor ? numbers(tensor) : undefined;
    let sparsity: number | undefined;
    if (values && values.length > 0) {
      let zeros = 0;
      for (let i = 0; i < values.length; i++) if (values[i] === 0) zeros++;
      sparsity = zeros / values.length;
    }
    out.push({
      node,
      name: nodeLabel(graph, node),
      weightBytes,
      ...(values && tensor ? { weight: { values, shape: tensor.shape }, sparsity } : {}),
    });
  }
  return out;
}

/** For each layer of B, the index of its layer in A: the same node id, else the first unmatched same name. */
function match(a: readonly Layer[], b: readonly Layer[]): (number | undefined)[] {
  const byId = new Map(a.map((l, i) => [l.node.id, i]));
  const byName = new Map<string, number[]>();
  a.forEach((l, i) => {
    if (l.node.name) byName.set(l.node.name, [...(byName.get(l.node.name) ?? []), i]);
  });
  const used = new Set<number>();
  const out = b.map((l) => {
    const i = byId.get(l.node.id);
    if (i === undefined || used.has(i)) return undefined;
    used.add(i);
    return i;
  });
  b.forEach((l, j) => {
    if (out[j] !== undefined || !l.node.name) return;
    const i = byName.get(l.node.name)?.find((k) => !used.has(k));
    if (i === undefined) return;
    used.add(i);
    out[j] = i;
  });
  return out;
}

function row(a: Layer | undefined, b: Layer | undefined, aligned: Aligned | undefined): LayerChange {
  const side = (b ?? a)!;
  return {
    ...(a ? { nodeIdA: a.node.id } : {}),
    ...(b ? { nodeIdB: b.node.id } : {}),
    name: side.name,
    op: side.node.op,
    ...(a && b && a.node.op !== b.node.op ? { opA: a.node.op } : {}),
    weightBytesA: a?.weightBytes ?? 0,
    weightBytesB: b?.weightBytes ?? 0,
    ...(a?.sparsity !== undefined ? { sparsityA: a.sparsity } : {}),
    ...(b?.sparsity !== undefined ? { sparsityB: b.sparsity } : {}),
    ...(a?.weight ? { elementsA: a.weight.values.length } : {}),
    ...(b?.weight ? { elementsB: b.weight.values.length } : {}),
    ...(aligned?.change !== undefined ? { change: aligned.change } : {}),
    ...(aligned?.note !== undefined ? { note: aligned.note } : {}),
  };
}

/** Model B against model A, layer by layer (see `MemberComparison`). */
export function compareMembers(
  a: { readonly modelId: ModelId; readonly graph: Graph },
  b: { readonly modelId: ModelId; readonly graph: Graph },
): MemberComparison {
  const la = layersOf(a.graph);
  const lb = layersOf(b.graph);
  const matched = match(la, lb);
  const rowOfA = new Map<number, number>();
  matched.forEach((i, j) => {
    if (i !== undefined) rowOfA.set(i, j);
  });
  // Layers only A has go after the B layer matched to the nearest layer before them in A.
  const onlyA = new Map<number, number[]>();
  let anchor = -1;
  la.forEach((_, i) => {
    const j = rowOfA.get(i);
    if (j !== undefined) anchor = j;
    else onlyA.set(anchor, [...(onlyA.get(anchor) ?? []), i]);
  });
  const layers: LayerChange[] = [];
  const pushOnlyA = (after: number) => {
    for (const i of onlyA.get(after) ?? []) layers.push(row(la[i], undefined, undefined));
  };
  let diff = 0;
  let norm = 0;
  let compared = 0;
  pushOnlyA(-1);
  lb.forEach((l, j) => {
    const i = matched[j];
    const pair = i === undefined ? undefined : la[i];
    const aligned = pair?.weight && l.weight ? alignedChange(pair.weight, l.weight) : undefined;
    if (aligned?.change !== undefined) {
      compared++;
      diff += aligned.squaredDiff;
      norm += aligned.squaredNorm;
    }
    layers.push(row(pair, l, aligned));
    pushOnlyA(j);
  });
  return {
    aId: a.modelId,
    bId: b.modelId,
    layers,
    compared,
    ...(compared > 0 ? { change: norm > 0 ? Math.sqrt(diff / norm) : diff > 0 ? Infinity : 0 } : {}),
  };
}
