import { useId } from 'react';
import type { PixelScale } from '../../workers/protocol';

/** Where the range shown comes from: the model's card, a default assumed, or the user's own choice. */
export type PixelScaleFrom = 'card' | 'assumed' | 'user';

/** The line under the field for each source (each panel words it its own way). */
export interface PixelRangeLines {
  readonly card: (scale: PixelScale) => string;
  readonly assumed: string;
  readonly user: (scale: PixelScale) => string;
}

const SCALES: readonly PixelScale[] = ['0..1', '0..255'];

/** The range the built-in MNIST digits are fed in (0..1 or raw 0..255 grey levels), as a segmented choice. */
export function PixelRangeField({
  value,
  from,
  lines,
  onChange,
  lineTestId,
  className,
}: {
  value: PixelScale;
  from: PixelScaleFrom;
  lines: PixelRangeLines;
  onChange: (scale: PixelScale) => void;
  /** Test id of the line saying where the range comes from. */
  lineTestId?: string;
  /** Extra class of the segmented buttons' group. */
  className?: string;
}) {
  const id = useId();
  const line = from === 'card' ? lines.card(value) : from === 'assumed' ? lines.assumed : lines.user(value);
  return (
    <div className="sd-field">
      <span className="sd-field__label" id={`${id}-px`}>
        Pixel range
      </span>
      <div
        className={className ? `sd-segmented ${className}` : 'sd-segmented'}
        role="group"
        aria-labelledby={`${id}-px`}
      >
        {SCALES.map((scale) => (
          <button key={scale} type="button" aria-pressed={value === scale} onClick={() => onChange(scale)}>
            {scale}
          </button>
        ))}
      </div>
      <p className="sd-field__line" data-testid={lineTestId}>
        {line}
      </p>
    </div>
  );
}
