import type { ReactNode } from 'react';

/** A titled block of a side panel. */
export function Section({ title, children, aside }: { title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section className="sd-section" aria-label={title}>
      <header className="sd-section__header">
        <h3 className="sd-section__title">{title}</h3>
        {aside}
      </header>
      {children}
    </section>
  );
}
