// Which channels go: per group of layers that share channels, the channels with the smallest summed
// L1 / L2 filter norm, as many as the group's sparsity asks, with the kept count rounded up to a multiple
// of `channelMultiple` and never below one.
import type { Graph } from '../../../ir/types';
import { refTensor, refValues, resolveConst } from './const-ref';
import { range } from './layout';
import type { SpaceTable } from './spaces';

/** Norm of every slice along `axis` of row-major `values` with `dims`. */
export function channelNorms(
  values: Float64Array,
  dims: readonly number[],
  axis: number,
  norm: 'l1' | 'l2',
): Float64Array {
  const channels = dims[axis]!;
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const sums = new Float64Array(channels);
  for (let i = 0; i < values.length; i++) {
    const c = Math.floor(i / inner) % channels;
    const v = values[i]!;
    sums[c] = sums[c]! + (norm === 'l1' ? Math.abs(v) : v * v);
  }
  if (norm === 'l2') for (let c = 0; c < channels; c++) sums[c] = Math.sqrt(sums[c]!);
  return sums;
}

/** How many channels of `channels` stay at `sparsity`, rounded up to a multiple of `multiple`. */
export function keptCount(channels: number, sparsity: number, multiple: number): number {
  const removed = Math.round(sparsity * channels);
  let keep = Math.max(1, channels - removed);
  keep = Math.ceil(keep / multiple) * multiple;
  return Math.min(channels, keep);
}

/** The `keep` channels with the largest scores, ascending (ties keep the lower index). */
export function topChannels(scores: Float64Array, keep: number): number[] {
  const order = range(scores.length).sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order.slice(0, keep).sort((a, b) => a - b);
}

export interface GroupDecision {
  /** Spaces of the group (the first is its root's order representative). */
  readonly members: readonly number[];
  readonly channels: number;
  /** Kept channels; undefined when the group keeps them all. */
  readonly kept?: readonly number[];
  /** Why nothing was removed (blocked reasons, or the sparsity rounds to nothing). */
  readonly reasons: readonly string[];
}

/**
 * Decides every group: blocked groups keep all channels, the others keep their strongest channels.
 * `sparsityOf` gives a member's own sparsity; a group takes the smallest of its members'.
 */
export function decideGroups(
  graph: Graph,
  spaces: SpaceTable,
  options: { norm: 'l1' | 'l2'; channelMultiple: number; sparsityOf: (space: number) => number },
): GroupDecision[] {
  return spaces.groups().map((members): GroupDecision => {
    const channels = spaces.producers[members[0]!]!.channels;
    const reasons = spaces.reasons(members[0]!);
    if (reasons.length) return { members, channels, reasons };
    if (members.some((s) => spaces.producers[s]!.channels !== channels))
      return { members, channels, reasons: ['layers sharing channels have different channel counts'] };
    const sparsity = Math.min(...members.map(options.sparsityOf));
    const keep = keptCount(channels, sparsity, options.channelMultiple);
    if (keep >= channels) {
      const why = `sparsity ${sparsity} with channel multiple ${options.channelMultiple} keeps all ${channels} channels`;
      return { members, channels, reasons: [why] };
    }
    const scores = new Float64Array(channels);
    for (const s of members) {
      const p = spaces.producers[s]!;
      const ref = resolveConst(graph, graph.nodes[p.node]!.inputs[p.weightInput] ?? '');
      const values = ref ? refValues(ref) : undefined;
      if (!ref || !values) return { members, channels, reasons: ['the weight values cannot be read'] };
      const norms = channelNorms(values, refTensor(ref).dims, p.weightAxis, options.norm);
      for (let c = 0; c < channels; c++) scores[c] = scores[c]! + norms[c]!;
    }
    return { members, channels, kept: topChannels(scores, keep), reasons: [] };
  });
}
