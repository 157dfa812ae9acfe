import { Checkbox } from '../../components/Checkbox';
import { CountField } from '../../components/CountField';
import { studioStore } from '../../store';
import { SAMPLES_LINE } from './explain';
import type { ResolvedEvaluateForm } from './form';

/** Every sample of the data, or a seeded subset of so many. */
export function SamplesField({ form, disabled }: { form: ResolvedEvaluateForm; disabled: boolean }) {
  const update = studioStore.getState().updateEvaluateForm;
  return (
    <fieldset className="sd-choices" disabled={disabled} data-testid="evaluate-samples">
      <legend className="sd-choices__legend">Samples</legend>
      <Checkbox checked={form.allSamples} onChange={(allSamples) => update({ allSamples })}>
        All samples
      </Checkbox>
      {!form.allSamples && (
        <CountField label="Samples" value={form.samples} onChange={(samples) => update({ samples })} />
      )}
      <p className="sd-field__line">{SAMPLES_LINE}</p>
    </fieldset>
  );
}
