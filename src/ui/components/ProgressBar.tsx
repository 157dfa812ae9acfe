/** A determinate progress bar (0..100) with an accessible name. */
export function ProgressBar({ percent, label, className }: { percent: number; label: string; className?: string }) {
  return (
    <div
      className={className ? `sd-progress__bar ${className}` : 'sd-progress__bar'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div className="sd-progress__fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
