import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { studioStore } from '../../store';
import { RecipePanel } from '../recipe/RecipePanel';
import { runEdit } from './actions';
import { editTestEngine, showFreshTinyModel } from './edit-test-model';
import { editUi } from './edit-ui-store';
import { ExtractDialog } from './ExtractDialog';
import { useEditKeys } from './useEditKeys';

const engine = editTestEngine();

function Keys() {
  useEditKeys();
  return null;
}

const done = (id: string) => studioStore.getState().editHistories[id]?.done.length;

describe('the edit keys', () => {
  it('Ctrl+Z undoes a graph edit from the page, but the recipe editor keeps it for the recipe', async () => {
    const id = await showFreshTinyModel(engine());
    render(
      <>
        <Keys />
        <RecipePanel />
      </>,
    );
    await runEdit({ kind: 'renameNode', node: 'conv', name: 'c1' });
    studioStore.getState().setRecipeOpen(true);
    fireEvent.click(await screen.findByRole('button', { name: 'Add a prune step' }));
    expect(studioStore.getState().recipeDoc.present.steps).toHaveLength(1);
    // In the recipe drawer: the recipe's edit is undone, the graph's stays.
    fireEvent.keyDown(screen.getByRole('dialog', { name: 'Recipe' }), { key: 'z', ctrlKey: true });
    expect(studioStore.getState().recipeDoc.present.steps).toHaveLength(0);
    expect(done(id)).toBe(1);
    // On the page: the graph's.
    fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true });
    await waitFor(() => expect(done(id)).toBe(0));
    fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true, shiftKey: true });
    await waitFor(() => expect(done(id)).toBe(1));
    expect(studioStore.getState().recipeDoc.present.steps).toHaveLength(0);
  });

  it('Delete on the page bypasses the selected node; in a text field it is the field’s', async () => {
    const id = await showFreshTinyModel(engine());
    render(
      <>
        <Keys />
        <input aria-label="Somewhere to type" />
      </>,
    );
    studioStore.getState().select('relu');
    fireEvent.keyDown(screen.getByLabelText('Somewhere to type'), { key: 'Delete' });
    fireEvent.keyDown(document.body, { key: 'Delete' });
    await waitFor(() => expect(done(id)).toBe(1));
    expect(studioStore.getState().editHistories[id]!.done[0]!.op).toEqual({
      kind: 'bypassNode',
      node: 'relu',
      input: 0,
    });
    fireEvent.keyDown(document.body, { key: 'n' });
    expect(editUi.getState().dialog).toEqual({ kind: 'palette', tensor: null, after: null });
  });
});

describe('extract a subgraph', () => {
  it('starts from the graph inputs, ends at the tensors asked for, and downloads what the engine() wrote', async () => {
    await showFreshTinyModel(engine());
    const saved: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:x');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    editUi.getState().openDialog({ kind: 'extract', inputs: [], outputs: ['conv_out'] });
    render(<ExtractDialog graph={studioStore.getState().model!.graph} inputs={[]} outputs={['conv_out']} />);
    const from = screen.getByRole('group', { name: 'Starts from (inputs)' });
    const to = screen.getByRole('group', { name: 'Ends at (outputs)' });
    expect([...from.querySelectorAll('input:checked')].map((i) => i.parentElement!.textContent)).toEqual(['x']);
    expect([...to.querySelectorAll('input:checked')].map((i) => i.parentElement!.textContent)).toEqual(['conv_out']);
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    await waitFor(() => expect(studioStore.getState().editJob.status).toBe('done'));
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(/\.onnx$/);
    // The model shown is not changed by an extraction.
    expect(studioStore.getState().model!.graph.nodes.map((n) => n.id)).toContain('relu');
  });
});
