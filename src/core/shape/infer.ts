// Placeholder: declared types only. The shape-inference work replaces this with per-op rules.
import type { Model } from '../ir/types';
import type { ShapeInference, ShapeInferenceOptions, TensorType } from './types';

/** Types of every tensor of the model's main graph: declared ones, completed by per-op inference rules. */
export function inferShapes(model: Model, options: ShapeInferenceOptions = {}): ShapeInference {
  const types = new Map<string, TensorType>();
  for (const t of model.graph.tensors) {
    const shape = options.inputShapes?.[t.id] ?? t.shape;
    types.set(t.id, shape === undefined ? { dtype: t.dtype } : { dtype: t.dtype, shape });
  }
  return { types, folded: new Map(), problems: [] };
}
