import type { Granularity, QuantizeMode } from '../../../core';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { studioStore } from '../../store';
import type { QuantizeForm } from '../../store/types';
import type { FormatCaps, ResolvedForm } from './form';
import { GRANULARITY, IO_TYPES, MODES, ONNX_FORMS, SYMMETRY } from './explain';

/**
 * Mode, and how weights are scaled: granularity and symmetry. Changes go to the quantize panel's form
 * unless `onChange` takes them (the recipe editor's quantize step).
 */
export function ModeFields({
  form,
  caps,
  disabled,
  onChange,
}: {
  form: Pick<ResolvedForm, 'mode' | 'onnxFormat' | 'ioType' | 'granularity' | 'symmetric'>;
  caps: FormatCaps;
  disabled: boolean;
  onChange?: (patch: Partial<QuantizeForm>) => void;
}) {
  const update = onChange ?? studioStore.getState().updateQuantizeForm;
  const modes = (Object.keys(MODES) as QuantizeMode[]).map((mode) => ({
    value: mode,
    ...MODES[mode],
    disabled: !caps.modes.includes(mode),
  }));
  const weights = form.mode !== 'float16';
  return (
    <>
      <ChoiceGroup
        legend="Mode"
        choices={modes}
        value={form.mode}
        onChange={(mode) => update({ mode })}
        disabled={disabled}
        testId="quantize-mode"
      />
      {form.mode === 'int8' && caps.onnxForms && (
        <ChoiceGroup
          legend="ONNX form"
          choices={(['qdq', 'qoperator'] as const).map((value) => ({ value, ...ONNX_FORMS[value] }))}
          value={form.onnxFormat}
          onChange={(onnxFormat) => update({ onnxFormat })}
          disabled={disabled}
          testId="quantize-onnx-form"
        />
      )}
      {form.mode === 'int8' && caps.ioTypes && (
        <ChoiceGroup
          legend="Inputs and outputs"
          choices={(['int8', 'float'] as const).map((value) => ({ value, ...IO_TYPES[value] }))}
          value={form.ioType}
          onChange={(ioType) => update({ ioType })}
          disabled={disabled}
          testId="quantize-io-type"
        />
      )}
      {weights && (
        <ChoiceGroup
          legend="Weight scales"
          choices={(Object.keys(GRANULARITY) as Granularity[]).map((g) => ({ value: g, ...GRANULARITY[g] }))}
          value={form.granularity}
          onChange={(granularity) => update({ granularity })}
          disabled={disabled}
        />
      )}
      {weights && (
        <ChoiceGroup
          legend="Weight symmetry"
          choices={[
            { value: 'symmetric', ...SYMMETRY.symmetric },
            {
              value: 'asymmetric',
              ...SYMMETRY.asymmetric,
              ...(caps.asymmetric ? {} : { line: SYMMETRY.tfliteOnly, disabled: true }),
            },
          ]}
          value={form.symmetric || !caps.asymmetric ? 'symmetric' : 'asymmetric'}
          onChange={(v) => update({ symmetric: v === 'symmetric' })}
          disabled={disabled}
        />
      )}
    </>
  );
}
