import { useId } from 'react';

/** A whole-number field (samples, k), with an optional line under it that describes it. */
export function CountField({
  label,
  value,
  max,
  onChange,
  testId,
  line,
}: {
  label: string;
  value: number;
  max?: number;
  onChange: (value: number) => void;
  testId?: string;
  line?: string;
}) {
  const id = useId();
  return (
    <>
      <div className="sd-field sd-field--inline">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type="number"
          min={1}
          max={max}
          step={1}
          value={Number.isFinite(value) ? value : ''}
          data-testid={testId}
          {...(line ? { 'aria-describedby': `${id}-line` } : {})}
          onChange={(e) => onChange(e.target.valueAsNumber)}
        />
      </div>
      {line && (
        <p className="sd-field__line" id={`${id}-line`}>
          {line}
        </p>
      )}
    </>
  );
}
