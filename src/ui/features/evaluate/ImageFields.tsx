import { useId } from 'react';
import type { ImageLayout } from '../../../core';
import { studioStore } from '../../store';
import { DEFAULT_IMAGE_FIELDS, type ImageFieldsForm } from '../../store/evaluate-slice';
import { IMAGE_LINE } from './explain';
import type { ResolvedEvaluateForm } from './form';

const set = (patch: Partial<ImageFieldsForm>) => studioStore.getState().updateImageFields(patch);
const numberOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * Image preprocessing: size, grey or RGB, layout, scale and per-channel mean/std. Each field starts on what
 * fits the model's input; a changed field says so and can be reset.
 */
export function ImageFields({ form }: { form: ResolvedEvaluateForm }) {
  const id = useId();
  const f = form.imageFields;
  const fit = form.fit;
  const changed = Object.values(f).some((v) => v !== null);
  const shown = {
    width: f.width ?? fit?.width ?? null,
    height: f.height ?? fit?.height ?? null,
    channels: f.channels ?? fit?.channels ?? 3,
    layout: f.layout ?? fit?.layout ?? 'NCHW',
    scale: f.scale ?? 1 / 255,
    mean: f.mean ?? '0',
    std: f.std ?? '1',
  };
  return (
    <div className="sd-eval-grid" role="group" aria-labelledby={`${id}-legend`} data-testid="evaluate-image-fields">
      <span className="sd-field__label sd-eval-grid__title" id={`${id}-legend`}>
        Preprocessing
        {changed && (
          <button type="button" className="sd-link" onClick={() => set(DEFAULT_IMAGE_FIELDS)}>
            fit the model again
          </button>
        )}
      </span>
      <div className="sd-field">
        <label htmlFor={`${id}-w`}>Width</label>
        <input
          id={`${id}-w`}
          type="number"
          min={1}
          step={1}
          value={shown.width ?? ''}
          onChange={(e) => set({ width: numberOrNull(e.target.valueAsNumber) })}
        />
      </div>
      <div className="sd-field">
        <label htmlFor={`${id}-h`}>Height</label>
        <input
          id={`${id}-h`}
          type="number"
          min={1}
          step={1}
          value={shown.height ?? ''}
          onChange={(e) => set({ height: numberOrNull(e.target.valueAsNumber) })}
        />
      </div>
      <div className="sd-field">
        <label htmlFor={`${id}-c`}>Colour</label>
        <select
          id={`${id}-c`}
          value={shown.channels}
          onChange={(e) => set({ channels: Number(e.target.value) === 1 ? 1 : 3 })}
        >
          <option value={1}>Grayscale</option>
          <option value={3}>RGB</option>
        </select>
      </div>
      <div className="sd-field">
        <label htmlFor={`${id}-l`}>Layout</label>
        <select id={`${id}-l`} value={shown.layout} onChange={(e) => set({ layout: e.target.value as ImageLayout })}>
          <option value="NCHW">NCHW (channels first)</option>
          <option value="NHWC">NHWC (channels last)</option>
        </select>
      </div>
      <div className="sd-field">
        <label htmlFor={`${id}-s`}>Pixels</label>
        <select
          id={`${id}-s`}
          value={shown.scale === 1 ? '1' : 'unit'}
          onChange={(e) => set({ scale: e.target.value === '1' ? 1 : 1 / 255 })}
        >
          <option value="unit">0..1 (× 1/255)</option>
          <option value="1">0..255 (as stored)</option>
        </select>
      </div>
      <div className="sd-field">
        <label htmlFor={`${id}-m`}>Mean</label>
        <input
          id={`${id}-m`}
          type="text"
          className="sd-input"
          value={shown.mean}
          placeholder="0 or 0.485, 0.456, 0.406"
          onChange={(e) => set({ mean: e.target.value })}
        />
      </div>
      <div className="sd-field">
        <label htmlFor={`${id}-sd`}>Std</label>
        <input
          id={`${id}-sd`}
          type="text"
          className="sd-input"
          value={shown.std}
          placeholder="1 or 0.229, 0.224, 0.225"
          onChange={(e) => set({ std: e.target.value })}
        />
      </div>
      <p className="sd-field__line sd-eval-grid__line">{IMAGE_LINE}</p>
    </div>
  );
}
