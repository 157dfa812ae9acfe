// Small helpers of fitAdvice: how a saving reads, how many layers a patch stage holds, float weight bytes.
import type { ModelAnalysis } from '../analysis/analyze';
import { isConstantNode } from '../analysis/params';
import { constantByteLength } from '../ir/tensor';
import type { Model } from '../ir/types';

/** "−75 %" for a saving under 2×, "−8×" (or "−2.5×") from 2× on: the way MCUNetV2 and users compare peaks. */
export function savingText(current: number, needed: number): string {
  if (needed > 0 && current / needed >= 2) {
    const ratio = current / needed;
    return `−${ratio >= 10 ? Math.round(ratio) : Number(ratio.toFixed(1))}×`;
  }
  const percent = ((current - needed) / current) * 100;
  return `−${percent >= 1 ? Math.round(percent) : Number(percent.toFixed(1))} %`;
}

/** Layers of a patch stage: its nodes doing multiply-accumulates (convolutions), or all of them if none do. */
export function stageLayers(analysis: ModelAnalysis, stageNodeIds: readonly string[]): number {
  const stage = new Set(stageNodeIds);
  const layers = analysis.layers.filter((l) => stage.has(l.nodeId) && l.macs > 0).length;
  return layers > 0 ? layers : stageNodeIds.length;
}

/** Bytes of float32 constants in the model's graphs (tensors with data and Constant nodes' tensor values). */
export function float32WeightBytes(model: Model): number {
  let bytes = 0;
  for (const graph of [model.graph, ...(model.subgraphs ?? [])]) {
    // A reader may also attach a Constant node's value to its output tensor: count it once, from the node.
    const fromNodes = new Set<string>();
    for (const node of graph.nodes) {
      if (!isConstantNode(node)) continue;
      node.outputs.forEach((id) => fromNodes.add(id));
      const value = node.attributes['value'];
      if (value?.type === 'tensor' && value.value.dtype === 'float32') bytes += constantByteLength(value.value);
    }
    for (const t of graph.tensors)
      if (t.data && t.dtype === 'float32' && !fromNodes.has(t.id)) bytes += constantByteLength(t);
  }
  return bytes;
}
