// Running a recipe: its enabled steps in order, each a pure transform of the model the step before made.
// Progress is reported per step and inside it (per layer for prune and cluster, per pass for clean-up, per
// batch for calibration); a cancel is noticed at those same points and between steps.
import { DatasetError, isCoreError, TransformError, type KnownCoreError } from '../errors';
import type { Model } from '../ir/types';
import { cleanupModel } from '../transforms/cleanup/index';
import { runEditStep } from '../transforms/edit/edit-step';
import { clusterModel } from '../transforms/cluster/index';
import { pruneModel } from '../transforms/prune/index';
import type { Feeds } from '../transforms/quantize/calibration/calibrate';
import { quantizeWithData } from '../transforms/quantize/index';
import type { CancelSignal, QuantizeOptions } from '../transforms/quantize/types';
import { parseRecipe } from './parse';
import type { Recipe, RecipeProgress, RecipeStep, StepReport } from './types';

export interface RunRecipeOptions {
  /** Calibration batches for a static int8 step; called once per such step for a fresh pass. */
  readonly data?: () => Iterable<Feeds> | AsyncIterable<Feeds>;
  /** Batches `data` yields, for the progress of calibration. */
  readonly total?: number;
  readonly onProgress?: (progress: RecipeProgress) => void;
  readonly signal?: CancelSignal;
  /**
   * Awaited before each step. A host whose cancel arrives as a message (a worker without shared memory)
   * lets it in here; `signal` is checked right after.
   */
  readonly beforeStep?: () => Promise<void>;
  /** Bytes of files an 'edit' step names (an .npy given as `{ "file": … }`), resolved by the host. */
  readonly readFile?: (path: string) => Uint8Array;
}

export interface RecipeRunResult {
  readonly model: Model;
  /** One report per step of the recipe, disabled ones included (with the reason they were skipped). */
  readonly steps: StepReport[];
}

/** The step's transform options: the step without its recipe-only fields. */
function optionsOf<S extends RecipeStep>(step: S): Omit<S, 'kind' | 'label' | 'enabled'> {
  const { kind: _kind, label: _label, enabled: _enabled, ...options } = step;
  return options;
}

const where = (index: number, step: RecipeStep): string => `step ${index + 1} (${step.kind})`;

/** A step's error with the step named; a cancel from anywhere inside becomes TransformError 'cancelled'. */
function inStep(error: unknown, index: number, step: RecipeStep): unknown {
  if (!isCoreError(error)) return error;
  if (error.code === 'cancelled')
    return new TransformError('cancelled', `the recipe was cancelled in ${where(index, step)}`);
  // A dataset at fault is named by its own message (the file), not by the step.
  if (error instanceof DatasetError) return error;
  const Same = error.constructor as new (code: string, message: string, subject?: string) => KnownCoreError;
  return new Same(error.code, `${where(index, step)}: ${error.message}`, error.subject);
}

/** Refuses, before any work, what cannot run: nothing enabled, static int8 without data. */
function checkRunnable(recipe: Recipe, options: RunRecipeOptions): void {
  const enabled = recipe.steps.filter((s) => s.enabled !== false);
  if (enabled.length === 0)
    throw new TransformError(
      'invalid-recipe',
      `recipe "${recipe.name}" has no enabled step: add one, or enable one of its steps`,
    );
  const int8 = recipe.steps.findIndex((s) => s.enabled !== false && s.kind === 'quantize' && s.mode === 'int8');
  if (int8 >= 0 && !options.data)
    throw new TransformError(
      'invalid-options',
      `${where(int8, recipe.steps[int8]!)}: static int8 needs calibration data (a representative dataset)`,
    );
}

async function runStep(
  model: Model,
  step: RecipeStep,
  index: number,
  options: RunRecipeOptions,
  progress: (fraction: number) => void,
): Promise<{ model: Model; report: StepReport }> {
  const { signal } = options;
  switch (step.kind) {
    case 'cleanup': {
      const r = cleanupModel(model, optionsOf(step), signal, progress);
      return { model: r.model, report: { kind: 'cleanup', index, report: r.report } };
    }
    case 'prune': {
      const r = pruneModel(model, optionsOf(step), signal, progress);
      return { model: r.model, report: { kind: 'prune', index, report: r.report } };
    }
    case 'cluster': {
      const r = clusterModel(model, optionsOf(step), signal, progress);
      return { model: r.model, report: { kind: 'cluster', index, report: r.report } };
    }
    case 'quantize': {
      const quantizeOptions: QuantizeOptions = optionsOf(step);
      const r = await quantizeWithData(model, step.mode === 'int8' ? options.data?.() : undefined, {
        ...quantizeOptions,
        ...(options.total !== undefined ? { total: options.total } : {}),
        ...(signal ? { signal } : {}),
        onProgress: progress,
      });
      return { model: r.model, report: { kind: 'quantize', index, report: r.report } };
    }
    case 'edit': {
      const r = runEditStep(model, step.ops, options.readFile ? { readFile: options.readFile } : {});
      progress(1);
      return { model: r.model, report: { kind: 'edit', index, report: r.report } };
    }
  }
}

/**
 * Runs the enabled steps of `recipe` on `model`, in order. The recipe is checked first (as parseRecipe
 * does); the input model is never modified. Throws the steps' own errors with the step named
 * ("step 2 (prune): …"), TransformError 'invalid-recipe' / 'invalid-options' before any work when the
 * recipe cannot run, and TransformError 'cancelled' once `signal` is aborted.
 */
export async function runRecipe(
  model: Model,
  recipe: Recipe,
  options: RunRecipeOptions = {},
): Promise<RecipeRunResult> {
  const checked = parseRecipe(recipe, `recipe "${recipe.name}"`);
  checkRunnable(checked, options);
  const { signal, onProgress } = options;
  const steps: StepReport[] = [];
  let current = model;
  for (const [index, step] of checked.steps.entries()) {
    if (step.enabled === false) {
      steps.push({ kind: step.kind, index, skipped: 'disabled in the recipe' });
      continue;
    }
    await options.beforeStep?.();
    if (signal?.aborted) throw new TransformError('cancelled', `the recipe was cancelled before ${where(index, step)}`);
    // Fractions only grow within a step, and each step's last report is its one 1.
    let last = 0;
    const progress = (fraction: number): void => {
      const next = Math.max(last, Math.min(1, fraction));
      if (next === 1 && last === 1) return;
      last = next;
      onProgress?.({ step: index, steps: checked.steps.length, kind: step.kind, fraction: last });
    };
    progress(0);
    try {
      const done = await runStep(current, step, index, options, progress);
      current = done.model;
      steps.push(done.report);
    } catch (error) {
      throw inStep(error, index, step);
    }
    progress(1);
  }
  return { model: current, steps };
}
