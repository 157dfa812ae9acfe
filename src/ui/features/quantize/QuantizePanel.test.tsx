import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { studioStore } from '../../store';
import { openTinyVariant, type VariantFixture } from '../../test-fixtures';
import { ModelPanel } from '../model-panel/ModelPanel';
import { QuantizePanel } from './QuantizePanel';

let fx: VariantFixture;
beforeAll(async () => {
  fx = await openTinyVariant();
});
afterEach(() => {
  cleanup();
  studioStore.setState(studioStore.getInitialState(), true);
});

function openPanel() {
  studioStore.getState().setModel(fx.model, fx.layout);
  studioStore.getState().setQuantizeOpen(true);
  return render(<QuantizePanel />);
}

describe('QuantizePanel', () => {
  it('explains each choice, and asks for data the model can take before Run', () => {
    openPanel();
    const panel = screen.getByRole('dialog', { name: 'Quantize' });
    const mode = within(screen.getByTestId('quantize-mode'));
    expect((mode.getByRole('radio', { name: /int8 static/ }) as HTMLInputElement).checked).toBe(true);
    expect(mode.getByText(/Needs sample inputs/)).toBeTruthy();
    // The tiny model's input is not a digit: its own data file is the default, and Run waits for it.
    expect((screen.getByRole('radio', { name: /A file of my own/ }) as HTMLInputElement).checked).toBe(true);
    expect((within(panel).getByTestId('quantize-run') as HTMLButtonElement).disabled).toBe(true);
    expect(within(panel).getByText(/Choose a \.npz or \.npy file/)).toBeTruthy();
  });

  it('weight-only modes hide calibration; overrides list the layers with weights', () => {
    openPanel();
    fireEvent.click(screen.getByRole('radio', { name: /int4 weights/ }));
    expect(screen.queryByTestId('quantize-calibration')).toBeNull();
    expect((screen.getByTestId('quantize-run') as HTMLButtonElement).disabled).toBe(false);
    const select = screen.getByRole('combobox', { name: 'Weights of conv' }) as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['default', 'float', '8']);
    fireEvent.change(select, { target: { value: 'float' } });
    expect(studioStore.getState().quantizeForm.overrides).toEqual({ conv: { keepFloat: true } });
  });

  it('Escape closes it', () => {
    openPanel();
    fireEvent.keyDown(screen.getByRole('dialog', { name: 'Quantize' }), { key: 'Escape' });
    expect(studioStore.getState().quantizeOpen).toBe(false);
  });
});

describe('variants in the model panel', () => {
  it('tabs switch between the original and the variant, whose summary shows sizes and SQNR', () => {
    studioStore.getState().setModel(fx.model, fx.layout);
    studioStore.getState().addVariant(fx.variant, fx.variantLayout);
    render(<ModelPanel />);
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => [t.textContent, t.getAttribute('aria-selected')])).toEqual([
      ['Original', 'false'],
      ['int8 weights', 'true'],
    ]);
    expect(screen.getByTestId('variant-file-size').textContent).toMatch(/B → .*B \(\d+\.\d %\)/);
    expect(screen.getByTestId('variant-worst-layer').textContent).toMatch(/^conv \d+\.\d dB$/);
    fireEvent.click(tabs[0]!);
    expect(studioStore.getState().model).toBe(fx.model);
    expect(screen.queryByTestId('variant-file-size')).toBeNull();
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Original' }), { key: 'ArrowRight' });
    expect(studioStore.getState().model).toBe(fx.variant);
  });
});
