import type { Graph } from '../../ir/types';
import { isConstantNode, nodeReads } from '../params';
import type { TypeOf } from '../type-lookup';
import { activationLifetimes, type ActivationDTypeMode } from './lifetimes';
import { liveTimeline } from './timeline';

export interface ScheduleOptions {
  readonly activationDType?: ActivationDTypeMode;
  /** The order to improve on (default: the model's own node order); the result is never worse. */
  readonly schedule?: readonly number[];
  /** Exact search is tried only up to this many nodes (default 256; beyond, greedy only). */
  readonly maxExactNodes?: number;
  /** Exact search gives up (and the heuristic answers) beyond this many explored states (default 100,000). */
  readonly maxStates?: number;
  /** States kept per step by the beam search used beyond the exact limits (default 8). */
  readonly beamWidth?: number;
}

export interface ScheduleResult {
  /** The chosen order: `schedule[step]` is an index into `graph.nodes`; always topological. */
  readonly schedule: readonly number[];
  /** Peak live activation bytes of the given order. */
  readonly peakBefore: number;
  /** Peak live activation bytes of the chosen order (never above `peakBefore`). */
  readonly peakAfter: number;
  /** True when the exact search finished: no topological order has a lower peak. */
  readonly exact: boolean;
}

/** What the search needs: per node its predecessors, the tensors it creates, and who reads each tensor. */
interface Problem {
  readonly n: number;
  readonly preds: readonly (readonly number[])[];
  /** Activation indices each node produces. */
  readonly produces: readonly (readonly number[])[];
  /** Activation indices each node reads. */
  readonly reads: readonly (readonly number[])[];
  readonly bytes: readonly number[];
  /** Readers per activation (node indices). */
  readonly readers: readonly (readonly number[])[];
  readonly keep: readonly boolean[];
  /** Graph inputs (alive from step 0). */
  readonly inputs: readonly number[];
  /** Constant nodes: they allocate no activation, so running them first never raises the peak. */
  readonly free: readonly number[];
  /**
   * Nodes reading no activation (e.g. ConstantOfShape making weights): running one just before its first
   * consumer never raises the peak (its step costs at most the consumer's step, and its output lives less),
   * so the search only runs them when they unblock a consumer.
   */
  readonly deferrable: readonly boolean[];
  readonly succs: readonly (readonly number[])[];
}

function buildProblem(graph: Graph, typeOf: TypeOf, mode: ActivationDTypeMode): Problem {
  const n = graph.nodes.length;
  const life = activationLifetimes(graph, typeOf, { activationDType: mode });
  const index = new Map(life.tensors.map((t, i) => [t.id, i]));
  const producerOf = new Map<string, number>();
  graph.nodes.forEach((node, i) => {
    for (const out of node.outputs) if (out !== '' && !producerOf.has(out)) producerOf.set(out, i);
  });
  const readers: number[][] = life.tensors.map(() => []);
  const produces: number[][] = graph.nodes.map(() => []);
  const reads: number[][] = graph.nodes.map(() => []);
  const preds = graph.nodes.map((node, i) => {
    const p = new Set<number>();
    for (const id of nodeReads(node)) {
      const from = producerOf.get(id);
      if (from !== undefined && from !== i) p.add(from);
      const t = index.get(id);
      if (t !== undefined && !reads[i]!.includes(t)) {
        reads[i]!.push(t);
        readers[t]!.push(i);
      }
    }
    return [...p];
  });
  life.tensors.forEach((t, i) => {
    if (t.producer !== undefined) produces[t.producer]!.push(i);
  });
  return {
    n,
    preds,
    produces,
    reads,
    bytes: life.tensors.map((t) => t.bytes ?? 0),
    readers,
    keep: life.tensors.map((t) => t.isOutput),
    inputs: life.tensors.flatMap((t, i) => (t.isInput ? [i] : [])),
    deferrable: graph.nodes.map(
      (node, i) =>
        !isConstantNode(node) &&
        reads[i]!.length === 0 &&
        produces[i]!.length > 0 &&
        produces[i]!.every((t) => readers[t]!.length > 0 && !life.tensors[t]!.isOutput),
    ),
    succs: successors(preds),
    free: graph.nodes.flatMap((node, i) => (isConstantNode(node) && preds[i]!.length === 0 ? [i] : [])),
  };
}

/** The nodes reading each node's outputs, from the predecessor lists (O(edges)). */
function successors(preds: readonly (readonly number[])[]): number[][] {
  const succs: number[][] = preds.map(() => []);
  preds.forEach((ps, j) => {
    for (const i of ps) succs[i]!.push(j);
  });
  return succs;
}

/** Peak live bytes of an order, measured by the same lifetimes/timeline code the analysis uses. */
export function schedulePeak(
  graph: Graph,
  typeOf: TypeOf,
  schedule: readonly number[],
  mode: ActivationDTypeMode = 'stored',
): number {
  const life = activationLifetimes(graph, typeOf, { activationDType: mode, schedule });
  return liveTimeline(life.tensors, life.steps).peakBytes;
}

/** True when `order` lists every node once and each after the producers of what it reads. */
export function isTopologicalOrder(graph: Graph, order: readonly number[]): boolean {
  if (order.length !== graph.nodes.length) return false;
  const producerOf = new Map<string, number>();
  graph.nodes.forEach((node, i) => {
    for (const out of node.outputs) if (out !== '' && !producerOf.has(out)) producerOf.set(out, i);
  });
  const done = new Set<number>();
  for (const i of order) {
    const node = graph.nodes[i];
    if (!node || done.has(i)) return false;
    for (const id of nodeReads(node)) {
      const from = producerOf.get(id);
      if (from !== undefined && from !== i && !done.has(from)) return false;
    }
    done.add(i);
  }
  return true;
}

/**
 * Incremental model of the timeline (same rules as lifetimes.ts): a tensor is alive from its producing
 * step (inputs: step 0) to its last reader, outputs to the end, and an unread tensor only at its own step.
 */
class LiveState {
  readonly pending: number[];
  live = 0;
  constructor(
    private readonly p: Problem,
    from?: LiveState,
  ) {
    if (from) {
      this.pending = from.pending.slice();
      this.live = from.live;
      return;
    }
    this.pending = p.readers.map((r) => r.length);
    for (const t of p.inputs) this.live += p.bytes[t]!;
  }

  clone(): LiveState {
    return new LiveState(this.p, this);
  }

  /** Bytes alive while `node` runs, given the current state. */
  stepBytes(node: number, first: boolean): number {
    let bytes = this.live;
    for (const t of this.p.produces[node]!) bytes += this.p.bytes[t]!;
    // Inputs nobody reads still count at step 0; afterwards they are gone.
    if (!first)
      for (const t of this.p.inputs) if (this.p.readers[t]!.length === 0 && !this.p.keep[t]) bytes -= this.p.bytes[t]!;
    return bytes;
  }

  /** Runs `node`; returns the change to apply back with `undo`. */
  run(node: number): void {
    for (const t of this.p.produces[node]!) if (this.pending[t]! > 0 || this.p.keep[t]) this.live += this.p.bytes[t]!;
    for (const t of this.p.reads[node]!) {
      this.pending[t]!--;
      if (this.pending[t] === 0 && !this.p.keep[t]) this.live -= this.p.bytes[t]!;
    }
  }

  undo(node: number): void {
    for (const t of this.p.reads[node]!) {
      if (this.pending[t] === 0 && !this.p.keep[t]) this.live += this.p.bytes[t]!;
      this.pending[t]!++;
    }
    for (const t of this.p.produces[node]!) if (this.pending[t]! > 0 || this.p.keep[t]) this.live -= this.p.bytes[t]!;
  }
}

function readyNodes(p: Problem, done: ArrayLike<boolean | number>): number[] {
  const ready: number[] = [];
  // Plain loops: this runs (steps × beam) times over every node on large graphs.
  outer: for (let i = 0; i < p.n; i++) {
    if (done[i]) continue;
    for (const q of p.preds[i]!) if (!done[q]) continue outer;
    ready.push(i);
  }
  // A deferrable node waits until a consumer needs nothing else but deferrable nodes (see Problem).
  const wanted = ready.filter(
    (i) => !p.deferrable[i] || p.succs[i]!.some((c) => p.preds[c]!.every((q) => done[q] || p.deferrable[q])),
  );
  return wanted.length > 0 ? wanted : ready;
}

/**
 * Greedy list scheduling: among ready nodes run the one with the lowest bytes at its step, then the one
 * leaving the fewest bytes alive after it (frees the most, allocates the least); ties keep graph order.
 */
function greedySchedule(p: Problem): number[] | undefined {
  const state = new LiveState(p);
  const done: boolean[] = new Array<boolean>(p.n).fill(false);
  const order: number[] = [];
  for (let step = 0; step < p.n; step++) {
    const ready = readyNodes(p, done);
    if (ready.length === 0) return undefined; // a cycle: keep the given order
    let best = -1;
    let bestKey: [number, number] = [Infinity, Infinity];
    for (const node of ready) {
      const at = state.stepBytes(node, step === 0);
      state.run(node);
      const after = state.live;
      state.undo(node);
      if (at < bestKey[0] || (at === bestKey[0] && after < bestKey[1])) {
        best = node;
        bestKey = [at, after];
      }
    }
    state.run(best);
    done[best] = true;
    order.push(best);
  }
  return order;
}

/** The given order with each deferrable node moved just before its first consumer (see Problem). */
function deferredOrder(p: Problem, given: readonly number[]): number[] {
  const order: number[] = [];
  const emitted: boolean[] = new Array<boolean>(p.n).fill(false);
  const emit = (i: number): void => {
    if (emitted[i]) return;
    for (const q of p.preds[i]!) if (p.deferrable[q]) emit(q);
    emitted[i] = true;
    order.push(i);
  };
  for (const i of given) if (!p.deferrable[i]) emit(i);
  for (const i of given) emit(i);
  return order;
}

/**
 * Exact minimum peak by dynamic programming over sets of executed nodes: the bytes alive at a step
 * depend only on which nodes have run, so the best peak to reach a set is min over its last node of
 * max(best peak of the set without it, bytes of that step). Layer by layer (one more node per layer).
 * Orders are kept as parent links and live states only for the sets kept, so a layer costs about
 * (sets × ready nodes) rather than (sets × ready nodes × steps): the beam on 1,700-node graphs needs it.
 */
function searchSchedule(p: Problem, maxStates: number, beam?: number): number[] | undefined {
  const words = Math.ceil(p.n / 32);
  interface Entry {
    readonly bits: Uint32Array;
    readonly peak: number;
    /** Live bytes after its last node: the tie-break when the beam keeps the best states. */
    readonly live: number;
    readonly parent: Entry | undefined;
    /** The node this entry ran last (-1 for the start). */
    readonly node: number;
    /** The live state and executed nodes after this entry; made only for entries kept into the next layer. */
    state?: LiveState;
    done?: Uint8Array;
  }
  const keyOf = (bits: Uint32Array): string => bits.join(',');
  const orderOf = (entry: Entry): number[] => {
    const order: number[] = [];
    for (let e: Entry | undefined = entry; e && e.node >= 0; e = e.parent) order.push(e.node);
    return order.reverse();
  };
  // Constant nodes run first (see Problem.free): it shrinks the search without changing the optimum.
  const start = new Uint32Array(words);
  const prefix = new LiveState(p);
  let startPeak = 0;
  let head: Entry | undefined;
  p.free.forEach((node, step) => {
    startPeak = Math.max(startPeak, prefix.stepBytes(node, step === 0));
    prefix.run(node);
    start[node >> 5]! |= 1 << (node & 31);
    head = { bits: start, peak: startPeak, live: prefix.live, parent: head, node };
  });
  const startDone = new Uint8Array(p.n);
  for (const node of p.free) startDone[node] = 1;
  let layer: Entry[] = [
    { bits: start, peak: startPeak, live: prefix.live, parent: head, node: -1, state: prefix, done: startDone },
  ];
  let explored = 1;
  for (let step = p.free.length; step < p.n; step++) {
    const candidates: { peak: number; live: number; parent: Entry; node: number }[] = [];
    for (const entry of layer) {
      const state = entry.state!;
      for (const node of readyNodes(p, entry.done!)) {
        const peak = Math.max(entry.peak, state.stepBytes(node, step === 0));
        state.run(node);
        candidates.push({ peak, live: state.live, parent: entry, node });
        state.undo(node);
      }
    }
    if (candidates.length === 0) return undefined;
    // The beam only needs its best few distinct sets: sort first, then make set keys until it is full
    // (keys are the costly part on large graphs). Exact search keys every candidate.
    if (beam !== undefined) candidates.sort((a, b) => a.peak - b.peak || a.live - b.live);
    const next = new Map<string, Entry>();
    for (const c of candidates) {
      const bits = c.parent.bits.slice();
      bits[c.node >> 5]! |= 1 << (c.node & 31);
      const key = keyOf(bits);
      const old = next.get(key);
      if (!old || c.peak < old.peak)
        next.set(key, { bits, peak: c.peak, live: c.live, parent: c.parent, node: c.node });
      if (beam !== undefined && next.size >= beam) break;
    }
    explored += next.size;
    if (beam === undefined && explored > maxStates) return undefined;
    layer = [...next.values()];
    for (const entry of layer) {
      const state = entry.parent!.state!.clone();
      state.run(entry.node);
      entry.state = state;
      entry.done = entry.parent!.done!.slice();
      entry.done[entry.node] = 1;
    }
    // Parents keep their states only while their children are being made.
    for (const entry of layer)
      if (entry.parent) {
        entry.parent.state = undefined;
        entry.parent.done = undefined;
      }
  }
  const best = layer[0];
  return best ? orderOf(best) : undefined;
}

/**
 * The operator order that minimises the peak of live activation bytes: exact for small graphs, greedy and beam search
 * beyond; the given order is kept when nothing found beats it. Pure: never mutates the graph.
 */
export function optimizeSchedule(graph: Graph, typeOf: TypeOf, options: ScheduleOptions = {}): ScheduleResult {
  const mode = options.activationDType ?? 'stored';
  const given = options.schedule ?? graph.nodes.map((_, i) => i);
  const peakBefore = schedulePeak(graph, typeOf, given, mode);
  const p = buildProblem(graph, typeOf, mode);
  let best = { schedule: given, peak: peakBefore };
  const consider = (order: readonly number[] | undefined): void => {
    if (!order || !isTopologicalOrder(graph, order)) return;
    const peak = schedulePeak(graph, typeOf, order, mode);
    if (peak < best.peak) best = { schedule: order, peak };
  };
  let exact = false;
  if (p.n <= (options.maxExactNodes ?? 256)) {
    const order = searchSchedule(p, options.maxStates ?? 100_000);
    if (order) {
      consider(order);
      exact = true;
    }
  }
  if (!exact) {
    consider(deferredOrder(p, given));
    consider(greedySchedule(p));
    // Beam search: the same DP keeping only the best few sets per step (a heuristic, not exact).
    consider(searchSchedule(p, Infinity, options.beamWidth ?? 8));
  }
  return { schedule: best.schedule, peakBefore, peakAfter: best.peak, exact };
}
