import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FormatId } from '../../../core';
import { IconButton } from '../../components/IconButton';
import { ProgressBar } from '../../components/ProgressBar';
import { studioStore, useStudio } from '../../store';
import { stepState } from './progress';
import { StepFields } from './StepFields';
import { STEP_KINDS, stepProblem, stepSummary, stepTitle } from './steps';

const edit = studioStore.getState().editRecipe;

/**
 * The recipe's steps in order. Each row: enable, title (selects the step and opens its options), move up,
 * move down, remove. Alt+↑ / Alt+↓ move the row that has focus; the focus moves with it.
 */
export function StepList({ format, disabled }: { format: FormatId; disabled: boolean }) {
  const { recipe, selected, job } = useStudio(
    useShallow((s) => ({ recipe: s.recipeDoc.present, selected: s.recipeDoc.selected, job: s.recipeJob })),
  );
  const titles = useRef<(HTMLButtonElement | null)[]>([]);
  const focusNext = useRef<number | null>(null);
  useEffect(() => {
    if (focusNext.current === null) return;
    titles.current[focusNext.current]?.focus();
    focusNext.current = null;
  });
  // After a run, the steps of the recipe that ran show as done until the recipe is edited.
  const finished =
    job.status === 'done' && job.recipe === recipe
      ? { progress: { phase: 'layout' as const, fraction: 1 }, done: [] as number[] }
      : undefined;
  const run = job.status === 'running' ? job : undefined;
  // While a recipe runs, the list shows the recipe that runs.
  const shown = run?.recipe ?? recipe;
  const failed = job.status === 'failed' ? job.step : undefined;
  const move = (index: number, delta: number) => {
    edit({ type: 'move', index, delta });
    focusNext.current = Math.min(shown.steps.length - 1, Math.max(0, index + delta));
  };
  const onKeyDown = (index: number) => (event: KeyboardEvent) => {
    if (disabled || !event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    move(index, event.key === 'ArrowUp' ? -1 : 1);
  };
  if (shown.steps.length === 0)
    return (
      <p className="sd-recipe__empty" data-testid="recipe-empty">
        No steps yet. Add one below, or start from a preset.
      </p>
    );
  return (
    <ol className="sd-steps" aria-label="Recipe steps">
      {shown.steps.map((step, i) => {
        const on = step.enabled !== false;
        const open = i === selected && !run;
        const state = stepState(i, shown, run ?? finished, failed);
        const problem = stepProblem(step, format);
        const fraction = state === 'running' ? (run?.progress?.fraction ?? 0) : undefined;
        const title = stepTitle(step);
        return (
          <li
            key={i}
            className="sd-step"
            data-testid="recipe-step"
            data-kind={step.kind}
            data-enabled={on}
            data-selected={i === selected}
            data-state={state}
            onKeyDown={onKeyDown(i)}
          >
            <div className="sd-step__row">
              <input
                type="checkbox"
                checked={on}
                disabled={disabled}
                aria-label={`Enable step ${i + 1} (${title})`}
                onChange={() => edit({ type: 'toggle', index: i })}
              />
              <button
                type="button"
                className="sd-step__title"
                aria-expanded={open}
                ref={(el) => {
                  titles.current[i] = el;
                }}
                onClick={() => studioStore.getState().selectRecipeStep(open ? -1 : i)}
                title={STEP_KINDS[step.kind].line}
              >
                <span className="sd-step__index">{i + 1}</span>
                <span className="sd-step__text">
                  <span className="sd-step__name" data-testid="recipe-step-title">
                    {title}
                  </span>
                  <span className="sd-step__summary">{stepSummary(step)}</span>
                </span>
                {state && state !== 'pending' && (
                  <span className="sd-step__state" data-testid="recipe-step-state">
                    {state === 'running' ? `${Math.round((fraction ?? 0) * 100)}%` : STATE_TEXT[state]}
                  </span>
                )}
              </button>
              <div className="sd-step__tools">
                <IconButton
                  label={`Move step ${i + 1} up`}
                  title="Move up (Alt+↑)"
                  disabled={disabled || i === 0}
                  onClick={() => move(i, -1)}
                >
                  ↑
                </IconButton>
                <IconButton
                  label={`Move step ${i + 1} down`}
                  title="Move down (Alt+↓)"
                  disabled={disabled || i === shown.steps.length - 1}
                  onClick={() => move(i, 1)}
                >
                  ↓
                </IconButton>
                <IconButton
                  label={`Remove step ${i + 1}`}
                  title="Remove"
                  disabled={disabled}
                  onClick={() => edit({ type: 'remove', index: i })}
                >
                  ×
                </IconButton>
              </div>
            </div>
            {state === 'running' && (
              <ProgressBar
                percent={Math.round((fraction ?? 0) * 100)}
                label={`Step ${i + 1}`}
                className="sd-step__bar"
              />
            )}
            {problem && <p className="sd-field__warn">{problem}</p>}
            {open && <StepFields step={step} index={i} format={format} disabled={disabled} />}
          </li>
        );
      })}
    </ol>
  );
}

const STATE_TEXT = { done: 'done', skipped: 'skipped', failed: 'failed', running: '', pending: '' } as const;
