import { EngineError } from '../../../workers/client';
import { getEngine } from '../../app/engine';
import { errorTitle } from '../../messages';
import { studioStore } from '../../store';
import { comparisonKey, statsKey } from '../../store/types';

/** Histogram bins of the weight statistics. */
export const STATS_BINS = 48;

/** Asks the engine for a weight's statistics once per model and tensor; the result lands in the store. */
export function requestStats(modelId: string, tensorId: string, tensorName: string): void {
  const key = statsKey(modelId, tensorId);
  if (studioStore.getState().stats[key]) return;
  studioStore.getState().setStats(key, { status: 'loading' });
  getEngine()
    .tensorStats(modelId, tensorId, { bins: STATS_BINS })
    .then((stats) => studioStore.getState().setStats(key, { status: 'ready', stats }))
    .catch((error: unknown) => {
      const e = EngineError.from(error);
      studioStore
        .getState()
        .setStats(key, { status: 'error', message: `${errorTitle(e.code, tensorName)} ${e.message}` });
    });
}

/** Asks the engine once per variant and node for its weight against the parent's; the result lands in the store. */
export function requestComparison(modelId: string, nodeId: string, nodeName: string): void {
  const key = comparisonKey(modelId, nodeId);
  if (studioStore.getState().comparisons[key]) return;
  studioStore.getState().setComparison(key, { status: 'loading' });
  getEngine()
    .compareWeights(modelId, nodeId, { bins: STATS_BINS })
    .then((comparison) => studioStore.getState().setComparison(key, { status: 'ready', comparison }))
    .catch((error: unknown) => {
      const e = EngineError.from(error);
      studioStore
        .getState()
        .setComparison(key, { status: 'error', message: `${errorTitle(e.code, nodeName)} ${e.message}` });
    });
}
