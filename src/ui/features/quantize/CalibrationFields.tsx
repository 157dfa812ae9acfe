import { useId } from 'react';
import type { CalibrationMethod } from '../../../core';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { CountField } from '../../components/CountField';
import { DataFileField } from '../../components/DataFileField';
import { PixelRangeField } from '../../components/PixelRangeField';
import { studioStore } from '../../store';
import { DATA, METHODS, PIXELS } from './explain';
import type { QuantizeForm } from '../../store/types';
import type { ResolvedForm } from './form';

/** What the calibration fields show (the quantize panel's form; the recipe editor builds the same). */
export type CalibrationView = Pick<
  ResolvedForm,
  'method' | 'percentile' | 'data' | 'file' | 'samples' | 'pixelScale' | 'pixelScaleFrom' | 'mnistShaped'
>;

/**
 * Static int8's calibration: the range method and the sample inputs it measures ranges on. Changes go to
 * the quantize panel's form unless `onChange` takes them.
 */
export function CalibrationFields({
  form,
  disabled,
  onChange,
}: {
  form: CalibrationView;
  disabled: boolean;
  onChange?: (patch: Partial<QuantizeForm>) => void;
}) {
  const id = useId();
  const update = onChange ?? studioStore.getState().updateQuantizeForm;
  const method = METHODS[form.method];
  return (
    <fieldset className="sd-choices" disabled={disabled} data-testid="quantize-calibration">
      <legend className="sd-choices__legend">Calibration</legend>
      <div className="sd-field">
        <label htmlFor={`${id}-method`}>Range method</label>
        <select
          id={`${id}-method`}
          value={form.method}
          aria-describedby={`${id}-method-line`}
          onChange={(e) => update({ method: e.target.value as CalibrationMethod })}
        >
          {(Object.keys(METHODS) as CalibrationMethod[]).map((m) => (
            <option key={m} value={m}>
              {METHODS[m].name}
            </option>
          ))}
        </select>
        <p className="sd-field__line" id={`${id}-method-line`}>
          {method.line}
        </p>
      </div>
      {form.method === 'percentile' && (
        <div className="sd-field sd-field--inline">
          <label htmlFor={`${id}-pct`}>Percentile kept (%)</label>
          <input
            id={`${id}-pct`}
            type="number"
            min={0}
            max={100}
            step={0.01}
            value={form.percentile}
            onChange={(e) => update({ percentile: e.target.valueAsNumber })}
          />
        </div>
      )}
      <ChoiceGroup
        legend="Sample inputs"
        choices={[
          { value: 'mnist', ...DATA.mnist },
          { value: 'file', ...DATA.file },
        ]}
        value={form.data}
        onChange={(data) => update({ data })}
        testId="quantize-data"
      />
      {!form.mnistShaped && form.data === 'mnist' && <p className="sd-field__warn">{DATA.notMnist}</p>}
      {form.data === 'file' && (
        <DataFileField
          file={form.file}
          onChange={(file) => update({ file: file ?? null })}
          testId="quantize-data-file"
        />
      )}
      <CountField
        label="Samples"
        value={form.samples}
        max={10000}
        line={DATA.samples}
        onChange={(samples) => update({ samples })}
      />
      {form.data === 'mnist' && (
        <PixelRangeField
          value={form.pixelScale}
          from={form.pixelScaleFrom}
          lines={PIXELS}
          onChange={(pixelScale) => update({ pixelScale })}
          lineTestId="quantize-pixel-line"
        />
      )}
    </fieldset>
  );
}
