import { useEffect } from 'react';
import { studioStore } from '../../store';
import { applyTint } from './actions';
import { sideOf, TINT_SOURCE } from './form';

/**
 * Keeps the per-layer SQNR colouring on the graph shown when the user switches between the two members
 * that were compared (each has the layers under its own node ids). Other colourings are left alone.
 */
export function useTintFollows(): void {
  useEffect(
    () =>
      studioStore.subscribe(
        (s) => s.model?.summary.modelId,
        (shown) => {
          const { graphTint, layerError } = studioStore.getState();
          if (!graphTint || graphTint.source !== TINT_SOURCE || !layerError || graphTint.modelId === shown) return;
          if (sideOf(layerError, shown)) applyTint(layerError);
        },
      ),
    [],
  );
}
