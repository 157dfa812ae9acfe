import type { ReactNode } from 'react';
import { formatDuration } from '../format';
import { errorTitle } from '../messages';
import { useStudio } from '../store';
import type { UserError } from '../store/types';
import type { ModelId } from '../../workers/protocol';

/** How a job that makes a variant ended (the states quantize and recipe jobs share). */
export type JobEnd =
  | { readonly status: 'idle' | 'running' }
  | { readonly status: 'done'; readonly variantId: ModelId }
  | { readonly status: 'failed'; readonly error: UserError }
  | { readonly status: 'cancelled' };

interface RunFooterProps {
  /** The progress shown while the job runs; undefined when it is not running. */
  readonly progress: ReactNode | undefined;
  readonly runLabel: string;
  readonly onRun: () => void;
  /** Why the job cannot start now (shown under the disabled button). */
  readonly blocked: string | undefined;
  /** Prefix of the test ids: `<prefix>-run`, `<prefix>-blocked`, `<prefix>-outcome`. */
  readonly testPrefix: string;
  readonly job: JobEnd;
  /** What stayed as it was when the job was cancelled ("the model is as it was"). */
  readonly keptOnCancel: string;
  /** Said after "Made “label” in 1.2 s: it is shown now". */
  readonly doneTail: string;
  /** Put before the error message of a failed job (e.g. "Step 2 failed: "). */
  readonly failurePrefix?: string;
}

/** The footer of a panel that runs a job: Run, then progress with Cancel while it works, then how it ended. */
export function RunFooter(props: RunFooterProps) {
  const { progress, blocked, testPrefix } = props;
  return (
    <footer className="sd-drawer__footer">
      {progress ?? (
        <button
          type="button"
          className="sd-button sd-button--primary"
          disabled={blocked !== undefined}
          onClick={props.onRun}
          data-testid={`${testPrefix}-run`}
        >
          {props.runLabel}
        </button>
      )}
      {!progress && blocked && (
        <p className="sd-field__line" data-testid={`${testPrefix}-blocked`}>
          {blocked}
        </p>
      )}
      <Outcome {...props} />
    </footer>
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
