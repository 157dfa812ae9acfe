import type { ReactNode } from 'react';

/** A bar's tooltip: the layer's name, a line of what it is (its op, …), then its figures. */
export function ChartTip({ name, what, children }: { name: string; what: ReactNode; children: ReactNode }) {
  return (
    <div className="sd-tip">
      <div className="sd-tip__title">{name || '(unnamed)'}</div>
      <div className="sd-tip__op">{what}</div>
      {children}
    </div>
  );
}
