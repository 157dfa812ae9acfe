import { useEffect, useRef, useState } from 'react';
import { useStudio } from '../../store';
import { openSample } from './samples';

/** The samples gallery: built-in models to open with one click. */
export function SamplesMenu() {
  const samples = useStudio((s) => s.samples);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);

  return (
    <div className="sd-menu" ref={root}>
      <button
        type="button"
        className="sd-button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        Samples ▾
      </button>
      {open && (
        <div className="sd-menu__popover" role="menu" aria-label="Samples">
          {samples === null && <p className="sd-menu__note">Loading samples…</p>}
          {samples?.length === 0 && <p className="sd-menu__note">No samples are available.</p>}
          {samples?.map((sample) => (
            <button
              key={sample.id}
              type="button"
              role="menuitem"
              className="sd-menu__item"
              onClick={() => {
                setOpen(false);
                void openSample(sample);
              }}
            >
              <span className="sd-menu__title">{sample.name}</span>
              {sample.description && <span className="sd-menu__desc">{sample.description}</span>}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
