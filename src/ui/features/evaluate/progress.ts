// How far an evaluation job got, over every model it evaluates.
import type { EvaluateJob } from '../../store/evaluate-slice';

type Running = Extract<EvaluateJob, { status: 'running' }>;

/** 0..100 of the whole job: finished models plus the share of the current one (reading data counts as 0). */
export function jobPercent(job: Running): number {
  const count = Math.max(1, job.queue.length);
  const fraction = job.progress?.phase === 'evaluate' ? job.progress.fraction : 0;
  return Math.round((100 * (job.index + Math.min(1, Math.max(0, fraction)))) / count);
}
