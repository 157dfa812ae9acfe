import { useShallow } from 'zustand/react/shallow';
import { PanelToggle } from '../../components/PanelToggle';
import { studioStore, useStudio } from '../../store';
import { overallFraction } from './explain';
import { QUANTIZE_PANEL_ID } from './QuantizePanel';

/** Opens and closes the quantize panel; while a quantization runs, it shows how far it got. */
export function QuantizeButton() {
  const { open, hasModel, percent } = useStudio(
    useShallow((s) => ({
      open: s.quantizeOpen,
      hasModel: s.variants.length > 0,
      percent:
        s.quantizeJob.status === 'running'
          ? Math.round(
              100 * overallFraction(s.quantizeJob.progress?.phase ?? 'read', s.quantizeJob.progress?.fraction ?? 0),
            )
          : undefined,
    })),
  );
  return (
    <PanelToggle
      id="quantize-button"
      label="Quantize"
      title="Quantize the model into a smaller variant (Q)"
      panelId={QUANTIZE_PANEL_ID}
      open={open}
      disabled={!hasModel}
      percent={percent}
      onToggle={() => studioStore.getState().setQuantizeOpen(!open)}
    />
  );
}
