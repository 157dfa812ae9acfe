import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setEngine } from '../../app/engine';
import { studioStore } from '../../store';
import { openTinyModel, type Fixture } from '../../test-fixtures';
import { RecipePanel } from './RecipePanel';

let fx: Fixture;
beforeAll(async () => {
  fx = await openTinyModel();
});
afterEach(() => {
  cleanup();
  setEngine(null);
  studioStore.setState(studioStore.getInitialState(), true);
});

function openPanel() {
  setEngine(fx.engine);
  studioStore.getState().setModel(fx.model, fx.layout);
  studioStore.getState().setRecipeOpen(true);
  render(<RecipePanel />);
  return screen.getByRole('dialog', { name: 'Recipe' });
}

const rows = () => screen.queryAllByTestId('recipe-step');
const titles = () => rows().map((r) => within(r).getByTestId('recipe-step-title').textContent);

describe('RecipePanel', () => {
  it('starts empty with Run blocked, and adds steps of each kind with their defaults', () => {
    const panel = openPanel();
    expect(screen.getByTestId('recipe-empty')).toBeTruthy();
    expect((within(panel).getByTestId('recipe-run') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('recipe-blocked').textContent).toMatch(/Add a step/);
    fireEvent.click(screen.getByRole('button', { name: 'Add a prune step' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add a cluster step' }));
    expect(titles()).toEqual(['Prune', 'Cluster']);
    // The new step is selected and its options are open.
    const form = screen.getByTestId('recipe-step-form');
    expect(form.getAttribute('data-kind')).toBe('cluster');
    expect((within(form).getByLabelText('Clusters per layer (k)') as HTMLInputElement).value).toBe('16');
    expect((within(panel).getByTestId('recipe-run') as HTMLButtonElement).disabled).toBe(false);
  });

  it('changes options, reorders with buttons and Alt+arrows, removes, and undoes / redoes', () => {
    const panel = openPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Add a prune step' }));
    const slider = screen.getByLabelText('Sparsity') as HTMLInputElement;
    fireEvent.change(slider, { target: { value: '0.8' } });
    fireEvent.change(slider, { target: { value: '0.9' } });
    expect(screen.getByTestId('prune-sparsity-value').textContent).toBe('90 %');
    fireEvent.click(screen.getByRole('button', { name: 'Add a cluster step' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add a quantize step' }));
    expect(titles()).toEqual(['Prune', 'Cluster', 'Quantize']);

    fireEvent.click(screen.getByRole('button', { name: 'Move step 3 up' }));
    expect(titles()).toEqual(['Prune', 'Quantize', 'Cluster']);
    // Alt+↑ on a row moves it, and the focus goes with it.
    const cluster = within(rows()[2]!).getByRole('button', { name: /Cluster/ });
    cluster.focus();
    fireEvent.keyDown(cluster, { key: 'ArrowUp', altKey: true });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp', altKey: true });
    expect(titles()).toEqual(['Cluster', 'Prune', 'Quantize']);
    expect(document.activeElement?.textContent).toMatch(/Cluster/);
    fireEvent.click(screen.getByRole('button', { name: 'Remove step 3' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Enable step 1 (Cluster)' }));
    expect(rows()[0]!.getAttribute('data-enabled')).toBe('false');

    // Ctrl+Z in the panel undoes one edit at a time; the dragged slider was one edit.
    const undo = () => fireEvent.keyDown(panel, { key: 'z', ctrlKey: true });
    undo();
    expect(rows()[0]!.getAttribute('data-enabled')).toBe('true');
    undo();
    expect(titles()).toEqual(['Cluster', 'Prune', 'Quantize']);
    undo();
    undo();
    undo();
    expect(titles()).toEqual(['Prune', 'Cluster', 'Quantize']);
    undo();
    undo();
    expect(titles()).toEqual(['Prune']);
    expect(studioStore.getState().recipeDoc.present.steps[0]).toMatchObject({ sparsity: 0.9 });
    undo();
    expect(studioStore.getState().recipeDoc.present.steps[0]).toMatchObject({ sparsity: 0.5 });
    fireEvent.keyDown(panel, { key: 'Z', ctrlKey: true, shiftKey: true });
    expect(studioStore.getState().recipeDoc.present.steps[0]).toMatchObject({ sparsity: 0.9 });
  });

  it('applies a preset from the menu; Undo brings the previous recipe back', async () => {
    openPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Add a quantize step' }));
    fireEvent.click(screen.getByRole('button', { name: 'Presets ▾' }));
    const item = await screen.findByRole('menuitem', { name: /Deep Compression/ });
    fireEvent.click(item);
    const steps = studioStore.getState().recipeDoc.present;
    expect(steps.name).toBe('Deep Compression');
    expect(rows().length).toBe(steps.steps.length);
    expect(rows().map((r) => r.getAttribute('data-kind'))).toEqual(expect.arrayContaining(['prune', 'cluster']));
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(titles()).toEqual(['Quantize']);
  });

  it('a bad recipe file is refused with its name and what is wrong; the recipe stays', async () => {
    openPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Add a prune step' }));
    const input = screen.getByTestId('recipe-import-file') as HTMLInputElement;
    const bad = new File(
      [JSON.stringify({ scaledown: 'recipe', version: 1, name: 'x', steps: [{ kind: 'prune', method: 'sideways' }] })],
      'broken.json',
    );
    await act(async () => {
      fireEvent.change(input, { target: { files: [bad] } });
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('broken.json');
    expect(alert.textContent).toMatch(/method/);
    expect(titles()).toEqual(['Prune']);
    const good = new File(
      [JSON.stringify({ scaledown: 'recipe', version: 1, name: 'Mine', steps: [{ kind: 'cluster', clusters: 4 }] })],
      'mine.json',
    );
    await act(async () => {
      fireEvent.change(input, { target: { files: [good] } });
    });
    await waitFor(() => expect(titles()).toEqual(['Cluster']));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(studioStore.getState().recipeDoc.present.name).toBe('Mine');
  });

  it('Escape closes it; opening it closes the quantize panel', () => {
    openPanel();
    act(() => studioStore.getState().setQuantizeOpen(true));
    expect(studioStore.getState().recipeOpen).toBe(false);
    expect(screen.queryByRole('dialog', { name: 'Recipe' })).toBeNull();
    act(() => studioStore.getState().setRecipeOpen(true));
    expect(studioStore.getState().quantizeOpen).toBe(false);
    fireEvent.keyDown(screen.getByRole('dialog', { name: 'Recipe' }), { key: 'Escape' });
    expect(studioStore.getState().recipeOpen).toBe(false);
  });
});
