import type { Graph, Shape } from '../ir/types';
import type { ShapeInference, TensorType } from '../shape/types';

/** The type of a tensor id: what inference found, completed by what the graph declares. */
export type TypeOf = (tensorId: string) => TensorType | undefined;

/**
 * Looks types up in `inference` first and falls back to the graph's declarations, so a missing or
 * partial inference never hides a shape the file itself states.
 */
export function typeLookup(graph: Graph, inference?: ShapeInference): TypeOf {
  const declared = new Map<string, TensorType>();
  for (const t of graph.tensors) declared.set(t.id, t.shape === undefined ? { dtype: t.dtype } : t);
  return (id) => {
    const inferred = inference?.types.get(id);
    const own = declared.get(id);
    if (!inferred) return own;
    if (!own) return inferred;
    const dtype = inferred.dtype !== 'undefined' ? inferred.dtype : own.dtype;
    const shape = inferred.shape ?? own.shape;
    return shape === undefined ? { dtype } : { dtype, shape };
  };
}

/**
 * Static dimensions of a shape with symbolic dims taken as 1 (DESIGN.md: batch 1); undefined when the
 * rank or any dimension is unknown.
 */
export function concreteDims(shape: Shape | undefined): number[] | undefined {
  if (shape === undefined) return undefined;
  const dims: number[] = [];
  for (const d of shape) {
    if (typeof d === 'number') dims.push(d);
    else if (typeof d === 'string') dims.push(1);
    else return undefined;
  }
  return dims;
}

/** Product of dimensions (1 for a scalar). */
export function product(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}
