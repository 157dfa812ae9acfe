import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { IconButton } from './IconButton';

interface Props {
  /** The drawer's id (its toggle button's aria-controls) and test id, e.g. `quantize-panel`. */
  readonly id: string;
  readonly title: string;
  /** Id of the button that opened the drawer: Escape closes the drawer and gives it the focus back. */
  readonly toggleId: string;
  readonly onClose: () => void;
  /** Keys besides Escape (which always closes). */
  readonly onKeyDown?: (event: KeyboardEvent) => void;
  readonly className?: string;
  /** The line under the title saying what the drawer does. */
  readonly intro: ReactNode;
  /** What stays at the bottom (the run bar). */
  readonly footer: ReactNode;
  readonly children: ReactNode;
}

/**
 * A side drawer (a non-modal dialog) with a title, a close button, a scrolling body and a footer. It takes
 * the focus when it opens (it is mounted open) and closes on Escape.
 */
export function Drawer({ id, title, toggleId, onClose, onKeyDown, className, intro, footer, children }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const titleId = `${id}-title`;
  const keyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') {
      onKeyDown?.(event);
      return;
    }
    event.preventDefault();
    // The page's own Escape (clear the selection) should not run as well.
    event.nativeEvent.stopPropagation();
    onClose();
    document.getElementById(toggleId)?.focus();
  };
  return (
    <aside
      className={className ? `sd-drawer ${className}` : 'sd-drawer'}
      id={id}
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      data-testid={id}
      onKeyDown={keyDown}
    >
      <header className="sd-drawer__header">
        <h2 className="sd-drawer__title" id={titleId} tabIndex={-1} ref={heading}>
          {title}
        </h2>
        <IconButton label={`Close the ${title.toLowerCase()} panel`} onClick={onClose}>
          ×
        </IconButton>
      </header>
      <div className="sd-drawer__body">
        <p className="sd-drawer__intro">{intro}</p>
        {children}
      </div>
      {footer}
    </aside>
  );
}
