import { JobProgress } from '../../components/JobProgress';
import { RunBar } from '../../components/RunBar';
import { formatDuration } from '../../format';
import { errorTitle } from '../../messages';
import { useStudio } from '../../store';
import type { EvaluateJob } from '../../store/evaluate-slice';
import type { VariantEntry } from '../../store/types';
import { cancelEvaluate, runEvaluate } from './actions';
import { jobPercent } from './progress';

/** Run, then progress with Cancel while it works, then how it ended. */
export function EvaluateRunBar({
  blocked,
  runLabel,
  family,
}: {
  blocked: string | undefined;
  runLabel: string;
  family: readonly VariantEntry[];
}) {
  const job = useStudio((s) => s.evaluateJob);
  const labelOf = (id: string | undefined) => family.find((v) => v.id === id)?.label ?? 'the model';
  const running = job.status === 'running';
  return (
    <RunBar
      progress={running ? <Running job={job} labelOf={labelOf} /> : undefined}
      runLabel={runLabel}
      onRun={() => void runEvaluate()}
      blocked={blocked}
      testPrefix="evaluate"
    >
      <Outcome job={job} labelOf={labelOf} />
    </RunBar>
  );
}

type Running = Extract<EvaluateJob, { status: 'running' }>;

function Running({ job, labelOf }: { job: Running; labelOf: (id: string | undefined) => string }) {
  const phase = job.progress?.phase ?? 'read';
  const which = job.queue.length > 1 ? ` (${job.index + 1} of ${job.queue.length})` : '';
  // Decoding a large image folder takes a while before the first batch: say how far it got.
  const read = phase === 'read' && job.progress ? ` — ${Math.round(100 * job.progress.fraction)} % read` : '';
  const text = `${phase === 'evaluate' ? 'Evaluating' : 'Reading the data for'} ${labelOf(job.queue[job.index])}${which}${read}`;
  return (
    <JobProgress
      text={text}
      percent={jobPercent(job)}
      label="Evaluating"
      phase={phase}
      testId="evaluate-phase"
      data={{ 'data-index': job.index }}
      onCancel={() => cancelEvaluate()}
    />
  );
}

function Outcome({ job, labelOf }: { job: EvaluateJob; labelOf: (id: string | undefined) => string }) {
  const testId = 'evaluate-outcome';
  if (job.status === 'cancelled')
    return (
      <p className="sd-run__note" role="status" data-testid={testId} data-status="cancelled">
        Cancelled{job.finished > 0 ? ` after ${job.finished} model${job.finished > 1 ? 's' : ''}` : ''}: the results
        made before stay, and your settings are kept.
      </p>
    );
  if (job.status === 'failed')
    return (
      <div className="sd-run__error" role="alert" data-testid={testId} data-status="failed">
        <strong>{errorTitle(job.error.code, job.error.fileName ?? 'the data')}</strong>
        <span>
          {job.modelId ? `${labelOf(job.modelId)}: ` : ''}
          {job.error.message}
        </span>
      </div>
    );
  if (job.status === 'done')
    return (
      <p className="sd-run__note" role="status" data-testid={testId} data-status="done">
        Evaluated {job.modelIds.length === 1 ? labelOf(job.modelIds[0]) : `${job.modelIds.length} models`} in{' '}
        {formatDuration(job.ms)}.
      </p>
    );
  return null;
}
