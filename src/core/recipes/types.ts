// Recipes: an ordered, versioned list of compression steps with their options, stored as JSON. The same
// recipe runs in the CLI (`scaledown optimize`) and in the studio (a worker job whose result is a variant).
import type { CleanupPass } from '../transforms/cleanup/types';
import type { ClusterOptions } from '../transforms/cluster/types';
import type { PruneOptions } from '../transforms/prune/types';
import type { QuantizeOptions } from '../transforms/quantize/types';
import type { CleanupReport } from '../transforms/cleanup/types';
import type { ClusterReport } from '../transforms/cluster/types';
import type { PruneReport } from '../transforms/prune/types';
import type { QuantizeReport } from '../transforms/quantize/types';
import type { EditStepReport } from '../transforms/edit/edit-step';
import type { EditOp } from '../transforms/edit/types';

/** The recipe file format version this code writes (and the newest it reads). */
export const RECIPE_VERSION = 1;

/** Options of a quantize step: QuantizeOptions minus what only a run can supply (calibrated ranges). */
export type QuantizeStepOptions = Omit<QuantizeOptions, 'activationRanges'>;

/** One step. `label` is the user's own name for it; `enabled: false` keeps it in the list but skips it. */
export type RecipeStep =
  | {
      readonly kind: 'cleanup';
      readonly label?: string;
      readonly enabled?: boolean;
      readonly passes?: readonly CleanupPass[];
    }
  | ({ readonly kind: 'prune'; readonly label?: string; readonly enabled?: boolean } & PruneOptions)
  | ({ readonly kind: 'cluster'; readonly label?: string; readonly enabled?: boolean } & ClusterOptions)
  | ({ readonly kind: 'quantize'; readonly label?: string; readonly enabled?: boolean } & QuantizeStepOptions)
  /** Graph edits (transforms/edit), applied in order; the step's result must validate. */
  | { readonly kind: 'edit'; readonly label?: string; readonly enabled?: boolean; readonly ops: readonly EditOp[] };

export type RecipeStepKind = RecipeStep['kind'];

/** A recipe as stored in a .json file: `{ "scaledown": "recipe", "version": 1, "name": …, "steps": […] }`. */
export interface Recipe {
  readonly scaledown: 'recipe';
  readonly version: number;
  readonly name: string;
  readonly description?: string;
  readonly steps: readonly RecipeStep[];
}

/** What one step did. */
export type StepReport =
  | { readonly kind: 'cleanup'; readonly index: number; readonly report: CleanupReport }
  | { readonly kind: 'prune'; readonly index: number; readonly report: PruneReport }
  | { readonly kind: 'cluster'; readonly index: number; readonly report: ClusterReport }
  | { readonly kind: 'quantize'; readonly index: number; readonly report: QuantizeReport }
  | { readonly kind: 'edit'; readonly index: number; readonly report: EditStepReport }
  | { readonly kind: RecipeStepKind; readonly index: number; readonly skipped: string };

/** Progress of a run: the step running (index into recipe.steps) and its share done, 0..1. */
export interface RecipeProgress {
  readonly step: number;
  readonly steps: number;
  readonly kind: RecipeStepKind;
  readonly fraction: number;
}
