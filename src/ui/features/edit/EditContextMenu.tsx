import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { GraphView } from '../../../workers/protocol';
import { useEditUi, editUi, type MenuTarget } from './edit-ui-store';
import { chooseAction } from './interactions';
import { edgeMenu, nodeMenu, type MenuAction } from './node-actions';

const close = (): void => editUi.getState().openMenu(null);

/** The entries of the menu for what was right-clicked (none when it is gone from the graph). */
export function menuActions(target: MenuTarget, graph: GraphView): readonly MenuAction[] {
  if (target.kind === 'edge') return edgeMenu(target.id, graph);
  const node = graph.nodes.find((n) => n.id === target.id);
  return node ? nodeMenu(node, graph) : [];
}

/** Moves the focus among the menu's enabled items with the arrow keys. */
function moveFocus(menu: HTMLElement, delta: number): void {
  const items = [...menu.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)')];
  const at = items.indexOf(document.activeElement as HTMLButtonElement);
  items[(at + delta + items.length) % items.length]?.focus({ preventScroll: true });
}

/** Where a menu of this size opens near (x, y) so that it stays inside the window. */
export function menuPlace(x: number, y: number, width: number, height: number): { left: number; top: number } {
  const margin = 4;
  const left = x + width + margin > window.innerWidth ? Math.max(margin, x - width) : x;
  const top = y + height + margin > window.innerHeight ? Math.max(margin, window.innerHeight - height - margin) : y;
  return { left, top };
}

/**
 * The right-click menu of a node or an edge: the edits that apply to it, each with a line saying what it
 * does; the Delete key's choice is marked. Escape, a click elsewhere or a choice closes it.
 */
export function EditContextMenu({ graph }: { graph: GraphView }) {
  const target = useEditUi((s) => s.menu);
  const root = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<{ left: number; top: number } | null>(null);
  // Measured before it is painted: near the right or bottom edge it opens leftwards or upwards.
  useLayoutEffect(() => {
    const rect = root.current?.getBoundingClientRect();
    setPlace(target && rect ? menuPlace(target.x, target.y, rect.width, rect.height) : null);
  }, [target]);
  const placed = place !== null;
  useEffect(() => {
    if (!target || !placed) return;
    // Once placed (a hidden menu takes no focus); fixed in the window, so focusing must not scroll the page.
    root.current?.querySelector<HTMLButtonElement>('[role="menuitem"]:not(:disabled)')?.focus({ preventScroll: true });
  }, [target, placed]);
  useEffect(() => {
    if (!target) return;
    const outside = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) close();
    };
    // Escape closes it wherever the focus is (the menu's own handler also keeps the page's Escape out).
    const escape = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    document.addEventListener('mousedown', outside);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', outside);
      document.removeEventListener('keydown', escape);
    };
  }, [target]);
  if (!target) return null;
  const actions = menuActions(target, graph);
  if (actions.length === 0) return null;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      // The page's Escape (clear the selection) should not run as well.
      event.nativeEvent.stopPropagation();
      close();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (root.current) moveFocus(root.current, event.key === 'ArrowDown' ? 1 : -1);
    }
  };
  return (
    <div
      ref={root}
      className="sd-edit-menu"
      role="menu"
      aria-label={target.kind === 'node' ? 'Node actions' : 'Tensor actions'}
      data-testid="edit-menu"
      style={place ?? { left: target.x, top: target.y, visibility: 'hidden' }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {actions.map((action) => (
        <button
          key={action.key}
          type="button"
          role="menuitem"
          className="sd-edit-menu__item"
          data-action={action.key}
          disabled={action.disabledReason !== undefined}
          title={action.disabledReason ?? action.detail}
          onClick={() => chooseAction(action)}
        >
          <span className="sd-edit-menu__title">{action.title}</span>
          {action.shortcut && <kbd className="sd-edit-menu__key">{action.shortcut}</kbd>}
          {action.detail && <span className="sd-edit-menu__detail">{action.detail}</span>}
        </button>
      ))}
    </div>
  );
}
