interface Props {
  /** The button's id (a drawer gives the focus back to it when it closes). */
  readonly id: string;
  readonly label: string;
  readonly title: string;
  /** The drawer it opens. */
  readonly panelId: string;
  readonly open: boolean;
  readonly disabled: boolean;
  /** How far the drawer's job got, shown while the drawer is closed; undefined when nothing runs. */
  readonly percent: number | undefined;
  readonly onToggle: () => void;
}

/** A header button that opens and closes a drawer, and shows its running job's progress while closed. */
export function PanelToggle({ id, label, title, panelId, open, disabled, percent, onToggle }: Props) {
  return (
    <button
      type="button"
      id={id}
      className="sd-button sd-button--toggle"
      aria-expanded={open}
      aria-controls={open ? panelId : undefined}
      disabled={disabled}
      title={title}
      onClick={onToggle}
    >
      {label}
      {percent !== undefined && !open ? ` · ${percent}%` : ''}
    </button>
  );
}
