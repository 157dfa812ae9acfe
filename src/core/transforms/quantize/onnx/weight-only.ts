// Weight-only quantization (int8 "dynamic range" and 4-bit): the weights of Conv, ConvTranspose, Gemm,
// MatMul and recurrent layers become integers behind a DequantizeLinear; activations and biases stay float.
import { indexGraph } from '../../../ir/graph-index';
import { constantElementCount } from '../../../ir/tensor';
import type { Graph, Tensor } from '../../../ir/types';
import { quantizeTensor } from '../quantize-tensor';
import type { LayerReport, QuantizeOptions } from '../types';
import { emitDequantized } from './emit';
import { GraphEdit } from './graph-edit';
import { float32Values, staticDims } from './values';
import { weightSlots } from './weight-slots';
import { floatLayer, weightLayer, weightPlacement } from './weights';

export interface WeightOnlyResult {
  readonly graph: Graph;
  readonly layers: readonly LayerReport[];
  readonly warnings: readonly string[];
}

/** Quantizes the weights of `graph` to `bits` bits (per-layer overrides may choose other bits). */
export function quantizeWeightsOnly(graph: Graph, options: QuantizeOptions, bits: 4 | 8): WeightOnlyResult {
  const edit = new GraphEdit(graph, { compactNames: options.compactNames ?? false });
  const index = indexGraph(graph);
  const tensors = new Map<string, Tensor>(graph.tensors.map((t) => [t.id, t]));
  const overrides = options.overrides ?? {};
  const minElements = options.minElements ?? 16;
  const layers: LayerReport[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  let small = 0;
  for (const node of graph.nodes) {
    for (const slot of weightSlots(node, tensors, true)) {
      const id = node.inputs[slot.input]!;
      if (seen.has(id)) continue;
      seen.add(id);
      const tensor = tensors.get(id)!;
      const readers = (index.consumers.get(id) ?? []).map((i) => graph.nodes[i]!);
      if (readers.some((r) => overrides[r.id]?.keepFloat)) {
        layers.push(floatLayer(node, tensor, 'weight'));
        continue;
      }
      if (constantElementCount(tensor) < minElements) {
        small++;
        continue;
      }
      const choice = weightPlacement(graph, tensors, id, node, options, bits);
      const dims = staticDims(tensor);
      const q = quantizeTensor(float32Values(tensor), dims, choice.spec);
      emitDequantized(edit, id, dims, q, choice.spec.dtype, choice.placement);
      layers.push(weightLayer(node, tensor, 'weight', q, choice.spec.dtype, choice.placement));
    }
  }
  if (small)
    warnings.push(
      `${small} weight(s) with fewer than ${minElements} elements stay in float (quantizing them would not save bytes)`,
    );
  return { graph: edit.build(), layers, warnings };
}
