// Exposing intermediate tensors: either as extra graph outputs (for a runtime that only returns outputs,
// such as onnxruntime), or straight from the reference executor, which can report any tensor it computes.
import { ExecutionError } from '../../errors';
import { runModelTensors, type AbortSignalLike } from '../../execute/run';
import { unsupportedOps } from '../../execute/plan';
import type { Model } from '../../ir/types';
import type { OutputTensor, Runner } from '../evaluate';

/**
 * `model` with the tensors `ids` appended to its graph outputs (graph inputs, constants and tensors that
 * are already outputs are left out), so a runtime returns them. Nothing else changes.
 */
export function withGraphOutputs(model: Model, ids: readonly string[]): Model {
  const graph = model.graph;
  const skip = new Set([...graph.inputs, ...graph.outputs]);
  for (const t of graph.tensors) if (t.data !== undefined) skip.add(t.id);
  const produced = new Set(graph.nodes.flatMap((n) => n.outputs));
  const extra = [...new Set(ids)].filter((id) => id !== '' && !skip.has(id) && produced.has(id));
  if (extra.length === 0) return model;
  return { ...model, graph: { ...graph, outputs: [...graph.outputs, ...extra] } };
}

export interface ObservingOptions {
  readonly signal?: AbortSignalLike;
  /** How often the executor yields to the event loop (ms; see RunOptions.yieldEveryMs). */
  readonly yieldEveryMs?: number;
}

/**
 * A runner over the reference executor that returns the graph outputs and the tensors `observe`, all by
 * tensor id (a batch the executor runs in chunks comes back joined along the first axis). Throws an
 * ExecutionError at once when the executor lacks an operator of the model.
 */
export function observingExecutor(model: Model, observe: readonly string[], options: ObservingOptions = {}): Runner {
  const missing = unsupportedOps(model);
  if (missing.length)
    throw new ExecutionError(
      'unsupported-op',
      `the reference executor cannot run ${missing.slice(0, 6).join(', ')}${missing.length > 6 ? ` and ${missing.length - 6} more` : ''}`,
    );
  const wanted = new Set(observe);
  return async (feeds) => {
    const parts = new Map<string, { chunks: Float32Array[]; shapes: (readonly number[])[] }>();
    const outputs = await runModelTensors(model, feeds, {
      observe: wanted,
      onTensor: (id, values, tensor) => {
        const entry = parts.get(id) ?? { chunks: [], shapes: [] };
        // The buffer is recycled once the tensor is dead: keep a copy.
        entry.chunks.push(Float32Array.from(values));
        entry.shapes.push(tensor.shape);
        parts.set(id, entry);
      },
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.yieldEveryMs !== undefined ? { yieldEveryMs: options.yieldEveryMs } : {}),
    });
    const result: Record<string, OutputTensor> = {};
    for (const [id, t] of Object.entries(outputs)) result[id] = { data: t.data, shape: t.shape };
    for (const [id, { chunks, shapes }] of parts) result[id] = joined(chunks, shapes);
    return result;
  };
}

function joined(chunks: readonly Float32Array[], shapes: readonly (readonly number[])[]): OutputTensor {
  const first = shapes[0] ?? [];
  if (chunks.length === 1) return { data: chunks[0]!, shape: first };
  const data = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    data.set(c, at);
    at += c.length;
  }
  const rows = shapes.reduce((n, s) => n + (s[0] ?? 1), 0);
  return { data, shape: first.length ? [rows, ...first.slice(1)] : [data.length] };
}
