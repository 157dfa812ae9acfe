// The clean-up passes every converter runs, one pure Model → Model rewrite each, and `cleanupModel`, which
// runs a list of them in order. Passes that do not apply to a format return the model as it was.
import { TransformError } from '../../errors';
import type { Model } from '../../ir/types';
import type { CancelSignal } from '../quantize/types';
import { progressCounter, throwIfCancelled } from '../weights/report';
import type { PassResult } from './common';
import { removeDeadNodes } from './dead-nodes';
import { foldBatchNorm } from './fold-batchnorm';
import { foldConstants } from './fold-constants';
import { fuseActivations } from './fuse-activations';
import { removeIdentities } from './remove-identities';
import { CLEANUP_PASSES, type CleanupOptions, type CleanupPass, type CleanupResult } from './types';

export { removeDeadNodes } from './dead-nodes';
export { foldBatchNorm } from './fold-batchnorm';
export { foldConstants } from './fold-constants';
export { fuseActivations } from './fuse-activations';
export { removeIdentities } from './remove-identities';
export { CLEANUP_PASSES } from './types';
export type { CleanupOptions, CleanupPass, CleanupPassReport, CleanupReport, CleanupResult } from './types';

const RUN: Readonly<Record<CleanupPass, (model: Model, options: CleanupOptions) => PassResult>> = {
  'fold-batchnorm': foldBatchNorm,
  'fold-constants': foldConstants,
  'remove-identity': removeIdentities,
  'dead-nodes': removeDeadNodes,
  'fuse-activations': fuseActivations,
};

/** Throws TransformError 'invalid-options' naming the option that is wrong. */
export function checkCleanupOptions(options: CleanupOptions): void {
  for (const pass of options.passes ?? [])
    if (!Object.hasOwn(RUN, pass))
      throw new TransformError(
        'invalid-options',
        `"${String(pass)}" is not a clean-up pass (the passes are ${CLEANUP_PASSES.join(', ')})`,
      );
  const max = options.maxFoldedElements;
  if (max !== undefined && !(Number.isInteger(max) && max >= 0))
    throw new TransformError('invalid-options', `maxFoldedElements must be a whole number ≥ 0, not ${String(max)}`);
  if (options.foldGenerators !== undefined && typeof options.foldGenerators !== 'boolean')
    throw new TransformError('invalid-options', `foldGenerators must be true or false`);
}

/**
 * Runs the clean-up passes (default CLEANUP_PASSES) in order; the input model is never modified. `signal`
 * is checked between passes (TransformError 'cancelled'); `onProgress` gets the share of passes done, 0..1.
 */
export function cleanupModel(
  model: Model,
  options: CleanupOptions = {},
  signal?: CancelSignal,
  onProgress?: (fraction: number) => void,
): CleanupResult {
  checkCleanupOptions(options);
  let current = model;
  const passes = [];
  const order = options.passes ?? CLEANUP_PASSES;
  const tick = progressCounter(order.length, onProgress);
  for (const pass of order) {
    throwIfCancelled(signal, 'clean-up');
    const result = RUN[pass](current, options);
    passes.push(result.report);
    current = result.model;
    tick();
  }
  return {
    model: current,
    report: { passes, nodesBefore: model.graph.nodes.length, nodesAfter: current.graph.nodes.length },
  };
}
