import { useEffect, useRef, useState } from 'react';

/** One entry of a dropdown menu. */
export interface MenuEntry {
  readonly key: string;
  readonly title: string;
  readonly description?: string;
  readonly onChoose: () => void;
}

interface Props {
  /** The button's text (a ▾ follows). */
  readonly label: string;
  /** The menu's accessible name. */
  readonly menuLabel: string;
  /** Null while the entries are loading. */
  readonly entries: readonly MenuEntry[] | null;
  readonly loadingNote: string;
  readonly emptyNote: string;
  readonly buttonClassName?: string;
  readonly disabled?: boolean;
  /** Called when the menu opens (to start loading its entries). */
  readonly onOpen?: () => void;
}

/**
 * A button that drops a menu of entries, each a title and a line. A click outside, Escape or a choice
 * closes it; Escape inside it closes only the menu, not what it sits in (a drawer, the page's selection).
 */
export function DropdownMenu({
  label,
  menuLabel,
  entries,
  loadingNote,
  emptyNote,
  buttonClassName = 'sd-button',
  disabled,
  onOpen,
}: Props) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const outside = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', outside);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);
  return (
    <div
      className="sd-menu"
      ref={root}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !open) return;
        e.stopPropagation();
        e.nativeEvent.stopPropagation();
        setOpen(false);
      }}
    >
      <button
        type="button"
        className={buttonClassName}
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={disabled}
        onClick={() => {
          if (!open) onOpen?.();
          setOpen(!open);
        }}
      >
        {label} ▾
      </button>
      {open && (
        <div className="sd-menu__popover" role="menu" aria-label={menuLabel}>
          {entries === null && <p className="sd-menu__note">{loadingNote}</p>}
          {entries?.length === 0 && <p className="sd-menu__note">{emptyNote}</p>}
          {entries?.map((entry) => (
            <button
              key={entry.key}
              type="button"
              role="menuitem"
              className="sd-menu__item"
              onClick={() => {
                setOpen(false);
                entry.onChoose();
              }}
            >
              <span className="sd-menu__title">{entry.title}</span>
              {entry.description && <span className="sd-menu__desc">{entry.description}</span>}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
