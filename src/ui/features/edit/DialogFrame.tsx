import { useEffect, useRef, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { editUi } from './edit-ui-store';

interface Props {
  readonly title: string;
  readonly testId: string;
  /** The button that makes the edit ("Rename"); disabled while `ready` is false. */
  readonly submitLabel: string;
  readonly ready?: boolean;
  readonly onSubmit: () => void;
  readonly children: ReactNode;
}

const close = (): void => editUi.getState().openDialog(null);

/**
 * A small dialog over the canvas asking for what an edit needs: Enter (or the button) makes the edit and
 * closes it, Escape or Cancel closes it without changing anything.
 */
export function DialogFrame({ title, testId, submitLabel, ready = true, onSubmit, children }: Props) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    form.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    close();
    onSubmit();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.nativeEvent.stopPropagation();
    close();
  };
  return (
    <div className="sd-edit-dialog" role="dialog" aria-label={title} data-testid={testId} onKeyDown={onKeyDown}>
      <form ref={form} onSubmit={submit}>
        <h3 className="sd-edit-dialog__title">{title}</h3>
        {children}
        <div className="sd-edit-dialog__buttons">
          <button type="button" className="sd-button sd-button--small" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="sd-button sd-button--small sd-button--primary" disabled={!ready}>
            {submitLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
