import { useId } from 'react';
import type { RecipeStep } from '../../../core';
import type { FormatId } from '../../../core';
import { studioStore } from '../../store';
import { CleanupFields } from './CleanupFields';
import { ClusterFields } from './ClusterFields';
import { PruneFields } from './PruneFields';
import { QuantizeStepFields } from './QuantizeStepFields';

/** Replaces step `index` by `step`; `key` names the field so a dragged slider is one undo step. */
export type SetStep = (step: RecipeStep, key: string) => void;

/** The option form of one step, under its row in the list. */
export function StepFields({
  step,
  index,
  format,
  disabled,
}: {
  step: RecipeStep;
  index: number;
  format: FormatId;
  disabled: boolean;
}) {
  const id = useId();
  const set: SetStep = (next, key) => studioStore.getState().editRecipe({ type: 'set', index, step: next, key });
  return (
    <fieldset className="sd-step__form" disabled={disabled} data-testid="recipe-step-form" data-kind={step.kind}>
      <legend className="sd-visually-hidden">Options of step {index + 1}</legend>
      {step.kind === 'cleanup' && <CleanupFields step={step} format={format} set={set} />}
      {step.kind === 'prune' && <PruneFields step={step} set={set} />}
      {step.kind === 'cluster' && <ClusterFields step={step} set={set} />}
      {step.kind === 'quantize' && <QuantizeStepFields step={step} format={format} set={set} disabled={disabled} />}
      <div className="sd-field sd-field--inline">
        <label htmlFor={`${id}-label`}>Step name</label>
        <input
          id={`${id}-label`}
          type="text"
          className="sd-input"
          placeholder="optional"
          maxLength={60}
          value={step.label ?? ''}
          onChange={(e) => {
            const { label: _label, ...rest } = step;
            const label = e.target.value;
            set((label ? { ...rest, label } : rest) as RecipeStep, 'label');
          }}
        />
      </div>
    </fieldset>
  );
}
