import { JobProgress } from '../../components/JobProgress';
import { errorTitle } from '../../messages';
import { useStudio } from '../../store';
import type { QuantizeJob } from '../../store/types';
import { cancelQuantize, runQuantize } from './actions';
import { overallFraction, PHASES } from './explain';

/** Run, then progress with Cancel while it works, then how it ended. */
export function RunBar({ blocked }: { blocked: string | undefined }) {
  const job = useStudio((s) => s.quantizeJob);
  const running = job.status === 'running';
  return (
    <footer className="sd-drawer__footer">
      {running ? (
        <Running job={job} />
      ) : (
        <button
          type="button"
          className="sd-button sd-button--primary"
          disabled={blocked !== undefined}
          onClick={() => void runQuantize()}
          data-testid="quantize-run"
        >
          Run quantization
        </button>
      )}
      {!running && blocked && <p className="sd-field__line">{blocked}</p>}
      <Outcome job={job} />
    </footer>
  );
}

function Running({ job }: { job: Extract<QuantizeJob, { status: 'running' }> }) {
  const phase = job.progress?.phase ?? 'read';
  const percent = Math.round(100 * overallFraction(phase, job.progress?.fraction ?? 0));
  return (
    <JobProgress
      text={PHASES[phase] ?? 'Working'}
      percent={percent}
      label="Quantizing"
      phase={phase}
      testId="quantize-phase"
      onCancel={() => cancelQuantize()}
    />
  );
}

function Outcome({ job }: { job: QuantizeJob }) {
  const variant = useStudio((s) =>
    job.status === 'done' ? s.variants.find((v) => v.id === job.variantId) : undefined,
  );
  if (job.status === 'cancelled')
    return (
      <p className="sd-run__note" role="status" data-testid="quantize-outcome" data-status="cancelled">
        Cancelled: no variant was made, and the model is as it was.
      </p>
    );
  if (job.status === 'failed')
    return (
      <div className="sd-run__error" role="alert" data-testid="quantize-outcome" data-status="failed">
        <strong>{errorTitle(job.error.code, job.error.fileName ?? 'the model')}</strong>
        <span>{job.error.message}</span>
      </div>
    );
  if (job.status === 'done' && variant?.model.variant)
    return (
      <p className="sd-run__note" role="status" data-testid="quantize-outcome" data-status="done">
        Made “{variant.label}” in {seconds(variant.model.variant.timings.total)}: it is shown now, and the original
        stays one click away in the variants tabs.
      </p>
    );
  return null;
}

const seconds = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
