import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
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
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open]);
  const layers = useMemo(() => (base ? weightLayers(base.summary) : []), [base]);
  if (!open || !base) return null;
  const format = base.summary.format;
  const caps = formatCaps(format);
  const resolved = resolveForm(form, base);
  const blocked = blocker(resolved, caps, format);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    // The page's own Escape (clear the selection) should not run as well.
    event.nativeEvent.stopPropagation();
    close();
    document.getElementById('quantize-button')?.focus();
  };
  return (
    <aside
      className="sd-drawer"
      id={QUANTIZE_PANEL_ID}
      role="dialog"
      aria-modal="false"
      aria-labelledby="quantize-title"
      data-testid="quantize-panel"
      onKeyDown={onKeyDown}
    >
      <header className="sd-drawer__header">
        <h2 className="sd-drawer__title" id="quantize-title" tabIndex={-1} ref={heading}>
          Quantize
        </h2>
        <button type="button" className="sd-icon-button" aria-label="Close the quantize panel" onClick={close}>
          ×
        </button>
      </header>
      <div className="sd-drawer__body">
        <p className="sd-drawer__intro">
          Makes a smaller copy of <strong>{base.summary.fileName}</strong> as a new variant. The original stays as it
          is, so you can compare them.
        </p>
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
      </div>
      <RunBar blocked={blocked} />
    </aside>
  );
}
