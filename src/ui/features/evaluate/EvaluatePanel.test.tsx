import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EvaluationResult } from '../../../core';
import { EngineError, type EngineClient, type JobOptions } from '../../../workers/client';
import type { DataPreview, EvaluateRequest, EvaluateResult } from '../../../workers/protocol';
import { setEngine } from '../../app/engine';
import { studioStore } from '../../store';
import type { OpenModel } from '../../store/types';
import { openTinyVariant, type VariantFixture } from '../../test-fixtures';
import { EvaluateButton } from './EvaluateButton';
import { EvaluatePanel } from './EvaluatePanel';

let fx: VariantFixture;
beforeAll(async () => {
  fx = await openTinyVariant();
});

/** The tiny model with a 28×28 digit input instead of its own (what the panel's defaults read). */
function digitModel(model: OpenModel, inputRange?: '0..1' | '0..255'): OpenModel {
  const inputs = model.summary.inputs.map((t) => ({ ...t, shape: [1, 1, 28, 28], shapeText: '1×1×28×28' }));
  return { ...model, summary: { ...model.summary, inputs }, ...(inputRange ? { card: { inputRange } } : {}) };
}

/** An evaluation of ten classes, each 99 % right (one sample in a hundred taken for the next class). */
function resultOf(modelId: string, referenceId?: string): EvaluateResult {
  const n = 10;
  const confusion = Array.from({ length: n }, (_, t) =>
    Array.from({ length: n }, (_, p) => (p === t ? 99 : p === (t + 1) % n ? 1 : 0)),
  );
  const result: EvaluationResult = {
    samples: 1000,
    batches: 16,
    output: 'y',
    valuesPerSample: 10,
    notes: ["x's samples [28, 28] are fed as [1, 1, 28, 28]"],
    classification: {
      samples: 1000,
      classes: n,
      top1: referenceId ? 0.985 : 0.99,
      top5: 1,
      perClass: confusion.map((row, label) => ({ label, samples: 100, correct: row[label]!, top1: row[label]! / 100 })),
      confusion,
    },
    ...(referenceId
      ? { reference: { samples: 1000, agreement: 0.9934, mse: 2.5e-5, sqnr: 38.2, cosine: 0.99991, maxAbsError: 0.04 } }
      : {}),
    statistics: { count: 10_000, nonFinite: 0, min: -3, max: 9, mean: 0.1, std: 2 },
  };
  return {
    modelId,
    ...(referenceId ? { referenceId } : {}),
    data: 'mnist',
    runtime: 'test runtime',
    result,
    timings: { load: 10, run: 90, total: 100 },
  };
}

const PREVIEW: DataPreview = { samples: 10_000, input: 'x float32 [1, 1, 28, 28]', sampleShape: '1×28×28', images: [] };

interface Stub {
  readonly evaluate: ReturnType<typeof vi.fn>;
  readonly previewData: ReturnType<typeof vi.fn>;
}

/** An engine answering previews and evaluations at once (or, with `hold`, only when cancelled). */
function stubEngine(preview: DataPreview = PREVIEW, hold = false): Stub {
  const stub = {
    alive: true,
    previewData: vi.fn(async () => preview),
    evaluate: vi.fn((modelId: string, request: EvaluateRequest, options?: JobOptions) =>
      hold
        ? new Promise<EvaluateResult>((_, reject) =>
            options?.signal?.addEventListener('abort', () => reject(new EngineError('cancelled', 'cancelled'))),
          )
        : Promise.resolve(resultOf(modelId, request.referenceId)),
    ),
  };
  setEngine(stub as unknown as EngineClient);
  return stub;
}

beforeEach(() => {
  // The built-in digits, as the page would download them (the stub engine never reads them).
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(new Uint8Array([1, 2, 3]))),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setEngine(null);
  studioStore.setState(studioStore.getInitialState(), true);
});

function open(model: OpenModel = fx.model, withVariant = false) {
  studioStore.getState().setModel(model, fx.layout);
  if (withVariant)
    studioStore
      .getState()
      .addVariant(
        { ...fx.variant, summary: { ...fx.variant.summary, inputs: model.summary.inputs } },
        fx.variantLayout,
      );
  studioStore.getState().setEvaluateOpen(true);
  render(
    <>
      <EvaluateButton />
      <EvaluatePanel />
    </>,
  );
  return screen.getByRole('dialog', { name: 'Evaluate' });
}

describe('EvaluatePanel: the form', () => {
  it('a digit model starts on the built-in digits in its card’s pixel range, and shows the preview', async () => {
    const engine = stubEngine();
    const panel = within(open(digitModel(fx.model, '0..255')));
    expect((panel.getByRole('radio', { name: /Built-in MNIST digits/ }) as HTMLInputElement).checked).toBe(true);
    expect(panel.getByRole('button', { name: '0..255' }).getAttribute('aria-pressed')).toBe('true');
    expect(panel.getByTestId('evaluate-pixel-line').textContent).toMatch(/card gives/);
    expect((panel.getByRole('checkbox', { name: 'All samples' }) as HTMLInputElement).checked).toBe(true);
    expect((panel.getByRole('radio', { name: /The model shown/ }) as HTMLInputElement).checked).toBe(true);
    // "Evaluate all" needs a family.
    expect((panel.getByRole('radio', { name: /Evaluate all/ }) as HTMLInputElement).disabled).toBe(true);
    expect(await panel.findByText(/10,000 samples/)).toBeTruthy();
    const request = engine.previewData.mock.calls[0]![1] as EvaluateRequest;
    expect(request.source).toMatchObject({ kind: 'mnist', pixelScale: '0..255' });
    expect((panel.getByTestId('evaluate-run') as HTMLButtonElement).disabled).toBe(false);
  });

  it('an image model gets preprocessing fitted to its input, and Run waits for the images', () => {
    stubEngine();
    const panel = within(open());
    expect((panel.getByRole('radio', { name: /A folder of images/ }) as HTMLInputElement).checked).toBe(true);
    expect((panel.getByLabelText('Width') as HTMLInputElement).value).toBe('8');
    expect((panel.getByLabelText('Colour') as HTMLSelectElement).value).toBe('1');
    expect((panel.getByLabelText('Layout') as HTMLSelectElement).value).toBe('NCHW');
    expect((panel.getByTestId('evaluate-run') as HTMLButtonElement).disabled).toBe(true);
    expect(panel.getByTestId('evaluate-blocked').textContent).toMatch(/folder of images with one sub-folder per class/);
    fireEvent.change(panel.getByLabelText('Width'), { target: { value: '16' } });
    expect(studioStore.getState().evaluateForm.imageFields.width).toBe(16);
    fireEvent.click(panel.getByRole('button', { name: 'fit the model again' }));
    expect(studioStore.getState().evaluateForm.imageFields.width).toBeNull();
  });

  it('a dataset that does not fit the model: the preview says which dimension, and Run is blocked by it', async () => {
    const problem = 'digits.npz: x holds samples of [32, 32], but the model input "x" [1, 1, 28, 28] takes [28, 28]';
    stubEngine({ ...PREVIEW, problem });
    const panel = within(open(digitModel(fx.model)));
    expect((await panel.findByTestId('evaluate-data-problem')).textContent).toBe(problem);
    expect((panel.getByTestId('evaluate-run') as HTMLButtonElement).disabled).toBe(true);
    expect(panel.getByTestId('evaluate-blocked').textContent).toBe(problem);
  });
});

describe('EvaluatePanel: running and results', () => {
  it('Evaluate all runs the original, then the variant against it; both rows and the figures show', async () => {
    const engine = stubEngine();
    const panel = within(open(digitModel(fx.model), true));
    fireEvent.click(panel.getByRole('radio', { name: /Evaluate all/ }));
    await waitFor(() => expect((panel.getByTestId('evaluate-run') as HTMLButtonElement).disabled).toBe(false));
    expect(panel.getByTestId('evaluate-run').textContent).toBe('Evaluate all 2');
    fireEvent.click(panel.getByTestId('evaluate-run'));
    expect((await panel.findByTestId('evaluate-outcome')).dataset['status']).toBe('done');
    const ids = engine.evaluate.mock.calls.map((c) => [c[0], (c[1] as EvaluateRequest).referenceId]);
    expect(ids).toEqual([
      [fx.model.summary.modelId, undefined],
      [fx.variant.summary.modelId, fx.model.summary.modelId],
    ]);
    // The variant is shown: its figures, against the original.
    expect(panel.getByTestId('evaluate-top1').textContent).toBe('98.50 %');
    expect(panel.getByTestId('evaluate-top5').textContent).toBe('100.00 %');
    expect(panel.getByTestId('evaluate-agreement').textContent).toBe('99.34 %');
    expect(within(panel.getByTestId('evaluate-reference')).getByText('38.2 dB')).toBeTruthy();
    expect(panel.getByTestId('evaluate-results').textContent).toContain('MNIST digits (1,000, 0..1)');
    expect(panel.getByTestId('evaluate-notes').textContent).toContain('are fed as [1, 1, 28, 28]');
    const grid = panel.getByTestId('evaluate-confusion');
    expect(grid.querySelectorAll('tbody tr')).toHaveLength(10);
    expect(grid.querySelectorAll('tbody td')).toHaveLength(100);
    expect(within(grid).getAllByTitle(/^3 predicted as 4: 1 of 100$/)).toHaveLength(1);
    const rows = panel.getAllByTestId('evaluate-family-row');
    expect(rows.map((r) => r.querySelector('th')?.textContent)).toEqual(['Original', 'int8 weights']);
    expect(rows.map((r) => within(r).getByTestId('evaluate-family-top1').textContent)).toEqual(['99.00 %', '98.50 %']);
    expect(rows.map((r) => within(r).getByTestId('evaluate-family-agreement').textContent)).toEqual(['—', '99.34 %']);
    expect(rows[1]!.textContent).toContain('−0.50 pp');
    expect(Object.keys(studioStore.getState().evaluations)).toHaveLength(2);
  });

  it('Escape cancels a running evaluation; the form stays as it was', async () => {
    stubEngine(PREVIEW, true);
    const panel = within(open(digitModel(fx.model)));
    fireEvent.click(panel.getByRole('button', { name: '0..255' }));
    await waitFor(() => expect((panel.getByTestId('evaluate-run') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(panel.getByTestId('evaluate-run'));
    expect(await panel.findByRole('progressbar', { name: 'Evaluating' })).toBeTruthy();
    await waitFor(() => expect(panel.getByTestId('evaluate-phase').dataset['phase']).toBe('read'));
    act(() => {
      fireEvent.keyDown(window, { key: 'Escape' });
    });
    const outcome = await panel.findByTestId('evaluate-outcome');
    expect(outcome.dataset['status']).toBe('cancelled');
    expect(studioStore.getState().evaluateOpen).toBe(true);
    expect(studioStore.getState().evaluateForm.pixelScale).toBe('0..255');
    expect(panel.getByRole('button', { name: '0..255' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('unlabelled data: output statistics instead of accuracy', () => {
    stubEngine();
    const base = resultOf(fx.model.summary.modelId);
    const { classification: _, ...unlabelled } = base.result;
    const panel = within(open());
    act(() =>
      studioStore.getState().setEvaluation({
        modelId: fx.model.summary.modelId,
        result: { ...base, result: unlabelled },
        dataLabel: 'features.csv (1,000 samples)',
        finishedAt: 0,
      }),
    );
    expect(panel.getByTestId('evaluate-unlabelled').textContent).toMatch(/no class labels/);
    expect(panel.getByTestId('evaluate-statistics').textContent).toContain('0.1 ± 2');
    expect(panel.queryByTestId('evaluate-confusion')).toBeNull();
  });

  it('E opens and closes the panel; opening the quantize panel closes it', () => {
    stubEngine();
    open();
    act(() => {
      fireEvent.keyDown(window, { key: 'e' });
    });
    expect(studioStore.getState().evaluateOpen).toBe(false);
    act(() => {
      fireEvent.keyDown(window, { key: 'e' });
    });
    expect(studioStore.getState().evaluateOpen).toBe(true);
    act(() => studioStore.getState().setQuantizeOpen(true));
    expect(studioStore.getState().evaluateOpen).toBe(false);
  });
});
