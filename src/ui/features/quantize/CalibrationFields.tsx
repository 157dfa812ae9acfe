import { useId } from 'react';
import type { CalibrationMethod } from '../../../core';
import type { PixelScale } from '../../../workers/protocol';
import { ChoiceGroup } from '../../components/ChoiceGroup';
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
  const pixelLine =
    form.pixelScaleFrom === 'card'
      ? PIXELS.card(form.pixelScale)
      : form.pixelScaleFrom === 'assumed'
        ? PIXELS.assumed
        : PIXELS.user(form.pixelScale);
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
        <div className="sd-field">
          <label htmlFor={`${id}-file`}>Data file (.npz / .npy)</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".npz,.npy"
            data-testid="quantize-data-file"
            onChange={(e) => update({ file: e.target.files?.[0] ?? null })}
          />
          {form.file && <p className="sd-field__line">{form.file.name}</p>}
        </div>
      )}
      <div className="sd-field sd-field--inline">
        <label htmlFor={`${id}-samples`}>Samples</label>
        <input
          id={`${id}-samples`}
          type="number"
          min={1}
          max={10000}
          step={1}
          value={Number.isFinite(form.samples) ? form.samples : ''}
          aria-describedby={`${id}-samples-line`}
          onChange={(e) => update({ samples: e.target.valueAsNumber })}
        />
      </div>
      <p className="sd-field__line" id={`${id}-samples-line`}>
        {DATA.samples}
      </p>
      {form.data === 'mnist' && (
        <div className="sd-field">
          <span className="sd-field__label" id={`${id}-px`}>
            Pixel range
          </span>
          <div className="sd-segmented" role="group" aria-labelledby={`${id}-px`}>
            {(['0..1', '0..255'] as PixelScale[]).map((scale) => (
              <button
                key={scale}
                type="button"
                aria-pressed={form.pixelScale === scale}
                onClick={() => update({ pixelScale: scale })}
              >
                {scale}
              </button>
            ))}
          </div>
          <p className="sd-field__line" data-testid="quantize-pixel-line">
            {pixelLine}
          </p>
        </div>
      )}
    </fieldset>
  );
}
