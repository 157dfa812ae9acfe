import type { ReactNode } from 'react';

interface Props {
  /** What the button does, read out in place of its symbol. */
  readonly label: string;
  readonly title?: string;
  readonly disabled?: boolean;
  readonly onClick: () => void;
  /** The symbol shown (×, ↶, ↷, …). */
  readonly children: ReactNode;
}

/** A small button showing only a symbol, named for screen readers by `label`. */
export function IconButton({ label, title, disabled, onClick, children }: Props) {
  return (
    <button
      type="button"
      className="sd-icon-button"
      aria-label={label}
      title={title}
      disabled={disabled}
      onClick={onClick}
    >
      {children}
    </button>
  );
}
