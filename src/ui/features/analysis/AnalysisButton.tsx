import { HeaderPanelButton } from '../../components/HeaderPanelButton';
import { studioStore, type StudioState } from '../../store';
import { jobPercent } from './explain';
import { useAnalysisKeys } from './useAnalysisKeys';
import { useTintFollows } from './useTintFollows';

export const ANALYSIS_PANEL_ID = 'analysis-panel';
export const ANALYSIS_BUTTON_ID = 'analysis-button';

function drawerState(s: StudioState) {
  const jobs = s.analysisJobs;
  const kind = (['layers', 'sensitivity', 'keep'] as const).find((k) => jobs[k].status === 'running');
  const job = kind ? jobs[kind] : undefined;
  return {
    open: s.analysisOpen,
    percent: kind && job?.status === 'running' ? jobPercent(kind, job.progress) : undefined,
  };
}

/** Opens and closes the analysis drawer; while one of its jobs runs, it shows how far it got. */
export function AnalysisButton() {
  useAnalysisKeys();
  useTintFollows();
  return (
    <HeaderPanelButton
      id={ANALYSIS_BUTTON_ID}
      label="Analyse"
      title="Per-layer error and sensitivity: where quantization hurts (A)"
      panelId={ANALYSIS_PANEL_ID}
      select={drawerState}
      setOpen={(open) => studioStore.getState().setAnalysisOpen(open)}
    />
  );
}
