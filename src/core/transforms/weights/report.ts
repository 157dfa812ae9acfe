// What pruning and clustering share while they walk the layers: the cancel check and progress between layers,
// and the identity fields every per-layer report starts with.
import { TransformError } from '../../errors';
import type { CancelSignal } from '../quantize/types';
import type { WeightLayerIdentity, WeightRef } from './types';

/** Throws TransformError 'cancelled' ("<work> was cancelled") once `signal` is aborted. */
export function throwIfCancelled(signal: CancelSignal | undefined, work: string): void {
  if (signal?.aborted) throw new TransformError('cancelled', `${work} was cancelled`);
}

/** The report fields naming `ref`'s layer and weight. */
export function layerIdentity(ref: WeightRef): WeightLayerIdentity {
  return {
    nodeId: ref.nodeId,
    name: ref.name,
    op: ref.op,
    tensor: ref.tensor,
    shape: ref.shape,
    elements: ref.elements,
  };
}

/**
 * Counts the units of work done and reports the share so far (0..1, at most 1) to `onProgress`: the
 * per-layer progress pruning and clustering give. Without a callback it only counts.
 */
export function progressCounter(total: number, onProgress?: (fraction: number) => void): (units?: number) => void {
  let done = 0;
  return (units = 1) => {
    done += units;
    onProgress?.(total > 0 ? Math.min(1, done / total) : 1);
  };
}
