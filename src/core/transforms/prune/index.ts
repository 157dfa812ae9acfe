// Pruning, whatever the format and method: unstructured magnitude and N:M here (./unstructured), structured
// channel pruning in ./channels. Options and reports: ./types.
import type { Model } from '../../ir/types';
import type { CancelSignal } from '../quantize/types';
import { pruneChannels } from './channels/index';
import { throwIfCancelled } from '../weights/report';
import { checkPruneOptions } from './options';
import { pruneUnstructured } from './unstructured';
import type { PruneOptions, PruneResult } from './types';

/**
 * Prunes `model` as `options` ask and reports per layer what changed and what the sparsity would save.
 * Pure: the input is never modified, and the result is validated. `signal` is checked between layers (between
 * stages for channels); `onProgress` gets the share done, 0..1, as the layers go. Throws TransformError:
 * 'invalid-options', 'not-applicable' (no prunable weights, with the reason), 'cancelled', 'invalid-result'.
 */
export function pruneModel(
  model: Model,
  options: PruneOptions,
  signal?: CancelSignal,
  onProgress?: (fraction: number) => void,
): PruneResult {
  checkPruneOptions(options);
  throwIfCancelled(signal, 'pruning');
  if (options.method === 'channels') return pruneChannels(model, options, signal, onProgress);
  return pruneUnstructured(model, options, signal, onProgress);
}

export type * from './types';
export { checkPruneOptions, PRUNE_DEFAULTS } from './options';
export { sparseBytes, countZeros } from './storage';
export { prunedCount } from './masks';
