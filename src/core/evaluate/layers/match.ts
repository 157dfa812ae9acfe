// Which layer of one model is which layer of another member of its family (a float original and its
// int8 / pruned / clustered variant, or any two variants). Transforms keep tensor names where they can
// (ONNX QDQ keeps every float tensor and adds `<name>_q` / `<name>_dq`; QOperator names an int8 activation
// `<name>_q`; TFLite int8 keeps names and adds `<name>_int8` / `<name>_float` conversions; pruning and
// clustering rewrite weights only), so layers are matched by the tensor they write first, then — ONNX
// only, where node ids are the file's node names — by node id and by node name. TFLite node ids are
// positions, which shift when conversions are inserted, so they are never matched on.
import type { Model, Node } from '../../ir/types';
import { effectiveTensor, layerNodes, probeOf, type TensorProbe } from './probe';

/** A node as a result names it. */
export interface LayerRef {
  readonly nodeId: string;
  readonly name: string;
  readonly op: string;
}

/** How two layers were found to be the same. */
export type MatchedBy = 'tensor' | 'node-id' | 'node-name';

/** One layer of the model and its counterpart in the reference, with the tensors that hold their values. */
export interface LayerMatch extends LayerRef {
  readonly reference: LayerRef;
  readonly probe: TensorProbe;
  readonly referenceProbe: TensorProbe;
  readonly by: MatchedBy;
}

export interface LayerMatching {
  /** Matched layers in the model's node order. */
  readonly pairs: readonly LayerMatch[];
  /** Layers of the model with no counterpart in the reference. */
  readonly unmatched: readonly LayerRef[];
  /** The models' first graph outputs. */
  readonly output: { readonly probe: TensorProbe; readonly referenceProbe: TensorProbe };
}

// Suffixes the quantizers give the tensors they derive from a float one (with a dedupe counter).
const DERIVED_SUFFIX = /_(?:q|dq|float|int8|quantized)(?:_\d+)?$/;

const refOf = (node: Node): LayerRef => ({ nodeId: node.id, name: node.name, op: node.op });

/** The names a layer's value goes by: its first output, what readers see, and both without a quantizer suffix. */
function keysOf(model: Model, node: Node): string[] {
  const out = node.outputs[0]!;
  const seen = effectiveTensor(model, out);
  const keys = [out, seen, out.replace(DERIVED_SUFFIX, ''), seen.replace(DERIVED_SUFFIX, '')];
  return [...new Set(keys)];
}

/**
 * Matches the layers of `model` to those of `reference` (see the file comment). Each reference layer is
 * matched at most once; a layer fused away in one model (a Conv whose bias Add was folded into it) finds
 * its counterpart through the tensor the fused group writes.
 */
export function matchLayers(model: Model, reference: Model): LayerMatching {
  const layers = layerNodes(model.graph);
  const refLayers = layerNodes(reference.graph);
  const byKey = new Map<string, Node>();
  for (const node of refLayers) for (const key of keysOf(reference, node)) if (!byKey.has(key)) byKey.set(key, node);
  const taken = new Set<string>();
  const found = new Map<string, { node: Node; by: MatchedBy }>();
  const claim = (layer: Node, node: Node | undefined, by: MatchedBy): void => {
    if (!node || taken.has(node.id) || found.has(layer.id)) return;
    taken.add(node.id);
    found.set(layer.id, { node, by });
  };

  for (const layer of layers) {
    const hit = keysOf(model, layer)
      .map((key) => byKey.get(key))
      .find((node) => node !== undefined && !taken.has(node.id));
    claim(layer, hit, 'tensor');
  }
  if (model.format === 'onnx' && reference.format === 'onnx') {
    const byId = new Map(refLayers.map((n) => [n.id, n]));
    // A node the quantizer added (QOperator's Flatten after a 1×1 QLinearConv standing for a Gemm) hands
    // its match to the model's own layer of the matched node's id: the same values, on the layer users know.
    const own = new Map(layers.map((n) => [n.id, n]));
    for (const layer of layers) {
      const match = found.get(layer.id);
      const heir = match && !byId.has(layer.id) ? own.get(match.node.id) : undefined;
      if (!match || !heir || found.has(heir.id)) continue;
      found.delete(layer.id);
      found.set(heir.id, { node: match.node, by: 'node-id' });
    }
    const byName = new Map<string, Node>();
    for (const n of refLayers) if (n.name !== '' && !byName.has(n.name)) byName.set(n.name, n);
    for (const layer of layers) claim(layer, byId.get(layer.id), 'node-id');
    for (const layer of layers) if (layer.name !== '') claim(layer, byName.get(layer.name), 'node-name');
  }

  const pairs: LayerMatch[] = [];
  const unmatched: LayerRef[] = [];
  for (const layer of layers) {
    const match = found.get(layer.id);
    if (!match) {
      unmatched.push(refOf(layer));
      continue;
    }
    pairs.push({
      ...refOf(layer),
      reference: refOf(match.node),
      probe: probeOf(model, layer.outputs[0]!),
      referenceProbe: probeOf(reference, match.node.outputs[0]!),
      by: match.by,
    });
  }
  return {
    pairs,
    unmatched,
    output: {
      probe: probeOf(model, model.graph.outputs[0] ?? ''),
      referenceProbe: probeOf(reference, reference.graph.outputs[0] ?? ''),
    },
  };
}

/** Every tensor a run must expose to measure `matching`: the layers' probes and the first output. */
export function observedTensors(matching: LayerMatching, side: 'model' | 'reference'): string[] {
  const pick = (p: { probe: TensorProbe; referenceProbe: TensorProbe }) =>
    (side === 'model' ? p.probe : p.referenceProbe).tensor;
  return [...new Set([...matching.pairs.map(pick), pick(matching.output)])].filter((id) => id !== '');
}
