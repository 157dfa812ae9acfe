import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineClient } from '../../../workers/client';
import type { EvaluateResult, ExportRequest } from '../../../workers/protocol';
import { setEngine } from '../../app/engine';
import { studioStore } from '../../store';
import { openTinyVariant, type VariantFixture } from '../../test-fixtures';
import { ExportButton } from './ExportButton';
import { ExportPanel } from './ExportPanel';
import { exportStore } from './export-store';

let fx: VariantFixture;
beforeAll(async () => {
  fx = await openTinyVariant();
});

/** The fixture's real in-process engine, with its export calls watched. */
function watchedEngine() {
  const exportPreview = vi.fn(fx.engine.exportPreview);
  const exportFiles = vi.fn(fx.engine.exportFiles);
  setEngine({ ...fx.engine, alive: true, exportPreview, exportFiles } as EngineClient);
  return { exportPreview, exportFiles };
}

const saved: { name: string; bytes: number }[] = [];
beforeEach(() => {
  saved.length = 0;
  // jsdom has no object URLs and no downloads: record what would be saved instead.
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }));
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, bytes: 0 });
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  setEngine(null);
  studioStore.setState(studioStore.getInitialState(), true);
  exportStore.setState(exportStore.getInitialState(), true);
});

function open() {
  studioStore.getState().setModel(fx.model, fx.layout);
  studioStore.getState().addVariant(fx.variant, fx.variantLayout);
  render(
    <>
      <ExportButton />
      <ExportPanel />
    </>,
  );
  act(() => exportStore.getState().setOpen(true));
  return within(screen.getByRole('dialog', { name: 'Export' }));
}

describe('ExportPanel', () => {
  it('exports the variant shown: its file, the header top, the flash it takes, a button per file', async () => {
    const engine = watchedEngine();
    const panel = open();
    expect(panel.getByTestId('export-file-name').textContent).toBe('tiny.w8.onnx');
    expect((panel.getByTestId('export-name') as HTMLInputElement).placeholder).toBe('tiny_w8_onnx');
    const code = await panel.findByTestId('export-header-preview');
    expect(code.textContent).toMatch(/#ifndef TINY_W8_ONNX_H_/);
    expect(code.textContent).toMatch(/alignas\(16\) const unsigned char tiny_w8_onnx\[\] = \{/);
    const flash = Number(panel.getByTestId('export-flash').getAttribute('data-exact'));
    expect(flash).toBe(Math.ceil(fx.variant.variant.fileBytes / 16) * 16);
    expect(panel.getByTestId('export-flash').textContent).toMatch(/^takes .*B of flash$/);
    expect(Number(panel.getByTestId('export-arena').getAttribute('data-exact'))).toBeGreaterThanOrEqual(
      fx.variant.summary.metrics.arenaBytes,
    );
    // An ONNX model gets a note instead of TFLM examples (TFLM reads TFLite only).
    for (const key of ['model', 'header', 'example-md', 'report-md', 'report-json'])
      expect((panel.getByTestId(`export-download-${key}`) as HTMLButtonElement).disabled, key).toBe(false);
    expect((screen.getByTestId('export-download-bundle') as HTMLButtonElement).disabled).toBe(false);
    // No charts dock in this page: the panel says the bundle goes without them.
    expect(panel.getByTestId('export-charts').getAttribute('data-status')).toBe('absent');
    expect(engine.exportPreview.mock.calls[0]![0]).toBe(fx.variant.summary.modelId);
  });

  it('alignment 3 is refused at once: a clear message, downloads disabled, nothing sent', async () => {
    const engine = watchedEngine();
    const panel = open();
    await panel.findByTestId('export-header-preview');
    const calls = engine.exportPreview.mock.calls.length;
    fireEvent.change(panel.getByTestId('export-alignment'), { target: { value: '3' } });
    expect(panel.getByRole('alert').textContent).toMatch(/power of two.*3 is not/);
    expect(panel.getByTestId('export-alignment').getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByTestId('export-download-bundle') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('export-blocked').textContent).toMatch(/Fix the options/);
    expect(panel.queryByTestId('export-download-header')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(engine.exportPreview.mock.calls.length).toBe(calls);
    fireEvent.change(panel.getByTestId('export-alignment'), { target: { value: '64' } });
    await waitFor(() => expect(panel.getByTestId('export-header-preview').textContent).toMatch(/alignas\(64\)/));
  });

  it('a name that is not a C identifier is made into one, and the header uses it', async () => {
    watchedEngine();
    const panel = open();
    fireEvent.change(panel.getByTestId('export-name'), { target: { value: 'my-model v2' } });
    expect(panel.getByTestId('export-name-note').textContent).toContain('my_model_v2');
    await waitFor(() =>
      expect(panel.getByTestId('export-header-preview').textContent).toContain('unsigned char my_model_v2[]'),
    );
  });

  it('exports any member of the family, with the accuracy the studio measured for it', async () => {
    const engine = watchedEngine();
    const original = fx.model.summary.modelId;
    const result = { samples: 100, classification: { top1: 0.93 } } as unknown as EvaluateResult['result'];
    const panel = open();
    act(() =>
      studioStore.getState().setEvaluation({
        modelId: original,
        result: { modelId: original, data: 'mnist', runtime: 'test', result, timings: { load: 0, run: 0, total: 0 } },
        dataLabel: 'MNIST digits (100)',
        finishedAt: 1,
      }),
    );
    await panel.findByTestId('export-header-preview');
    fireEvent.change(panel.getByTestId('export-member'), { target: { value: original } });
    expect(panel.getByTestId('export-file-name').textContent).toBe('tiny.onnx');
    await waitFor(() => expect(panel.getByTestId('export-header-preview').textContent).toContain('tiny_onnx[]'));
    const request = engine.exportPreview.mock.calls.at(-1)![1] as ExportRequest;
    expect(request.accuracy).toEqual({ data: 'MNIST digits (100)', samples: 100, top1: 0.93 });
    expect(panel.getByTestId('export-charts').textContent).toMatch(/model shown/);
  });

  it('downloads the header, a .h/.cc pair as one .zip, and the bundle', async () => {
    const engine = watchedEngine();
    const panel = open();
    await panel.findByTestId('export-header-preview');
    fireEvent.click(panel.getByTestId('export-download-header'));
    await waitFor(() => expect(saved.map((s) => s.name)).toEqual(['tiny_w8_onnx.h']));
    expect(screen.getByTestId('export-save').textContent).toBe('Saved tiny_w8_onnx.h to your downloads.');
    fireEvent.click(panel.getByRole('radio', { name: /\.h \+ \.cc/ }));
    await waitFor(() => expect(panel.getByTestId('export-download-header').getAttribute('aria-label')).toMatch(/zip/));
    fireEvent.click(panel.getByTestId('export-download-header'));
    await waitFor(() => expect(saved.at(-1)?.name).toBe('tiny_w8_onnx.zip'));
    expect(engine.exportFiles.mock.calls.at(-1)!.slice(2)).toEqual([
      ['tiny_w8_onnx.h', 'tiny_w8_onnx.cc'],
      'tiny_w8_onnx.zip',
    ]);
    fireEvent.click(screen.getByTestId('export-download-bundle'));
    await waitFor(() => expect(saved.at(-1)?.name).toBe('tiny.w8.bundle.zip'));
  });

  it('offers the memory-optimised operator order with both peaks, and asks the engine for it', async () => {
    const engine = watchedEngine();
    // The tiny fixture is a chain (one order only): the engine's answer gets the peaks of a model with branches.
    engine.exportPreview.mockImplementation(async (id, request, options) => ({
      ...(await fx.engine.exportPreview(id, request, options)),
      operatorOrder: {
        modelOrderPeak: 60_416,
        optimisedPeak: 50_176,
        used: request.operatorOrder === 'memory' ? 'memory' : 'model',
      },
    }));
    const panel = open();
    await panel.findByTestId('export-header-preview');
    const select = panel.getByTestId('export-operator-order') as HTMLSelectElement;
    expect(select.value).toBe('model');
    expect(within(select).getByRole('option', { name: /Memory-optimised/ }).textContent).toBe(
      'Memory-optimised (peak 60.4 kB → 50.2 kB)',
    );
    expect((engine.exportPreview.mock.calls.at(-1)![1] as ExportRequest).operatorOrder).toBeUndefined();
    fireEvent.change(select, { target: { value: 'memory' } });
    await waitFor(() =>
      expect((engine.exportPreview.mock.calls.at(-1)![1] as ExportRequest).operatorOrder).toBe('memory'),
    );
    fireEvent.click(await panel.findByTestId('export-download-model'));
    await waitFor(() => expect(engine.exportFiles).toHaveBeenCalled());
    expect((engine.exportFiles.mock.calls.at(-1)![1] as ExportRequest).operatorOrder).toBe('memory');
  });

  it('a format that cannot keep an order disables the choice and says why', async () => {
    const engine = watchedEngine();
    engine.exportPreview.mockImplementation(async (id, request, options) => ({
      ...(await fx.engine.exportPreview(id, request, options)),
      operatorOrder: { modelOrderPeak: 100, optimisedPeak: 80, used: 'model', unsupported: 'TF.js orders them itself' },
    }));
    const panel = open();
    await panel.findByTestId('export-header-preview');
    const select = panel.getByTestId('export-operator-order') as HTMLSelectElement;
    expect(select.disabled).toBe(true);
    expect(panel.getByText('TF.js orders them itself.')).toBeTruthy();
  });

  it('an edited model with errors is refused: its problems listed, downloads blocked', async () => {
    watchedEngine();
    const id = fx.variant.summary.modelId;
    await fx.engine.editModel(id, { kind: 'removeGraphOutput', tensor: fx.variant.summary.outputs[0]!.id });
    try {
      const panel = open();
      const alert = await panel.findByTestId('export-error');
      expect(alert.textContent).toMatch(
        /tiny\.w8\.onnx cannot be exported: it has 1 problem: \(1\) the model has no outputs/,
      );
      expect(screen.getByTestId('export-blocked').textContent).toMatch(/Fix the problems listed above/);
      expect(panel.queryByTestId('export-download-header')).toBeNull();
    } finally {
      await fx.engine.undoEdit(id);
    }
  });

  it('X opens and closes it; it and the other drawers close each other', () => {
    watchedEngine();
    studioStore.getState().setModel(fx.model, fx.layout);
    render(<ExportButton />);
    act(() => studioStore.getState().setEvaluateOpen(true));
    fireEvent.keyDown(window, { key: 'x' });
    expect(exportStore.getState().open).toBe(true);
    expect(studioStore.getState().evaluateOpen).toBe(false);
    expect(screen.getByRole('button', { name: 'Export' }).getAttribute('aria-expanded')).toBe('true');
    act(() => studioStore.getState().setQuantizeOpen(true));
    expect(exportStore.getState().open).toBe(false);
    fireEvent.keyDown(window, { key: 'x' });
    fireEvent.keyDown(window, { key: 'x' });
    expect(exportStore.getState().open).toBe(false);
  });
});
