// Evaluations of the open family's members: the latest result of each, kept until another model is opened.
import type { EvaluateResult, ModelId } from '../../workers/protocol';
import type { SliceCreator } from './types';

/** One evaluation of a family member, as the studio keeps (and saves) it. */
export interface EvaluationRecord {
  readonly modelId: ModelId;
  readonly result: EvaluateResult;
  /** What it ran on, as the user reads it: "MNIST digits (10,000, 0..255)", "flowers.zip (1,200 images)". */
  readonly dataLabel: string;
  /** When it finished (ms since the epoch). */
  readonly finishedAt: number;
}

export interface EvaluateSlice {
  /** The latest evaluation of each family member, by model id. */
  evaluations: Readonly<Record<ModelId, EvaluationRecord>>;
  setEvaluation(record: EvaluationRecord): void;
}

export const createEvaluateSlice: SliceCreator<EvaluateSlice> = (set) => ({
  evaluations: {},
  setEvaluation: (record) => set((state) => ({ evaluations: { ...state.evaluations, [record.modelId]: record } })),
});
