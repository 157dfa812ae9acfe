import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { executorRunners, noiseFile } from '../../../test-support/analysis-runners';
import { createInProcessClient, type EngineClient } from '../../../workers/client';
import type { LayoutResult, OpenResult, QuantizeVariantInfo, VariantResult } from '../../../workers/protocol';
import { tinyConvFile } from '../../../workers/test-models';
import { setEngine } from '../../app/engine';
import { studioStore } from '../../store';
import { TintLegend } from '../graph/TintLegend';
import { AnalysisButton } from './AnalysisButton';
import { AnalysisPanel } from './AnalysisPanel';

let engine: EngineClient;
let original: OpenResult;
let variant: VariantResult<QuantizeVariantInfo>;
let layouts: LayoutResult[];

beforeAll(async () => {
  // The reference executor runs both members (onnxruntime-node's native arrays and jsdom do not mix).
  engine = await createInProcessClient(executorRunners);
  original = await engine.openModel([tinyConvFile()]);
  variant = await engine.quantize(original.summary.modelId, {
    settings: { mode: 'int8-weights', granularity: 'per-tensor' },
  });
  layouts = [await engine.layout(original.summary.modelId, 'TB'), await engine.layout(variant.summary.modelId, 'TB')];
  setEngine(engine);
});
afterAll(() => setEngine(null));
afterEach(() => {
  cleanup();
  studioStore.setState(studioStore.getInitialState(), true);
});

function openPanel() {
  studioStore.getState().setModel(original, layouts[0]!);
  studioStore.getState().addVariant(variant, layouts[1]!);
  studioStore.getState().setAnalysisOpen(true);
  return render(<AnalysisPanel />);
}

const dataFile = (): File => {
  const { name, bytes } = noiseFile('noise.npz', 12, [1, 8, 8]);
  return new File([bytes], name);
};

describe('AnalysisPanel', () => {
  it('defaults to the shown variant against its parent, and waits for data the model can take', () => {
    openPanel();
    const panel = screen.getByRole('dialog', { name: 'Analysis' });
    expect((within(panel).getByTestId('analysis-model') as HTMLSelectElement).value).toBe(variant.summary.modelId);
    expect((within(panel).getByTestId('analysis-reference') as HTMLSelectElement).value).toBe(original.summary.modelId);
    // The tiny model's input is not a digit: a file of the user's is the default, and nothing runs without it.
    expect((within(panel).getByTestId('analysis-layers-run') as HTMLButtonElement).disabled).toBe(true);
    expect(within(panel).getByTestId('analysis-layers-blocked').textContent).toMatch(/Choose a \.npz or \.npy file/);
    // A toggles it (not while typing).
    render(<AnalysisButton />);
    fireEvent.keyDown(window, { key: 'a' });
    expect(studioStore.getState().analysisOpen).toBe(false);
    fireEvent.keyDown(window, { key: 'a' });
    expect(studioStore.getState().analysisOpen).toBe(true);
    // The drawers take the same place: opening this one closed the others.
    act(() => studioStore.getState().setQuantizeOpen(true));
    act(() => studioStore.getState().setAnalysisOpen(true));
    expect(studioStore.getState().quantizeOpen).toBe(false);
  });

  it('per-layer error: a row per layer, the graph coloured by SQNR with a legend that clears it', async () => {
    openPanel();
    act(() => studioStore.getState().updateAnalysisForm({ file: dataFile() }));
    fireEvent.click(screen.getByTestId('analysis-layers-run'));
    await waitFor(() => expect(screen.getByTestId('analysis-layers-summary')).toBeTruthy(), { timeout: 10_000 });
    const rows = within(screen.getByTestId('analysis-layer-table')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-node-id'))).toEqual(['conv', 'relu']);
    const tint = studioStore.getState().graphTint!;
    expect(tint.modelId).toBe(variant.summary.modelId);
    expect(Object.keys(tint.values).sort()).toEqual(['conv', 'relu']);
    expect(Object.values(tint.values).every((v) => Number.isFinite(v) && v > 20)).toBe(true);
    // Showing the other member compared moves the colouring onto its own nodes.
    render(<AnalysisButton />);
    act(() => studioStore.getState().showVariant(original.summary.modelId));
    expect(studioStore.getState().graphTint?.modelId).toBe(original.summary.modelId);
    render(<TintLegend />);
    expect(screen.getByTestId('graph-tint-legend').textContent).toMatch(/SQNR of int8 weights vs Original/);
    fireEvent.click(screen.getByTestId('graph-tint-clear'));
    expect(studioStore.getState().graphTint).toBeNull();
  });

  it('sensitivity, then "keep worst 1 in float" makes a variant with that layer float', async () => {
    openPanel();
    act(() => {
      studioStore.getState().updateAnalysisForm({ file: dataFile(), sensitivitySamples: 12 });
      studioStore.getState().updateQuantizeForm({ samples: 12 });
    });
    fireEvent.click(screen.getByTestId('analysis-sensitivity-run'));
    await waitFor(() => expect(screen.getByTestId('analysis-sensitivity-summary')).toBeTruthy(), { timeout: 10_000 });
    expect(screen.getByTestId('analysis-sensitivity-summary').textContent).toMatch(/^1 layers tried on 12 samples/);
    expect(screen.getByTestId('analysis-keep-layers').textContent).toBe('Kept in float: conv.');
    const before = studioStore.getState().variants.length;
    fireEvent.click(screen.getByTestId('analysis-keep-run'));
    await waitFor(() => expect(screen.getByTestId('analysis-keep-outcome')).toBeTruthy(), { timeout: 10_000 });
    const family = studioStore.getState().variants;
    expect(family.length).toBe(before + 1);
    const made = family.at(-1)!.model.variant as QuantizeVariantInfo;
    expect(made.report.layers.find((l) => l.nodeId === 'conv' && l.role === 'weight')!.keptFloat).toBe(true);
    expect(studioStore.getState().model?.summary.modelId).toBe(made.modelId);
  });
});
