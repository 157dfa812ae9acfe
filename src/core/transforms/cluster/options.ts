// Checking clustering options, with messages naming the option and what it accepts.
import { TransformError } from '../../errors';
import type { ClusterOptions } from './types';

/** Defaults of the options (types.ts documents them). */
export const CLUSTER_DEFAULTS = {
  clusters: 16,
  init: 'linear',
  iterations: 30,
  seed: 1,
  keepZeros: true,
  storage: 'dense',
  minElements: 16,
} as const;

/** Cluster counts a layer may ask for (indices fit a byte). */
export const MIN_CLUSTERS = 2;
export const MAX_CLUSTERS = 256;

const INITS = new Set(['linear', 'density', 'random']);
const STORAGES = new Set(['dense', 'codebook']);

const isClusterCount = (k: unknown): boolean =>
  typeof k === 'number' && Number.isInteger(k) && k >= MIN_CLUSTERS && k <= MAX_CLUSTERS;

/** Throws TransformError('invalid-options') naming the first option that makes no sense. */
export function checkClusterOptions(options: ClusterOptions): void {
  const bad = (message: string): never => {
    throw new TransformError('invalid-options', message);
  };
  if (options.clusters !== undefined && !isClusterCount(options.clusters))
    bad(`clusters must be a whole number from ${MIN_CLUSTERS} to ${MAX_CLUSTERS}, not ${String(options.clusters)}`);
  if (options.init !== undefined && !INITS.has(options.init))
    bad(`unknown initialisation "${String(options.init)}" (linear, density or random)`);
  if (
    options.iterations !== undefined &&
    !(Number.isInteger(options.iterations) && options.iterations >= 1 && options.iterations <= 10_000)
  )
    bad(`iterations must be a whole number from 1 to 10000, not ${String(options.iterations)}`);
  if (options.seed !== undefined && !Number.isFinite(options.seed))
    bad(`the seed must be a finite number, not ${String(options.seed)}`);
  if (options.keepZeros !== undefined && typeof options.keepZeros !== 'boolean')
    bad(`keepZeros must be true or false, not ${String(options.keepZeros)}`);
  if (options.storage !== undefined && !STORAGES.has(options.storage))
    bad(`unknown storage "${String(options.storage)}" (dense or codebook)`);
  if (options.minElements !== undefined && !(Number.isInteger(options.minElements) && options.minElements >= 0))
    bad(`the minimum element count must be a whole number, not ${String(options.minElements)}`);
  for (const [id, o] of Object.entries(options.overrides ?? {})) {
    if (typeof o !== 'object' || o === null) bad(`the override of layer "${id}" must be an object`);
    if (o.clusters !== undefined && !isClusterCount(o.clusters))
      bad(
        `layer "${id}": clusters must be a whole number from ${MIN_CLUSTERS} to ${MAX_CLUSTERS}, not ${String(o.clusters)}`,
      );
  }
}
