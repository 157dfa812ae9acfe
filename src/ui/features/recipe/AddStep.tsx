import type { FormatId, RecipeStepKind } from '../../../core';
import { studioStore } from '../../store';
import { defaultStep, STEP_KINDS, STEP_ORDER } from './steps';

/** One button per kind of step: adds it with default options after the selected step. */
export function AddStep({ format, disabled }: { format: FormatId; disabled: boolean }) {
  const add = (kind: RecipeStepKind) =>
    studioStore.getState().editRecipe({ type: 'add', step: defaultStep(kind, format) });
  return (
    <div className="sd-recipe__add" role="group" aria-label="Add a step">
      <span className="sd-field__label">Add</span>
      {STEP_ORDER.map((kind) => (
        <button
          key={kind}
          type="button"
          className="sd-button sd-button--small"
          disabled={disabled}
          title={STEP_KINDS[kind].line}
          aria-label={`Add a ${STEP_KINDS[kind].name.toLowerCase()} step`}
          onClick={() => add(kind)}
        >
          + {STEP_KINDS[kind].name}
        </button>
      ))}
    </div>
  );
}
