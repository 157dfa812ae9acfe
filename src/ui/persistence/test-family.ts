// A family for the session tests: the tiny Conv model, an int8-weights variant and a pruned variant of
// it, made by the in-process engine and put in a store the way the studio does, with an evaluation.
import type { Recipe } from '../../core';
import type { EngineClient } from '../../workers/client';
import type { EvaluateResult, ModelId } from '../../workers/protocol';
import { createStudioStore, type StudioStore } from '../store';
import type { EvaluationRecord } from '../store';
import { openTinyVariant } from '../test-fixtures';

export interface TestFamily {
  readonly engine: EngineClient;
  readonly store: StudioStore;
  readonly originalId: ModelId;
  readonly int8Id: ModelId;
  readonly prunedId: ModelId;
}

export const SPARSE: Recipe = {
  scaledown: 'recipe',
  version: 1,
  name: 'Sparse',
  steps: [{ kind: 'prune', method: 'magnitude', sparsity: 0.5 }],
};

/** An evaluation of `modelId` against `referenceId` as the evaluate panel records it (SQNR ∞: identical). */
export function evaluation(modelId: ModelId, referenceId: ModelId): EvaluationRecord {
  const result: EvaluateResult = {
    modelId,
    referenceId,
    data: 'mnist',
    runtime: 'test',
    result: {
      samples: 10,
      batches: 1,
      output: 'y',
      valuesPerSample: 2,
      notes: [],
      reference: { samples: 10, agreement: 1, mse: 0, sqnr: Infinity, cosine: 1, maxAbsError: 0 },
      statistics: { count: 20, nonFinite: 0, min: -1, max: 1, mean: 0, std: 0.5 },
    },
    timings: { load: 1, run: 2, total: 3 },
  };
  return { modelId, result, dataLabel: 'MNIST digits (10, 0..1)', finishedAt: 1_700_000_000_000 };
}

/** The family in a fresh store: original, int8-weights, pruned (shown), an evaluation of the int8 one. */
export async function makeFamily(): Promise<TestFamily> {
  const fx = await openTinyVariant();
  const store = createStudioStore();
  store.getState().setModel(fx.model, fx.layout);
  store.getState().addVariant(fx.variant, fx.variantLayout);
  const originalId = fx.model.summary.modelId;
  const pruned = await fx.engine.runRecipe(originalId, { recipe: SPARSE });
  const prunedLayout = await fx.engine.layout(pruned.summary.modelId, 'LR');
  store.getState().addVariant(pruned, prunedLayout);
  const int8Id = fx.variant.summary.modelId;
  store.getState().setEvaluation(evaluation(int8Id, originalId));
  store.getState().editRecipe({ type: 'replace', recipe: SPARSE });
  return { engine: fx.engine, store, originalId, int8Id, prunedId: pruned.summary.modelId };
}
