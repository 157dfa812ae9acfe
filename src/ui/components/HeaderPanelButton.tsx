import { useShallow } from 'zustand/react/shallow';
import { useStudio, type StudioState } from '../store';

/** What the button shows of its drawer, read from the store. */
export interface DrawerState {
  readonly open: boolean;
  /** How far the drawer's job got (0..100); undefined when nothing runs. */
  readonly percent?: number | undefined;
}

interface Props {
  /** The button's id (a drawer gives the focus back to it when it closes). */
  readonly id: string;
  readonly label: string;
  readonly title: string;
  /** The drawer it opens. */
  readonly panelId: string;
  readonly select: (state: StudioState) => DrawerState;
  readonly setOpen: (open: boolean) => void;
}

/**
 * A header button that opens and closes a drawer, and shows its running job's progress while the drawer
 * is closed. Disabled until a model is open.
 */
export function HeaderPanelButton({ id, label, title, panelId, select, setOpen }: Props) {
  const { open, percent, hasModel } = useStudio(useShallow((s) => ({ ...select(s), hasModel: s.variants.length > 0 })));
  return (
    <button
      type="button"
      id={id}
      className="sd-button sd-button--toggle"
      aria-expanded={open}
      aria-controls={open ? panelId : undefined}
      disabled={!hasModel}
      title={title}
      onClick={() => setOpen(!open)}
    >
      {label}
      {percent !== undefined && !open ? ` · ${percent}%` : ''}
    </button>
  );
}
