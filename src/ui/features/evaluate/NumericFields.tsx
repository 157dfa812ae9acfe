import { useId } from 'react';
import { studioStore } from '../../store';
import { NUMERIC } from './explain';
import type { ResolvedEvaluateForm } from './form';

const FIELDS = [
  { key: 'scale', label: 'Scale', step: 'any' },
  { key: 'mean', label: 'Mean', step: 'any' },
  { key: 'std', label: 'Std', step: 'any' },
] as const;

/** Scale, mean and std of non-image data: each value is fed as (x · scale − mean) / std. */
export function NumericFields({ form }: { form: ResolvedEvaluateForm }) {
  const id = useId();
  return (
    <div
      className="sd-eval-grid sd-eval-grid--3"
      role="group"
      aria-labelledby={`${id}-legend`}
      data-testid="evaluate-numeric"
    >
      <span className="sd-field__label sd-eval-grid__title" id={`${id}-legend`}>
        Values
      </span>
      {FIELDS.map((f) => (
        <div className="sd-field" key={f.key}>
          <label htmlFor={`${id}-${f.key}`}>{f.label}</label>
          <input
            id={`${id}-${f.key}`}
            type="number"
            step={f.step}
            value={Number.isFinite(form[f.key]) ? form[f.key] : ''}
            onChange={(e) => studioStore.getState().updateEvaluateForm({ [f.key]: e.target.valueAsNumber })}
          />
        </div>
      ))}
      <p className="sd-field__line sd-eval-grid__line">{NUMERIC}</p>
    </div>
  );
}
