import type { ReactNode } from 'react';

export interface RunBarProps {
  /** The progress shown while the job runs; undefined when it is not running. */
  readonly progress: ReactNode | undefined;
  readonly runLabel: string;
  readonly onRun: () => void;
  /** Why the job cannot start now (shown under the disabled button). */
  readonly blocked: string | undefined;
  /** Prefix of the test ids: `<prefix>-run`, `<prefix>-blocked`. */
  readonly testPrefix: string;
  /** How the last run ended. */
  readonly children?: ReactNode;
}

/** The footer of a panel that runs a job: Run, then progress with Cancel while it works, then how it ended. */
export function RunBar({ progress, runLabel, onRun, blocked, testPrefix, children }: RunBarProps) {
  return (
    <footer className="sd-drawer__footer">
      {progress ?? (
        <button
          type="button"
          className="sd-button sd-button--primary"
          disabled={blocked !== undefined}
          onClick={onRun}
          data-testid={`${testPrefix}-run`}
        >
          {runLabel}
        </button>
      )}
      {!progress && blocked && (
        <p className="sd-field__line" data-testid={`${testPrefix}-blocked`}>
          {blocked}
        </p>
      )}
      {children}
    </footer>
  );
}
