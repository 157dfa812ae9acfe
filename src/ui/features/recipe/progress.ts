// How far a recipe run got, for the progress bar and the step list: the steps share most of the bar,
// writing, analysing and laying out the variant the rest.
import type { Recipe } from '../../../core';
import type { Progress } from '../../../workers/protocol';
import { PHASES } from '../quantize/explain';
import { STEP_KINDS, stepTitle } from './steps';

const STEPS_SHARE = 0.88;

const AFTER: Readonly<Partial<Record<Progress['phase'], readonly [number, number]>>> = {
  write: [0.88, 0.91],
  shapes: [0.91, 0.93],
  analysis: [0.93, 0.95],
  graph: [0.95, 0.97],
  layout: [0.97, 1],
};

const clamp = (f: number): number => Math.min(1, Math.max(0, f));

/** The share of the whole run done, 0..1. */
export function recipeFraction(recipe: Recipe, progress: Progress | null): number {
  if (!progress) return 0;
  const step = progress.step;
  if (progress.phase === 'step' && step) {
    // Disabled steps take no time: the bar is shared among the enabled ones.
    const enabled = recipe.steps.map((s, i) => (s.enabled === false ? -1 : i)).filter((i) => i >= 0);
    const position = Math.max(0, enabled.indexOf(step.index));
    return (STEPS_SHARE * (position + clamp(progress.fraction))) / Math.max(1, enabled.length);
  }
  const span = AFTER[progress.phase];
  if (!span) return progress.phase === 'read' ? 0 : STEPS_SHARE;
  return span[0] + (span[1] - span[0]) * clamp(progress.fraction);
}

/** What the progress line says: "Step 2 of 3: Prune", or the phase after the steps. */
export function recipeProgressText(recipe: Recipe, progress: Progress | null): string {
  if (!progress || progress.phase === 'read') return 'Loading the data';
  const step = progress.step;
  if (progress.phase === 'step' && step) {
    const s = recipe.steps[step.index];
    const title = s ? stepTitle(s) : STEP_KINDS[step.kind].name;
    return `Step ${step.index + 1} of ${step.count}: ${title}`;
  }
  return PHASES[progress.phase] ?? 'Working';
}

/** Where a step of the list stands in a run. */
export type StepState = 'pending' | 'running' | 'done' | 'skipped' | 'failed';

export function stepState(
  index: number,
  recipe: Recipe,
  run: { progress: Progress | null; done: readonly number[] } | undefined,
  failedStep?: number,
): StepState | undefined {
  if (failedStep === index) return 'failed';
  if (!run) return undefined;
  if (recipe.steps[index]?.enabled === false) return 'skipped';
  if (run.done.includes(index)) return 'done';
  const current = run.progress?.step?.index;
  if (run.progress?.phase === 'step' && current === index) return 'running';
  // Past the steps (writing, analysing): every enabled step has run.
  if (run.progress && run.progress.phase !== 'step' && run.progress.phase !== 'read') return 'done';
  return 'pending';
}
