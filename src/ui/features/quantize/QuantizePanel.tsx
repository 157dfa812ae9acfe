import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Drawer } from '../../components/Drawer';
import { studioStore, useStudio } from '../../store';
import { CalibrationFields } from './CalibrationFields';
import { blocker, formatCaps, resolveForm, weightLayers } from './form';
import { ModeFields } from './ModeFields';
import { OverridesTable } from './OverridesTable';
import { RunBar } from './RunBar';

export const QUANTIZE_PANEL_ID = 'quantize-panel';

const close = (): void => studioStore.getState().setQuantizeOpen(false);

/**
 * The quantize drawer: mode, weight scales, calibration, per-layer overrides, and Run with progress and
 * Cancel. It quantizes the family's original; the result becomes a new variant.
 */
export function QuantizePanel() {
  const { open, base, form, running } = useStudio(
    useShallow((s) => ({
      open: s.quantizeOpen,
      base: s.variants[0]?.model,
      form: s.quantizeForm,
      running: s.quantizeJob.status === 'running',
    })),
  );
  const layers = useMemo(() => (base ? weightLayers(base.summary) : []), [base]);
  if (!open || !base) return null;
  const format = base.summary.format;
  const caps = formatCaps(format);
  const resolved = resolveForm(form, base);
  const blocked = blocker(resolved, caps, format);
  return (
    <Drawer
      id={QUANTIZE_PANEL_ID}
      title="Quantize"
      toggleId="quantize-button"
      onClose={close}
      intro={
        <>
          Makes a smaller copy of <strong>{base.summary.fileName}</strong> as a new variant. The original stays as it
          is, so you can compare them.
        </>
      }
      footer={<RunBar blocked={blocked} />}
    >
      {caps ? (
        <>
          <ModeFields form={resolved} caps={caps} disabled={running} />
          {resolved.mode === 'int8' && <CalibrationFields form={resolved} disabled={running} />}
          {layers.length > 0 && (
            <OverridesTable
              layers={layers}
              overrides={form.overrides}
              mode={form.mode}
              caps={caps}
              disabled={running}
            />
          )}
        </>
      ) : null}
    </Drawer>
  );
}
