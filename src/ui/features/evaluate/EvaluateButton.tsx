import { HeaderPanelButton } from '../../components/HeaderPanelButton';
import { studioStore } from '../../store';
import { jobPercent } from './progress';
import { useEvaluateKeys } from './useEvaluateKeys';

export const EVALUATE_PANEL_ID = 'evaluate-panel';
export const EVALUATE_BUTTON_ID = 'evaluate-button';

/** Opens and closes the evaluate panel; while an evaluation runs, it shows how far it got. */
export function EvaluateButton() {
  useEvaluateKeys();
  return (
    <HeaderPanelButton
      id={EVALUATE_BUTTON_ID}
      label="Evaluate"
      title="Measure accuracy on a dataset: the original and its variants side by side (E)"
      panelId={EVALUATE_PANEL_ID}
      select={(s) => ({
        open: s.evaluateOpen,
        percent: s.evaluateJob.status === 'running' ? jobPercent(s.evaluateJob) : undefined,
      })}
      setOpen={(open) => studioStore.getState().setEvaluateOpen(open)}
    />
  );
}
