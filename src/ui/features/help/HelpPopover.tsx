import { useEffect, useRef } from 'react';
import { studioStore, useStudio } from '../../store';
import { SHORTCUTS } from './shortcuts';

/** A "?" button with the list of keyboard shortcuts. */
export function HelpPopover() {
  const open = useStudio((s) => s.helpOpen);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) studioStore.getState().setHelpOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  return (
    <div className="sd-menu" ref={root}>
      <button
        type="button"
        className="sd-icon-button sd-icon-button--round"
        aria-label="Keyboard shortcuts"
        aria-expanded={open}
        onClick={() => studioStore.getState().setHelpOpen(!open)}
      >
        ?
      </button>
      {open && (
        <div className="sd-menu__popover sd-menu__popover--right sd-help" role="dialog" aria-label="Keyboard shortcuts">
          <h3 className="sd-help__title">Keyboard shortcuts</h3>
          <dl className="sd-help__list">
            {SHORTCUTS.map((s) => (
              <div key={s.keys} className="sd-help__row">
                <dt>
                  <kbd>{s.keys}</kbd>
                </dt>
                <dd>{s.action}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </div>
  );
}
