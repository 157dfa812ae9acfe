import { HeaderPanelButton } from '../../components/HeaderPanelButton';
import { studioStore } from '../../store';
import { overallFraction } from './explain';
import { QUANTIZE_PANEL_ID } from './QuantizePanel';

/** Opens and closes the quantize panel; while a quantization runs, it shows how far it got. */
export function QuantizeButton() {
  return (
    <HeaderPanelButton
      id="quantize-button"
      label="Quantize"
      title="Quantize the model into a smaller variant (Q)"
      panelId={QUANTIZE_PANEL_ID}
      select={(s) => ({
        open: s.quantizeOpen,
        percent:
          s.quantizeJob.status === 'running'
            ? Math.round(
                100 * overallFraction(s.quantizeJob.progress?.phase ?? 'read', s.quantizeJob.progress?.fraction ?? 0),
              )
            : undefined,
      })}
      setOpen={(open) => studioStore.getState().setQuantizeOpen(open)}
    />
  );
}
