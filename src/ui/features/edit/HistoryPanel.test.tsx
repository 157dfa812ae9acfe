import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { studioStore } from '../../store';
import { runEdit } from './actions';
import { editTestEngine, showFreshTinyModel } from './edit-test-model';
import { HistoryPanel } from './HistoryPanel';

const engine = editTestEngine();

const entries = () => screen.getAllByTestId('history-entry');
const labels = () => entries().map((e) => `${e.textContent}${e.getAttribute('aria-current') ? ' ←' : ''}`);

describe('HistoryPanel', () => {
  it('is absent before the first edit, then lists the edits with the current one marked', async () => {
    await showFreshTinyModel(engine());
    render(<HistoryPanel />);
    expect(screen.queryByTestId('history-panel')).toBeNull();
    await runEdit({ kind: 'renameNode', node: 'conv', name: 'c1' });
    await runEdit({ kind: 'bypassNode', node: 'relu' });
    expect(labels()).toEqual(['Original', 'Rename node "conv" to "c1"', 'Bypass "relu" ←']);
  });

  it('a click undoes or redoes up to that point; undone edits stay listed until a new edit', async () => {
    const id = await showFreshTinyModel(engine());
    render(<HistoryPanel />);
    await runEdit({ kind: 'renameNode', node: 'conv', name: 'c1' });
    await runEdit({ kind: 'renameNode', node: 'relu', name: 'r1' });
    fireEvent.click(entries()[0]!);
    await waitFor(() => expect(screen.getByTestId('history-panel').getAttribute('data-position')).toBe('0'));
    expect(labels()[0]).toBe('Original ←');
    expect(entries().map((e) => e.getAttribute('data-undone'))).toEqual(['false', 'true', 'true']);
    expect(studioStore.getState().model!.graph.nodes.find((n) => n.id === 'conv')!.name).toBe('conv');
    fireEvent.click(entries()[2]!);
    await waitFor(() => expect(screen.getByTestId('history-panel').getAttribute('data-position')).toBe('2'));
    expect(studioStore.getState().model!.graph.nodes.find((n) => n.id === 'relu')!.name).toBe('r1');
    fireEvent.click(entries()[1]!);
    await waitFor(() => expect(studioStore.getState().editHistories[id]!.undone).toHaveLength(1));
    await runEdit({ kind: 'renameNode', node: 'conv', name: 'c2' });
    expect(labels()).toEqual(['Original', 'Rename node "conv" to "c1"', 'Rename node "conv" to "c2" ←']);
  });

  it('adds the applied edits to the recipe as one edit step', async () => {
    await showFreshTinyModel(engine());
    render(<HistoryPanel />);
    await runEdit({ kind: 'bypassNode', node: 'relu' });
    await runEdit({ kind: 'renameNode', node: 'conv', name: 'c1' });
    fireEvent.click(entries()[1]!);
    await waitFor(() => expect(screen.getByTestId('history-panel').getAttribute('data-position')).toBe('1'));
    fireEvent.click(screen.getByRole('button', { name: 'Add edits to recipe' }));
    expect(studioStore.getState().recipeDoc.present.steps).toEqual([
      { kind: 'edit', ops: [{ kind: 'bypassNode', node: 'relu' }] },
    ]);
    expect(screen.getByRole('status').textContent).toBe('Added as step 1 of the recipe (R).');
  });
});
