import { useShallow } from 'zustand/react/shallow';
import { Drawer } from '../../components/Drawer';
import { JobProgress } from '../../components/JobProgress';
import { errorTitle } from '../../messages';
import { studioStore, useStudio } from '../../store';
import type { AnalysisJob, AnalysisJobKind } from '../../store/analysis-slice';
import { cancelAnalysis } from './actions';
import { ANALYSIS_BUTTON_ID, ANALYSIS_PANEL_ID } from './AnalysisButton';
import { DataFields } from './DataFields';
import { jobPercent, jobText, TEXT } from './explain';
import { resolveAnalysis } from './form';
import { LayerErrorSection } from './LayerErrorSection';
import { MembersFields } from './MembersFields';
import { SensitivitySection } from './SensitivitySection';
import './analysis.css';

const close = (): void => studioStore.getState().setAnalysisOpen(false);
const KINDS: readonly AnalysisJobKind[] = ['layers', 'sensitivity', 'keep'];
const NAMES: Readonly<Record<AnalysisJobKind, string>> = {
  layers: 'Per-layer error',
  sensitivity: 'Sensitivity analysis',
  keep: 'Making the variant',
};

/**
 * The analysis drawer: two members compared layer by layer (SQNR chart, table, graph colouring), and
 * sensitivity analysis of the original with "keep the worst k layers in float".
 */
export function AnalysisPanel() {
  const { open, variants, shownId, form, busy } = useStudio(
    useShallow((s) => ({
      open: s.analysisOpen,
      variants: s.variants,
      shownId: s.model?.summary.modelId,
      form: s.analysisForm,
      busy: KINDS.some((k) => s.analysisJobs[k].status === 'running'),
    })),
  );
  if (!open || variants.length === 0) return null;
  const resolved = resolveAnalysis(form, variants, shownId);
  return (
    <Drawer
      id={ANALYSIS_PANEL_ID}
      title="Analysis"
      toggleId={ANALYSIS_BUTTON_ID}
      onClose={close}
      className="sd-analysis"
      intro={TEXT.intro}
      footer={<AnalysisFooter />}
    >
      <MembersFields form={resolved} variants={variants} disabled={busy} />
      <DataFields form={resolved} disabled={busy} />
      <LayerErrorSection form={resolved} busy={busy} />
      <SensitivitySection form={resolved} busy={busy} />
    </Drawer>
  );
}

/** The running job with Cancel, or how the last ones ended when they did not finish. */
function AnalysisFooter() {
  const jobs = useStudio((s) => s.analysisJobs);
  const running = KINDS.find((k) => jobs[k].status === 'running');
  const job = running ? jobs[running] : undefined;
  return (
    <footer className="sd-drawer__footer" data-testid="analysis-footer">
      {running && job?.status === 'running' ? (
        <JobProgress
          text={jobText(running, job.progress)}
          percent={jobPercent(running, job.progress)}
          label={NAMES[running]}
          phase={job.progress?.phase ?? 'read'}
          testId="analysis-phase"
          data={{ 'data-job': running }}
          onCancel={() => cancelAnalysis(running)}
        />
      ) : (
        <p className="sd-run__note">Results stay here until another model is opened.</p>
      )}
      {KINDS.map((k) => (
        <Ended key={k} kind={k} job={jobs[k]} />
      ))}
    </footer>
  );
}

function Ended({ kind, job }: { kind: AnalysisJobKind; job: AnalysisJob }) {
  if (job.status === 'cancelled')
    return (
      <p className="sd-run__note" role="status" data-testid={`analysis-${kind}-outcome`} data-status="cancelled">
        {NAMES[kind]} cancelled: nothing was changed.
      </p>
    );
  if (job.status === 'failed')
    return (
      <div className="sd-run__error" role="alert" data-testid={`analysis-${kind}-outcome`} data-status="failed">
        <strong>{errorTitle(job.error.code, job.error.fileName ?? 'the model')}</strong>
        <span>
          {NAMES[kind]}: {job.error.message}
        </span>
      </div>
    );
  return null;
}
