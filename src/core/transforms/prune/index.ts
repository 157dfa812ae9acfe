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
 * Pure: the input is never modified, and the result is validated. Throws TransformError: 'invalid-options',
 * 'not-applicable' (no prunable weights, with the reason), 'cancelled', 'invalid-result'.
 */
export function pruneModel(model: Model, options: PruneOptions, signal?: CancelSignal): PruneResult {
  checkPruneOptions(options);
  throwIfCancelled(signal, 'pruning');
  if (options.method === 'channels') return pruneChannels(model, options);
  return pruneUnstructured(model, options, signal);
}

export type * from './types';
export { checkPruneOptions, PRUNE_DEFAULTS } from './options';
export { sparseBytes, countZeros } from './storage';
export { prunedCount } from './masks';
