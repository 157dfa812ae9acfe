import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { studioStore } from '../../store';
import { editTestEngine, showFreshTinyModel } from './edit-test-model';
import { editUi } from './edit-ui-store';
import { EditOverlays } from './EditOverlays';
import { deleteSelected } from './interactions';

const engine = editTestEngine();

const graph = () => studioStore.getState().model!.graph;
const nodeIds = () => graph().nodes.map((n) => n.id);

function renderOverlays() {
  return render(<EditOverlays graph={graph()} />);
}

describe('the node menu', () => {
  it('lists the node’s edits, marks the Delete key’s, and bypasses the node when chosen', async () => {
    await showFreshTinyModel(engine());
    renderOverlays();
    act(() => editUi.getState().openMenu({ kind: 'node', id: 'relu', x: 10, y: 10 }));
    const menu = screen.getByRole('menu', { name: 'Node actions' });
    const items = within(menu).getAllByRole('menuitem');
    expect(items.map((i) => i.getAttribute('data-action'))).toEqual([
      'bypass',
      'delete',
      'delete-cascade',
      'unexpose:relu_out',
      'rename',
      'add-after',
      'extract',
    ]);
    expect(within(items[0]!).getByText('Del')).toBeTruthy();
    // The first item takes the focus; the arrow keys move it.
    expect(document.activeElement).toBe(items[0]);
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[1]);
    fireEvent.click(items[0]!);
    expect(screen.queryByRole('menu')).toBeNull();
    await waitFor(() => expect(nodeIds()).toEqual(['input:x', 'conv', 'output:relu_out']));
    await waitFor(() => expect(studioStore.getState().editJob).toMatchObject({ status: 'done', label: 'Bypass relu' }));
  });

  it('Escape closes it without an edit; Rename… opens a dialog whose name becomes an undoable edit', async () => {
    const id = await showFreshTinyModel(engine());
    const view = renderOverlays();
    act(() => editUi.getState().openMenu({ kind: 'node', id: 'conv', x: 10, y: 10 }));
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    act(() => editUi.getState().openMenu({ kind: 'node', id: 'conv', x: 10, y: 10 }));
    fireEvent.click(screen.getByRole('menuitem', { name: /^Rename/ }));
    const dialog = screen.getByRole('dialog', { name: 'Rename node conv' });
    const input = within(dialog).getByLabelText('New name');
    expect(document.activeElement).toBe(input);
    fireEvent.change(input, { target: { value: 'first_conv' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rename' }));
    await waitFor(() => expect(studioStore.getState().editHistories[id]?.done).toHaveLength(1));
    view.rerender(<EditOverlays graph={graph()} />);
    expect(graph().nodes.find((n) => n.id === 'conv')!.name).toBe('first_conv');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('a refused edit shows the core’s sentence and leaves the model as it was', async () => {
    const id = await showFreshTinyModel(engine());
    renderOverlays();
    const before = studioStore.getState().model;
    act(() => editUi.getState().openMenu({ kind: 'edge', id: 'conv_out', x: 10, y: 10 }));
    fireEvent.click(screen.getByRole('menuitem', { name: /^Rename tensor/ }));
    fireEvent.change(screen.getByLabelText('New name'), { target: { value: 'relu_out' } });
    fireEvent.click(screen.getByRole('button', { name: 'Rename' }));
    const notice = await screen.findByTestId('edit-notice');
    expect(notice.getAttribute('data-status')).toBe('failed');
    expect(notice.textContent).toMatch(/relu_out/);
    expect(notice.textContent).toMatch(/The model is unchanged/);
    expect(studioStore.getState().model).toBe(before);
    expect(studioStore.getState().editHistories[id]).toBeUndefined();
    fireEvent.click(within(notice).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('edit-notice')).toBeNull();
  });

  it('the Delete key bypasses the selected node, and deletes the graph output it is on', async () => {
    const id = await showFreshTinyModel(engine());
    studioStore.getState().select('conv');
    expect(deleteSelected()).toBe(true);
    await waitFor(() =>
      expect(studioStore.getState().editHistories[id]?.done[0]?.op).toEqual({
        kind: 'bypassNode',
        node: 'conv',
        input: 0,
      }),
    );
    studioStore.getState().select(null);
    expect(deleteSelected()).toBe(false);
  });
});
