import type { ReactNode } from 'react';

/** One label / value row of a `<dl className="sd-meta">`. */
export function MetaRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="sd-meta__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
