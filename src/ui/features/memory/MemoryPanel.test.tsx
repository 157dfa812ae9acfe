import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineClient } from '../../../workers/client';
import { setEngine } from '../../app/engine';
import { studioStore } from '../../store';
import { createMemoryStore, memoryStore } from '../../store/memory-store';
import { openTinyVariant, type VariantFixture } from '../../test-fixtures';
import { exportStore } from '../export/export-store';
import { MemoryButton } from './MemoryButton';
import { MemoryPanel } from './MemoryPanel';
import { MEMORY_TINT_SOURCE } from './memory-tint';

let fx: VariantFixture;
beforeAll(async () => {
  fx = await openTinyVariant();
});

function watchedEngine() {
  const memoryPlan = vi.fn(fx.engine.memoryPlan);
  setEngine({ ...fx.engine, alive: true, memoryPlan } as EngineClient);
  return { memoryPlan };
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  setEngine(null);
  localStorage.clear();
  studioStore.setState(studioStore.getInitialState(), true);
  memoryStore.setState(memoryStore.getInitialState(), true);
  exportStore.setState(exportStore.getInitialState(), true);
});

function open() {
  studioStore.getState().setModel(fx.model, fx.layout);
  studioStore.getState().addVariant(fx.variant, fx.variantLayout);
  render(
    <>
      <MemoryButton />
      <MemoryPanel />
    </>,
  );
  fireEvent.keyDown(window, { key: 'm' });
  return within(screen.getByRole('dialog', { name: 'Memory' }));
}

/** Waits until the panel draws a current plan of `modelId`. */
async function planOf(panel: ReturnType<typeof open>, modelId: string): Promise<HTMLElement> {
  const plan = panel.getByTestId('memory-plan');
  await waitFor(() => {
    expect(plan.getAttribute('data-model')).toBe(modelId);
    expect(plan.getAttribute('data-stale')).toBe('false');
  });
  return plan;
}

const exactOf = (el: HTMLElement): number => Number(el.querySelector('[data-exact]')!.getAttribute('data-exact'));

describe('MemoryPanel', () => {
  it('M opens it on the member shown: figures, fit on the board, one band per activation, graph coloured', async () => {
    const engine = watchedEngine();
    const panel = open();
    expect(panel.getByTestId('memory-file-name').textContent).toBe('tiny.w8.onnx');
    await planOf(panel, fx.variant.summary.modelId);
    // Conv → Relu on 1×1×8×8: at the Relu the Conv's output and its own (512 B each) are alive.
    expect(exactOf(panel.getByTestId('memory-peak'))).toBe(1024);
    expect(exactOf(panel.getByTestId('memory-peak'))).toBe(fx.variant.summary.metrics.peakActivationBytes);
    expect(exactOf(panel.getByTestId('memory-arena-bytes'))).toBe(fx.variant.summary.metrics.arenaBytes);
    // The variant dequantizes its int8 weight first (step 0): the peak is at the Relu, step 2.
    expect(panel.getByTestId('memory-peak-step').getAttribute('data-step')).toBe('2');
    expect(panel.getByTestId('memory-peak-step').textContent).toMatch(/relu$/);
    // x, the dequantized weight, the Conv's and the Relu's outputs.
    expect(panel.getAllByTestId('memory-arena-band')).toHaveLength(4);
    expect(panel.getByTestId('memory-fit-sram').getAttribute('data-fits')).toBe('true');
    expect(panel.getByTestId('memory-verdict-flash').textContent).toMatch(/^fits/);
    expect(engine.memoryPlan.mock.calls[0]![1].device.name).toBe('Arduino Nano 33 BLE Sense');
    // The graph is coloured by live memory, the Relu (at the peak) at the red end.
    const tint = studioStore.getState().graphTint!;
    expect(tint.source).toBe(MEMORY_TINT_SOURCE);
    expect(tint.values['relu']).toBe(tint.low);
    // Show peak on graph selects the peak node; a band selects the node producing it.
    fireEvent.click(panel.getByTestId('memory-show-peak'));
    expect(studioStore.getState().selectedNodeId).toBe('relu');
    const conv = panel.getAllByTestId('memory-arena-band').find((b) => b.getAttribute('data-tensor') === 'conv_out')!;
    fireEvent.mouseEnter(conv);
    expect(panel.getByTestId('memory-arena-hover').textContent).toBe(
      'conv_out: 512 bytes (1×2×8×8 float32) at offset 0, alive steps 1–2 (conv → relu)',
    );
    fireEvent.click(conv);
    expect(studioStore.getState().selectedNodeId).toBe('conv');
  });

  it('follows the member shown', async () => {
    watchedEngine();
    const panel = open();
    await planOf(panel, fx.variant.summary.modelId);
    act(() => studioStore.getState().showVariant(fx.model.summary.modelId));
    await planOf(panel, fx.model.summary.modelId);
    expect(panel.getByTestId('memory-file-name').textContent).toBe('tiny.onnx');
    expect(studioStore.getState().graphTint?.modelId).toBe(fx.model.summary.modelId);
  });

  it('a custom board too small: does not fit, suggestions, and Apply changes the plan', async () => {
    watchedEngine();
    const panel = open();
    fireEvent.change(panel.getByTestId('memory-device'), { target: { value: '__custom__' } });
    fireEvent.change(panel.getByTestId('memory-custom-sram'), { target: { value: '2K' } });
    fireEvent.change(panel.getByTestId('memory-custom-flash'), { target: { value: '200K' } });
    await waitFor(() => expect(panel.getByTestId('memory-fit-sram').getAttribute('data-fits')).toBe('false'));
    await planOf(panel, fx.variant.summary.modelId);
    expect(panel.getByTestId('memory-verdict-sram').textContent).toMatch(/^does not fit/);
    const int8 = panel
      .getAllByTestId('memory-suggestion')
      .find((s) => s.getAttribute('data-id') === 'int8-activations')!;
    expect(int8.textContent).toMatch(/int8 activations: −[\d.]+( %|×)/);
    fireEvent.click(within(int8).getByTestId('memory-apply'));
    expect(memoryStore.getState().options.activationDType).toBe('int8');
    await waitFor(() => expect(exactOf(panel.getByTestId('memory-peak'))).toBe(256));
    expect(panel.getByTestId('memory-fit-sram').getAttribute('data-fits')).toBe('true');
    // The board is remembered for the next visit.
    expect(createMemoryStore().getState().device).toEqual({ kind: 'custom', sram: '2K', flash: '200K' });
  });

  it('a size that does not read is pointed out, and nothing is planned', async () => {
    const engine = watchedEngine();
    const panel = open();
    await planOf(panel, fx.variant.summary.modelId);
    const calls = engine.memoryPlan.mock.calls.length;
    fireEvent.change(panel.getByTestId('memory-device'), { target: { value: '__custom__' } });
    fireEvent.change(panel.getByTestId('memory-custom-sram'), { target: { value: 'lots' } });
    expect(panel.getByRole('alert').textContent).toMatch(/SRAM “lots” is not a size/);
    expect(panel.getByTestId('memory-status').getAttribute('data-status')).toBe('blocked');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(engine.memoryPlan.mock.calls.length).toBe(calls);
  });

  it('opening the export drawer closes it, and Escape closes it', async () => {
    watchedEngine();
    const panel = open();
    await planOf(panel, fx.variant.summary.modelId);
    act(() => exportStore.getState().setOpen(true));
    expect(screen.queryByRole('dialog', { name: 'Memory' })).toBeNull();
    act(() => exportStore.getState().setOpen(false));
    fireEvent.keyDown(window, { key: 'm' });
    const dialog = screen.getByRole('dialog', { name: 'Memory' });
    expect(exportStore.getState().open).toBe(false);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Memory' })).toBeNull();
  });
});
