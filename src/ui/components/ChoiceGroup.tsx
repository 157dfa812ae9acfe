import { useId } from 'react';

export interface Choice<T extends string> {
  readonly value: T;
  readonly name: string;
  /** One short line saying what the choice does. */
  readonly line: string;
  readonly disabled?: boolean;
}

interface Props<T extends string> {
  readonly legend: string;
  readonly choices: readonly Choice<T>[];
  readonly value: T;
  readonly onChange: (value: T) => void;
  readonly disabled?: boolean;
  readonly testId?: string;
}

/** Radio buttons under a legend, each with its explanation line (read out as its description). */
export function ChoiceGroup<T extends string>({ legend, choices, value, onChange, disabled, testId }: Props<T>) {
  const id = useId();
  return (
    <fieldset className="sd-choices" disabled={disabled} data-testid={testId}>
      <legend className="sd-choices__legend">{legend}</legend>
      {choices.map((c) => (
        <label key={c.value} className="sd-choice" data-checked={c.value === value}>
          <input
            type="radio"
            name={id}
            value={c.value}
            checked={c.value === value}
            disabled={c.disabled}
            aria-describedby={`${id}-${c.value}`}
            onChange={() => onChange(c.value)}
          />
          <span className="sd-choice__text">
            <span className="sd-choice__name">{c.name}</span>
            <span className="sd-choice__line" id={`${id}-${c.value}`}>
              {c.line}
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
