// The keep-masks of unstructured magnitude pruning (per layer, or one threshold across layers) and of N:M
// semi-structured sparsity. The selection and mask loops run in the kernels.
import { getKernels } from '../../../kernels/index';
import type { ChannelLayout } from '../../../kernels/types';

/** How many of `elements` weights a sparsity prunes (rounded to the nearest count). */
export function prunedCount(sparsity: number, elements: number): number {
  return Math.min(elements, Math.round(sparsity * elements));
}

/** Keep-mask pruning exactly `count` of the smallest |x| (ties broken by index order). */
export function layerMagnitudeMask(x: Float32Array, count: number): Uint8Array {
  const mask = new Uint8Array(x.length).fill(1);
  if (count <= 0) return mask;
  const kernels = getKernels();
  const { threshold, below } = kernels.selectMagnitude([x], count);
  kernels.magnitudeMask(x, threshold, count - below, mask);
  return mask;
}

/**
 * Keep-masks pruning exactly `count` of the smallest |x| over all `parts` together: one threshold, the
 * values equal to it pruned in part order then index order until the count is reached.
 */
export function globalMagnitudeMasks(
  parts: readonly Float32Array[],
  count: number,
): { masks: Uint8Array[]; threshold: number } {
  const masks = parts.map((p) => new Uint8Array(p.length).fill(1));
  if (count <= 0 || parts.length === 0) return { masks, threshold: 0 };
  const kernels = getKernels();
  const { threshold, below } = kernels.selectMagnitude(parts, count);
  let ties = count - below;
  parts.forEach((p, i) => {
    ties -= kernels.magnitudeMask(p, threshold, ties, masks[i]!);
  });
  return { masks, threshold };
}

/** Keep-mask of N:M sparsity: n of every m consecutive weights along the reduction run are kept. */
export function nmKeepMask(x: Float32Array, reduction: ChannelLayout, n: number, m: number): Uint8Array {
  const mask = new Uint8Array(x.length);
  getKernels().nmMask(x, reduction, n, m, mask);
  return mask;
}

/** `x` with the masked-out values set to zero (a new array). */
export function applyMask(x: Float32Array, mask: Uint8Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = mask[i] ? x[i]! : 0;
  return out;
}
