import type { ActivationTensor } from './lifetimes';

export interface LiveTimeline {
  /** Sum of known activation bytes alive at each step. */
  readonly liveBytes: readonly number[];
  /** The largest of them: the least memory any planner can reach for this order. */
  readonly peakBytes: number;
  /** The first step where the peak occurs. */
  readonly peakStep: number;
}

/** Live bytes per step, from lifetimes or shared buffers (a difference array: O(tensors + steps)). */
export function liveTimeline(
  tensors: readonly Pick<ActivationTensor, 'bytes' | 'first' | 'last'>[],
  steps: number,
): LiveTimeline {
  const delta = new Float64Array(steps + 1);
  for (const t of tensors) {
    if (!t.bytes) continue;
    delta[t.first] = (delta[t.first] ?? 0) + t.bytes;
    delta[t.last + 1] = (delta[t.last + 1] ?? 0) - t.bytes;
  }
  const liveBytes: number[] = [];
  let live = 0;
  let peakBytes = 0;
  let peakStep = 0;
  for (let step = 0; step < steps; step++) {
    live += delta[step] ?? 0;
    liveBytes.push(live);
    if (live > peakBytes) {
      peakBytes = live;
      peakStep = step;
    }
  }
  return { liveBytes, peakBytes, peakStep };
}
