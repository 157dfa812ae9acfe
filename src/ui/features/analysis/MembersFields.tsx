import { useId } from 'react';
import type { ModelId } from '../../../workers/protocol';
import { studioStore } from '../../store';
import type { VariantEntry } from '../../store/types';
import { TEXT } from './explain';
import type { ResolvedAnalysis } from './form';

function MemberSelect({
  label,
  value,
  variants,
  onChange,
  testId,
}: {
  label: string;
  value: ModelId | null;
  variants: readonly VariantEntry[];
  onChange: (id: ModelId) => void;
  testId: string;
}) {
  const id = useId();
  return (
    <div className="sd-field sd-field--inline">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} data-testid={testId} onChange={(e) => onChange(e.target.value)}>
        {value === null && <option value="">—</option>}
        {variants.map((v) => (
          <option key={v.id} value={v.id}>
            {v.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The two members compared: the one measured and its reference. */
export function MembersFields({
  form,
  variants,
  disabled,
}: {
  form: ResolvedAnalysis;
  variants: readonly VariantEntry[];
  disabled: boolean;
}) {
  const update = studioStore.getState().updateAnalysisForm;
  return (
    <fieldset className="sd-choices" disabled={disabled} data-testid="analysis-members">
      <legend className="sd-choices__legend">Compare</legend>
      <MemberSelect
        label="Measure"
        value={form.modelId}
        variants={variants}
        onChange={(modelId) => update({ modelId })}
        testId="analysis-model"
      />
      <MemberSelect
        label="against"
        value={form.referenceId}
        variants={variants}
        onChange={(referenceId) => update({ referenceId })}
        testId="analysis-reference"
      />
      <p className="sd-field__line">{TEXT.members}</p>
    </fieldset>
  );
}
