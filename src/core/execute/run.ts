// The reference executor: runs a model's main graph node by node in float32, in plain TypeScript, the
// same in Node (CLI, tests) and in a worker. It exists to gather calibration statistics and reference
// outputs where no runtime is at hand (tfjs-tflite does not run in Node).
import { ExecutionError } from '../errors';
import type { Model } from '../ir/types';
import { chunkSizeFor } from './batching';
import { normalizeFeeds, type Feed } from './feeds';
import { planFor, type ExecutionPlan } from './plan';
import { BufferPool } from './pool';
import { constantOf, runNode, type NodeRunState } from './run-node';
import type { RuntimeTensor } from './types';

/** What `runModel` needs of an AbortSignal (a real one fits). */
export interface AbortSignalLike {
  readonly aborted: boolean;
}

export interface RunOptions {
  /** Tensor ids whose values `onTensor` receives. */
  readonly observe?: ReadonlySet<string>;
  /**
   * Called with each observed tensor as soon as it is computed (graph inputs first). `values` are only
   * valid during the call: the buffer is recycled for later tensors once the tensor is dead, so copy what
   * you keep, and never write into it. `tensor` gives its dtype and shape. When a batch runs in chunks (see
   * `runModel`), a tensor is reported once per chunk.
   */
  readonly onTensor?: (id: string, values: Float32Array, tensor: RuntimeTensor) => void;
  /** Checked between nodes; the run rejects with ExecutionError 'cancelled' once it is aborted. */
  readonly signal?: AbortSignalLike;
  /** Called after each node with (nodes done, nodes in all chunks). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * How often (ms) the run yields to the event loop so that an abort message can arrive; default 50,
   * 0 never yields. Uses setTimeout where the host has it (Node, workers, pages).
   */
  readonly yieldEveryMs?: number;
}

type Timer = (callback: () => void, ms: number) => unknown;

function yieldToHost(): Promise<void> {
  const timer = (globalThis as { setTimeout?: Timer }).setTimeout;
  return new Promise((resolve) => (timer ? timer(resolve, 0) : resolve()));
}

interface Session {
  readonly plan: ExecutionPlan;
  readonly pool: BufferPool;
  readonly options: RunOptions;
  readonly totalNodes: number;
  doneNodes: number;
  lastYield: number;
}

function checkAbort(session: Session): void {
  if (session.options.signal?.aborted) throw new ExecutionError('cancelled', 'the run was cancelled');
}

/** One pass over the graph with one set of feeds; returns the graph outputs. */
async function runGraph(session: Session, feeds: Map<string, RuntimeTensor>): Promise<Map<string, RuntimeTensor>> {
  const { plan, pool, options } = session;
  const graph = plan.model.graph;
  const values = new Map<string, RuntimeTensor>(feeds);
  const state: NodeRunState = { plan, pool, values, constant: (id) => constantOf(plan, id) };
  const observe = options.observe;
  const report = (id: string, t: RuntimeTensor): void => {
    if (observe?.has(id)) options.onTensor?.(id, t.data, t);
  };
  for (const [id, t] of feeds) report(id, t);
  const every = options.yieldEveryMs ?? 50;
  for (let i = 0; i < graph.nodes.length; i++) {
    checkAbort(session);
    if (every > 0 && Date.now() - session.lastYield >= every) {
      await yieldToHost();
      session.lastYield = Date.now();
      checkAbort(session);
    }
    const outputs = runNode(state, i);
    for (const [id, t] of outputs) report(id, t);
    for (const id of plan.releaseAfter[i]!) {
      const t = values.get(id);
      if (!t) continue;
      values.delete(id);
      pool.release(t.data);
    }
    session.doneNodes++;
    options.onProgress?.(session.doneNodes, session.totalNodes);
  }
  const result = new Map<string, RuntimeTensor>();
  for (const id of graph.outputs) {
    const t = values.get(id) ?? state.constant?.(id);
    if (!t) throw new ExecutionError('unsupported-case', `graph output "${id}" was never computed`, id);
    result.set(id, t);
  }
  return result;
}

/** Rows [start, start + count) of a batched tensor. */
function sliceRows(t: RuntimeTensor, start: number, count: number): RuntimeTensor {
  const per = t.data.length / t.shape[0]!;
  return { ...t, shape: [count, ...t.shape.slice(1)], data: t.data.subarray(start * per, (start + count) * per) };
}

function concatRows(parts: readonly RuntimeTensor[], id: string): RuntimeTensor {
  const first = parts[0]!;
  if (first.shape.length === 0)
    throw new ExecutionError('unsupported-case', `output "${id}" is a scalar, so the batch cannot be split`, id);
  const total = parts.reduce((n, p) => n + p.data.length, 0);
  const data = new Float32Array(total);
  let at = 0;
  for (const p of parts) {
    data.set(p.data, at);
    at += p.data.length;
  }
  const rows = parts.reduce((n, p) => n + p.shape[0]!, 0);
  return { dtype: first.dtype, shape: [rows, ...first.shape.slice(1)], data };
}

/** Outputs the caller may keep: buffers detached from the pool, constants copied. */
function handOver(pool: BufferPool, t: RuntimeTensor): RuntimeTensor {
  if (pool.owns(t.data)) {
    pool.detach(t.data);
    return t;
  }
  return { ...t, data: Float32Array.from(t.data) };
}

/**
 * Runs a model and returns every graph output with its dtype and shape (see `runModel`).
 */
export async function runModelTensors(
  model: Model,
  feeds: Readonly<Record<string, Feed>>,
  options: RunOptions = {},
): Promise<Record<string, RuntimeTensor>> {
  const plan = planFor(model);
  const missing = plan.defs.findIndex((d) => d === undefined);
  if (missing >= 0) {
    const node = model.graph.nodes[missing]!;
    throw new ExecutionError(
      'unsupported-op',
      `the reference executor cannot run ${node.op} (node "${node.name || node.id}")`,
      node.id,
    );
  }
  const inputs = normalizeFeeds(plan, feeds);
  const chunk = chunkSizeFor(plan, inputs);
  const pool = new BufferPool();
  const batch = chunk ? [...inputs.values()].find((t) => t.shape.length > 0)!.shape[0]! : 1;
  const runs = chunk ? Math.ceil(batch / chunk) : 1;
  const session: Session = {
    plan,
    pool,
    options,
    totalNodes: runs * model.graph.nodes.length,
    doneNodes: 0,
    lastYield: Date.now(),
  };
  if (!chunk) {
    const out = await runGraph(session, inputs);
    return Object.fromEntries([...out].map(([id, t]) => [id, handOver(pool, t)]));
  }
  // Chunked: the model's batch dim is fixed (e.g. 1), so the batch runs `chunk` rows at a time.
  const parts = new Map<string, RuntimeTensor[]>();
  for (let start = 0; start < batch; start += chunk) {
    const count = Math.min(chunk, batch - start);
    const slice = new Map([...inputs].map(([id, t]) => [id, t.shape[0] === batch ? sliceRows(t, start, count) : t]));
    const out = await runGraph(session, slice);
    for (const [id, t] of out) {
      const list = parts.get(id) ?? [];
      list.push({ ...t, data: Float32Array.from(t.data) });
      parts.set(id, list);
      pool.release(t.data);
    }
  }
  return Object.fromEntries([...parts].map(([id, list]) => [id, concatRows(list, id)]));
}

/**
 * Runs a model on `feeds` (by input id or name) and resolves to its outputs by tensor id, as float32
 * values (quantized TFLite outputs as their real values). A feed's leading dim may hold a batch of N
 * samples; when the model's own batch dim is fixed (e.g. 1) and its graph cannot take N at once, the
 * batch runs in chunks of the fixed size and the outputs are concatenated. Float computation only:
 * quantized models run on dequantized weights, snapping quantized activations to their grid.
 */
export async function runModel(
  model: Model,
  feeds: Readonly<Record<string, Feed>>,
  options: RunOptions = {},
): Promise<Record<string, Float32Array>> {
  const out = await runModelTensors(model, feeds, options);
  return Object.fromEntries(Object.entries(out).map(([id, t]) => [id, t.data]));
}
