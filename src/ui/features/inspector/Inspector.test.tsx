import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setEngine } from '../../app/engine';
import { studioStore } from '../../store';
import { openTinyModel, type Fixture } from '../../test-fixtures';
import { Inspector } from './Inspector';

let fx: Fixture;
beforeAll(async () => {
  fx = await openTinyModel();
  setEngine(fx.engine);
});
afterEach(() => {
  cleanup();
  studioStore.setState(studioStore.getInitialState(), true);
});

describe('Inspector', () => {
  it('asks for a selection when nothing is selected', () => {
    studioStore.getState().setModel(fx.model, fx.layout);
    render(<Inspector />);
    expect(screen.getByText(/Select a node on the graph/)).toBeTruthy();
  });

  it('shows the op, attributes, tensor shapes, layer figures and weight statistics of the selected node', async () => {
    studioStore.getState().setModel(fx.model, fx.layout);
    studioStore.getState().select('conv');
    render(<Inspector />);
    expect(screen.getByTestId('inspector-op').textContent).toBe('Conv');
    expect(screen.getByTestId('inspector-name').textContent).toBe('conv');
    const outputs = screen.getByRole('list', { name: 'Outputs' });
    expect(within(outputs).getByTestId('port-shape').textContent).toBe('1×2×8×8');
    const inputs = screen.getByRole('list', { name: 'Inputs' });
    expect(
      within(inputs)
        .getAllByTestId('port-shape')
        .map((e) => e.textContent),
    ).toEqual(['1×1×8×8', '2×1×3×3']);
    // Attributes are shown in their typed editors.
    expect(screen.getByDisplayValue('1, 1, 1, 1')).toBeTruthy();
    expect(screen.getByText('1.15 k').getAttribute('title')).toBe('1,152 MACs');
    // Statistics arrive from the engine.
    const weight = screen.getByTestId('weight-stats');
    expect(within(weight).getByText('Computing statistics…')).toBeTruthy();
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(within(weight).getByText('min').nextSibling?.textContent).toBe('-9');
    expect(within(weight).getByText('max').nextSibling?.textContent).toBe('8');
    expect(within(weight).getByText('sparsity').nextSibling?.textContent).toBe('5.6%');
  });
});
