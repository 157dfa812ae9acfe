// Writing changed weight values back into a new model: the tensor's data, or the Constant node's value.
// Nothing else changes (shapes, dtypes and quantization parameters stay), so the graph stays valid.
import { TransformError } from '../../errors';
import { validateGraph } from '../../ir/validate';
import type { Model, Node, Tensor } from '../../ir/types';
import type { WeightRef } from './types';
import { encodeWeight } from './values';

/** New real values per weight (one entry per WeightRef, so a shared weight is written once). */
export type WeightUpdates = ReadonlyMap<WeightRef, Float32Array>;

function withBytes(t: Tensor, bytes: Uint8Array): Tensor {
  // The new bytes are loaded in memory: an external-data reference would now be stale.
  const { external: _external, ...data } = t.data ?? {};
  return { ...t, data: { ...data, bytes } };
}

/** `model` with the weights in `updates` replaced by their new values (encoded in their stored type). */
export function writeWeights(model: Model, updates: WeightUpdates): Model {
  if (updates.size === 0) return model;
  const tensors = new Map<string, Uint8Array>();
  const constants = new Map<string, Uint8Array>();
  for (const [ref, values] of updates) {
    if (values.length !== ref.elements)
      throw new TransformError(
        'invalid-result',
        `weight "${ref.tensor}": ${values.length} new values for ${ref.elements} elements`,
      );
    const bytes = encodeWeight(ref, values, model.format);
    if (ref.storage === 'constant-node') constants.set(ref.constantNode!, bytes);
    else tensors.set(ref.tensor, bytes);
  }
  const graph = model.graph;
  const nodes = constants.size
    ? graph.nodes.map((n): Node => {
        const bytes = constants.get(n.id);
        const value = n.attributes['value'];
        if (!bytes || !value || value.type !== 'tensor') return n;
        return {
          ...n,
          attributes: { ...n.attributes, value: { type: 'tensor', value: withBytes(value.value, bytes) } },
        };
      })
    : graph.nodes;
  const newTensors = tensors.size
    ? graph.tensors.map((t) => {
        const bytes = tensors.get(t.id);
        return bytes ? withBytes(t, bytes) : t;
      })
    : graph.tensors;
  return { ...model, graph: { ...graph, nodes, tensors: newTensors } };
}

/**
 * Throws TransformError('invalid-result') when `after` has structural problems `before` did not have (a
 * transform answers for what it changed, not for a file that was already inconsistent).
 */
export function checkResult(before: Model, after: Model, what: string): void {
  if (before === after) return;
  const known = new Set(validateGraph(before.graph).map((p) => p.message));
  const fresh = validateGraph(after.graph).filter((p) => !known.has(p.message));
  if (fresh.length)
    throw new TransformError('invalid-result', `${what} produced an invalid graph: ${fresh[0]!.message}`);
}
