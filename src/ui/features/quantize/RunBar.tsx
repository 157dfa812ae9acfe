import { JobProgress } from '../../components/JobProgress';
import { RunFooter } from '../../components/RunFooter';
import { useStudio } from '../../store';
import type { QuantizeJob } from '../../store/types';
import { cancelQuantize, runQuantize } from './actions';
import { overallFraction, PHASES } from './explain';

/** Run, then progress with Cancel while it works, then how it ended. */
export function RunBar({ blocked }: { blocked: string | undefined }) {
  const job = useStudio((s) => s.quantizeJob);
  return (
    <RunFooter
      progress={job.status === 'running' ? <Running job={job} /> : undefined}
      runLabel="Run quantization"
      onRun={() => void runQuantize()}
      blocked={blocked}
      testPrefix="quantize"
      job={job}
      keptOnCancel="the model is as it was"
      doneTail="and the original stays one click away in the variants tabs."
    />
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
