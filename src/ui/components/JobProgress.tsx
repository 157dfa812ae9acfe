import { ProgressBar } from './ProgressBar';

interface Props {
  /** What is being done, e.g. "Calibrating". */
  readonly text: string;
  /** 0..100 of the whole job. */
  readonly percent: number;
  /** The bar's accessible name ("Quantizing"). */
  readonly label: string;
  readonly onCancel: () => void;
  /** Test id of the text line, which also carries `data-phase`. */
  readonly testId: string;
  readonly phase: string;
  /** Extra data attributes of the text line (e.g. the recipe step running). */
  readonly data?: Readonly<Record<`data-${string}`, string | number>>;
}

/** A running job in a drawer's footer: what it does, how far it got, and Cancel. */
export function JobProgress({ text, percent, label, onCancel, testId, phase, data }: Props) {
  return (
    <div className="sd-run" role="status" aria-live="polite">
      <div className="sd-run__text" data-testid={testId} data-phase={phase} {...data}>
        {text}… {percent}%
      </div>
      <ProgressBar percent={percent} label={label} className="sd-run__bar" />
      <button type="button" className="sd-button sd-button--small" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
