import { exact } from '../format';

/** A figure in human units, with the exact number in its tooltip (and for screen readers). */
export function Figure({ value, text, unit }: { value: number; text: string; unit: string }) {
  const full = `${exact(value)} ${unit}`;
  return (
    <span className="sd-figure" title={full} data-exact={value}>
      {text}
    </span>
  );
}
