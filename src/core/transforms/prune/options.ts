// Checking pruning options, with messages naming the option and what it accepts.
import { TransformError } from '../../errors';
import type { PruneOptions } from './types';

/** Defaults of the options (types.ts documents them). */
export const PRUNE_DEFAULTS = {
  sparsity: 0.5,
  n: 2,
  m: 4,
  minElements: 16,
} as const;

const METHODS = new Set(['magnitude', 'n-m', 'channels']);

const isCount = (v: number): boolean => Number.isInteger(v) && v >= 0;

/** Throws TransformError('invalid-options') naming the first option that makes no sense. */
export function checkPruneOptions(options: PruneOptions): void {
  const bad = (message: string): never => {
    throw new TransformError('invalid-options', message);
  };
  if (!METHODS.has(options.method))
    bad(`unknown pruning method "${String(options.method)}" (magnitude, n-m or channels)`);
  const checkSparsity = (s: number | undefined, what: string): void => {
    if (s !== undefined && !(typeof s === 'number' && s >= 0 && s < 1))
      bad(`${what} must be at least 0 and below 1, not ${String(s)}`);
  };
  checkSparsity(options.sparsity, 'sparsity');
  if (options.scope !== undefined && options.scope !== 'layer' && options.scope !== 'global')
    bad(`scope must be "layer" or "global", not "${String(options.scope)}"`);
  if (options.scope === 'global' && options.method !== 'magnitude')
    bad(`a global threshold applies to magnitude pruning only, not to "${options.method}"`);
  if (options.n !== undefined || options.m !== undefined) {
    const n = options.n ?? PRUNE_DEFAULTS.n;
    const m = options.m ?? PRUNE_DEFAULTS.m;
    if (!Number.isInteger(m) || m < 1 || m > 256) bad(`m must be a whole number from 1 to 256, not ${String(m)}`);
    if (!Number.isInteger(n) || n < 1 || n > m) bad(`n must be a whole number from 1 to m (${m}), not ${String(n)}`);
  }
  if (options.norm !== undefined && options.norm !== 'l1' && options.norm !== 'l2')
    bad(`norm must be "l1" or "l2", not "${String(options.norm)}"`);
  if (options.channelMultiple !== undefined && !(isCount(options.channelMultiple) && options.channelMultiple >= 1))
    bad(`the channel multiple must be a whole number of at least 1, not ${String(options.channelMultiple)}`);
  if (options.minElements !== undefined && !isCount(options.minElements))
    bad(`the minimum element count must be a whole number, not ${String(options.minElements)}`);
  for (const [id, o] of Object.entries(options.overrides ?? {})) {
    if (typeof o !== 'object' || o === null) bad(`the override of layer "${id}" must be an object`);
    checkSparsity(o.sparsity, `the sparsity of layer "${id}"`);
  }
}
