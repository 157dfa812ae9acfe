// What every WebAssembly kernel wrapper works with: the module's exports, its heap, and the chunking.
import type { KernelExports } from './exports';
import type { Heap } from './heap';

/**
 * Elements per chunk. Inputs are copied into linear memory one chunk at a time (64 KB of float32), which
 * stays in the L2 cache between the copy, the kernel and the copy out.
 */
export const CHUNK = 16384;

export interface WasmContext {
  readonly exports: KernelExports;
  readonly heap: Heap;
}

/** How a per-channel kernel walks the tensor (see src/kernels/assembly/quantize.ts). */
export interface ChannelWalk {
  readonly channels: number;
  readonly inner: number;
  /** One parameter per position of a channels × inner block, for short runs (inner below 16). */
  readonly expanded: boolean;
}

/** Short runs of one channel are better served by per-position parameters, unless there is one block. */
export function channelWalk(outer: number, channels: number, inner: number, allowExpanded = true): ChannelWalk {
  return { channels, inner, expanded: allowExpanded && inner < 16 && outer > 1 };
}

/** Where element g sits in the walk: [channel, offset in its run] or, expanded, [0, offset in the block]. */
export function walkAt(walk: ChannelWalk, g: number): [number, number] {
  if (walk.expanded) return [0, g % (walk.channels * walk.inner)];
  return [Math.floor(g / walk.inner) % walk.channels, g % walk.inner];
}

/** Number of parameters a walk needs: one per channel, or one per block position. */
export function walkParams(walk: ChannelWalk): number {
  return walk.expanded ? walk.channels * walk.inner : walk.channels;
}

/** Spreads per-channel values over the walk's parameter slots (written into `target` at `at`). */
export function spreadParams(
  walk: ChannelWalk,
  values: ArrayLike<number>,
  target: Float32Array | Int32Array | Float64Array,
  at: number,
): void {
  if (!walk.expanded) {
    for (let c = 0; c < walk.channels; c++) target[at + c] = values[c]!;
    return;
  }
  let j = at;
  for (let c = 0; c < walk.channels; c++) {
    const v = values[c]!;
    for (let k = 0; k < walk.inner; k++) target[j++] = v;
  }
}
