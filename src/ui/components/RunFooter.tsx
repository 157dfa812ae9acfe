import { formatDuration } from '../format';
import { errorTitle } from '../messages';
import { useStudio } from '../store';
import type { UserError } from '../store/types';
import type { ModelId } from '../../workers/protocol';
import { RunBar, type RunBarProps } from './RunBar';

/** How a job that makes a variant ended (the states quantize and recipe jobs share). */
export type JobEnd =
  | { readonly status: 'idle' | 'running' }
  | { readonly status: 'done'; readonly variantId: ModelId }
  | { readonly status: 'failed'; readonly error: UserError }
  | { readonly status: 'cancelled' };

interface RunFooterProps extends Omit<RunBarProps, 'children'> {
  readonly job: JobEnd;
  /** What stayed as it was when the job was cancelled ("the model is as it was"). */
  readonly keptOnCancel: string;
  /** Said after "Made “label” in 1.2 s: it is shown now". */
  readonly doneTail: string;
  /** Put before the error message of a failed job (e.g. "Step 2 failed: "). */
  readonly failurePrefix?: string;
}

/** The footer of a panel that runs a job making a variant: the run bar, with how the job ended. */
export function RunFooter(props: RunFooterProps) {
  return (
    <RunBar {...props}>
      <Outcome {...props} />
    </RunBar>
  );
}

function Outcome({ job, testPrefix, keptOnCancel, doneTail, failurePrefix }: RunFooterProps) {
  const variant = useStudio((s) =>
    job.status === 'done' ? s.variants.find((v) => v.id === job.variantId) : undefined,
  );
  const testId = `${testPrefix}-outcome`;
  if (job.status === 'cancelled')
    return (
      <p className="sd-run__note" role="status" data-testid={testId} data-status="cancelled">
        Cancelled: no variant was made, and {keptOnCancel}.
      </p>
    );
  if (job.status === 'failed')
    return (
      <div className="sd-run__error" role="alert" data-testid={testId} data-status="failed">
        <strong>{errorTitle(job.error.code, job.error.fileName ?? 'the model')}</strong>
        <span>
          {failurePrefix ?? ''}
          {job.error.message}
        </span>
      </div>
    );
  if (job.status === 'done' && variant?.model.variant)
    return (
      <p className="sd-run__note" role="status" data-testid={testId} data-status="done">
        Made “{variant.label}” in {formatDuration(variant.model.variant.timings.total)}: it is shown now, {doneTail}
      </p>
    );
  return null;
}
