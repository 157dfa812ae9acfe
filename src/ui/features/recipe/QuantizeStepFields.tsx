import { useShallow } from 'zustand/react/shallow';
import type { FormatId, RecipeStep } from '../../../core';
import { studioStore, useStudio } from '../../store';
import type { QuantizeForm, RecipeData } from '../../store/types';
import { CalibrationFields } from '../quantize/CalibrationFields';
import { formatCaps } from '../quantize/form';
import { ModeFields } from '../quantize/ModeFields';
import { recipeCalibrationForm } from './actions';
import type { SetStep } from './StepFields';

type QuantizeStep = Extract<RecipeStep, { kind: 'quantize' }>;

const DATA_FIELDS = ['data', 'file', 'samples', 'pixelScale'] as const;

/** The step after a change made in the quantize panel's own fields (mode, scales, range method). */
export function quantizeStepWith(step: QuantizeStep, patch: Partial<QuantizeForm>): QuantizeStep {
  let next: QuantizeStep = { ...step };
  if (patch.mode !== undefined) next = { ...next, mode: patch.mode };
  if (patch.granularity !== undefined) next = { ...next, granularity: patch.granularity };
  if (patch.symmetric !== undefined) next = { ...next, symmetric: patch.symmetric };
  if (patch.onnxFormat !== undefined) next = { ...next, onnxFormat: patch.onnxFormat };
  if (patch.ioType !== undefined) next = { ...next, ioType: patch.ioType };
  if (patch.method !== undefined || patch.percentile !== undefined) {
    const method = patch.method ?? step.calibration?.method ?? 'minmax';
    const percentile = patch.percentile ?? step.calibration?.percentile;
    next = {
      ...next,
      calibration: {
        ...step.calibration,
        method,
        ...(method === 'percentile' && percentile !== undefined ? { percentile } : {}),
      },
    };
    if (method !== 'percentile' && next.calibration) {
      const { percentile: _p, ...rest } = next.calibration;
      next = { ...next, calibration: rest };
    }
  }
  return next;
}

/** The run's data choice from a change of the calibration fields. */
function dataPatch(patch: Partial<QuantizeForm>): Partial<RecipeData> | undefined {
  const out: Partial<Record<(typeof DATA_FIELDS)[number], unknown>> = {};
  for (const key of DATA_FIELDS) if (key in patch) out[key] = patch[key];
  return Object.keys(out).length ? (out as Partial<RecipeData>) : undefined;
}

/** A quantize step: the quantize panel's mode and scale fields; for int8 static, its calibration. */
export function QuantizeStepFields({
  step,
  format,
  set,
  disabled,
}: {
  step: QuantizeStep;
  format: FormatId;
  set: SetStep;
  disabled: boolean;
}) {
  const { recipe, data, base } = useStudio(
    useShallow((s) => ({ recipe: s.recipeDoc.present, data: s.recipeData, base: s.variants[0]?.model })),
  );
  const caps = formatCaps(format);
  if (!caps) return <p className="sd-field__warn">The studio cannot quantize this model&apos;s format yet.</p>;
  const view = {
    mode: step.mode,
    granularity: step.granularity ?? 'per-channel',
    symmetric: step.symmetric ?? true,
    onnxFormat: step.onnxFormat ?? 'qdq',
    ioType: step.ioType ?? 'int8',
  };
  const onChange = (patch: Partial<QuantizeForm>) => {
    const moreData = dataPatch(patch);
    if (moreData) studioStore.getState().updateRecipeData(moreData);
    const next = quantizeStepWith(step, patch);
    const key = Object.keys(patch).join(',');
    if (JSON.stringify(next) !== JSON.stringify(step)) set(next, key);
  };
  return (
    <>
      <ModeFields form={view} caps={caps} disabled={disabled} onChange={onChange} />
      {step.mode === 'int8' && base && (
        <CalibrationFields
          form={{
            ...recipeCalibrationForm(recipe, data, base),
            method: step.calibration?.method ?? 'minmax',
            percentile: step.calibration?.percentile ?? 99.99,
          }}
          disabled={disabled}
          onChange={onChange}
        />
      )}
    </>
  );
}
