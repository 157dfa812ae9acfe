import type { ReactNode } from 'react';

interface Props {
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
  readonly disabled?: boolean;
  /** The label, after the box. */
  readonly children: ReactNode;
}

/** A checkbox with its label. */
export function Checkbox({ checked, onChange, disabled, children }: Props) {
  return (
    <label className="sd-check">
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      {children}
    </label>
  );
}
