// Whether a batch of N samples can run through a model at once, or must run in chunks of the model's own
// fixed batch size (graphs exported at batch 1 often bake it into a Reshape, as ONNX zoo's MNIST does).
import { inferShapes } from '../shape/infer';
import type { Model, Shape } from '../ir/types';
import type { ExecutionPlan } from './plan';
import type { RuntimeTensor } from './types';

const verdicts = new WeakMap<Model, Map<number, boolean>>();

/** The model with only its inputs' and constants' shapes declared, so inference relies on its rules alone. */
function undeclared(model: Model): Model {
  const keep = new Set(model.graph.inputs);
  const tensors = model.graph.tensors.map((t) => {
    if (keep.has(t.id) || t.data || t.shape === undefined) return t;
    const { shape: _shape, ...rest } = t;
    return rest;
  });
  return { ...model, graph: { ...model.graph, tensors } };
}

/** True when ONNX shape rules find no new inconsistency with the batch dim set to `batch`. */
function onnxTakesBatch(plan: ExecutionPlan, batch: number): boolean {
  const model = plan.model;
  let byBatch = verdicts.get(model);
  const known = byBatch?.get(batch);
  if (known !== undefined) return known;
  const bare = undeclared(model);
  const shapes: Record<string, Shape> = Object.fromEntries(
    plan.feedInputs.filter((t) => t.shape && t.shape.length > 0).map((t) => [t.id, [batch, ...t.shape!.slice(1)]]),
  );
  const key = (p: { nodeId: string; code: string }): string => `${p.nodeId}\u0000${p.code}`;
  // Problems the model has as declared are not the batch's fault.
  const before = new Set(inferShapes(bare).problems.map(key));
  const after = inferShapes(bare, { inputShapes: shapes }).problems;
  const ok = after.every((p) => before.has(key(p)));
  if (!byBatch) verdicts.set(model, (byBatch = new Map()));
  byBatch.set(batch, ok);
  return ok;
}

/**
 * How many rows of the batch to run at a time: undefined to run it whole. Chunks are used when an input
 * declares a fixed leading dim (e.g. 1) that the feeds exceed, and (ONNX) the graph's shape rules say a
 * larger batch would not flow through, or (TFLite, whose files fix every shape) always.
 */
export function chunkSizeFor(plan: ExecutionPlan, feeds: ReadonlyMap<string, RuntimeTensor>): number | undefined {
  let chunk: number | undefined;
  let batch: number | undefined;
  for (const t of plan.feedInputs) {
    const declared = t.shape?.[0];
    const fed = feeds.get(t.id)?.shape[0];
    if (typeof declared !== 'number' || fed === undefined || fed === declared || declared <= 0) continue;
    if (fed % declared !== 0) return undefined; // let the kernels report the mismatch
    chunk = chunk === undefined ? declared : Math.min(chunk, declared);
    batch = fed;
  }
  if (chunk === undefined || batch === undefined) return undefined;
  if (plan.model.format === 'onnx' && onnxTakesBatch(plan, batch)) return undefined;
  return chunk;
}
