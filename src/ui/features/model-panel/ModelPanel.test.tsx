import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { studioStore } from '../../store';
import { openTinyModel, type Fixture } from '../../test-fixtures';
import { ModelPanel } from './ModelPanel';

let fx: Fixture;
beforeAll(async () => {
  fx = await openTinyModel();
});
afterEach(() => {
  cleanup();
  studioStore.setState(studioStore.getInitialState(), true);
});

describe('ModelPanel', () => {
  it('shows the figures in human units with exact numbers on hover', () => {
    studioStore.getState().setModel(fx.model, fx.layout);
    render(<ModelPanel />);
    expect(screen.getByTestId('model-file-name').textContent).toBe('tiny.onnx');
    const params = within(screen.getByTestId('metric-params')).getByText('18');
    expect(params.getAttribute('title')).toBe('18 parameters');
    expect(within(screen.getByTestId('metric-weights')).getByText('72 B')).toBeTruthy();
    const macs = within(screen.getByTestId('metric-macs')).getByText('1.15 k MACs');
    expect(macs.getAttribute('title')).toBe('1,152 MACs');
    expect(screen.getByRole('list', { name: 'Model inputs' }).textContent).toContain('1×1×8×8');
  });

  it('selects the node at the memory peak', () => {
    studioStore.getState().setModel(fx.model, fx.layout);
    render(<ModelPanel />);
    fireEvent.click(within(screen.getByTestId('metric-peak')).getByRole('button'));
    const s = studioStore.getState();
    expect(s.selectedNodeId).toBe(fx.model.summary.stepNodeIds[fx.model.summary.metrics.peakStep]);
    expect(s.focus?.nodeId).toBe(s.selectedNodeId);
  });
});
